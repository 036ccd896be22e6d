// The kit built for an engagement, shared by the engagement specs: decks 02, 03 (with its PDF) and
// 04 built once per run for a copy of engagements/example-public (never the fixture itself) into a
// temp --out, served by the kit's own static server. The same-string rule is checked against
// `kit engagement summary --json` of that copy.
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EngagementSummary } from '../../core/engagement/images.ts'
import { build, type BuildReport } from '../../scripts/build.ts'
import { listDecks, ROOT } from '../../scripts/decks.ts'

export const ENGAGEMENT_DECKS = ['02-vulnerability-scanning', '03-image-assurance', '04-cicd-integration']

/** A copy of a committed fixture engagement in a temp folder. */
export async function copyFixture(name: 'example-public' | 'example-other'): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), `kit-${name}-`)), name)
  await cp(join(ROOT, 'engagements', name), dir, { recursive: true })
  return dir
}

function kit(...args: string[]): string {
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  return execFileSync(process.execPath, [tsx, join(ROOT, 'cli', 'kit.ts'), ...args], { cwd: ROOT, encoding: 'utf8' })
}

/** `kit engagement summary <dir> --json`, run as a consultant runs it. */
export function engagementSummary(dir: string): EngagementSummary {
  return JSON.parse(kit('engagement', 'summary', dir, '--json')) as EngagementSummary
}

/**
 * Adds a real public report (DefectDojo's Trivy scan) with its image names removed, findings as they
 * are, under a file name of our choosing: an image its report leaves unnamed is named after its file,
 * so the engagement holds one image name (`name`) that no public data of the kit carries — what a
 * confidentiality test can look for in a build's output.
 */
export async function addUniqueImage(dir: string, name: string): Promise<void> {
  const file = join(await mkdtemp(join(tmpdir(), 'kit-unique-')), `${name}.json`)
  const doc = JSON.parse(await readFile(join(ROOT, 'data', 'reports', 'trivy', 'defectdojo-realworld-debian-10.13.json'), 'utf8')) as Record<string, unknown> & { Metadata?: Record<string, unknown>; Results: Array<Record<string, unknown>> }
  await writeFile(file, JSON.stringify({ ...doc, ArtifactName: '', Metadata: { ...doc.Metadata, RepoTags: [] }, Results: doc.Results.map((r) => ({ ...r, Target: '' })) }))
  kit('engagement', 'add', dir, file)
}

/** Builds decks into `out` (with or without an engagement); throws with the build's problems. */
export async function buildDecks(out: string, decks: string[], options: { engagement?: string; pdf?: boolean } = {}): Promise<BuildReport> {
  const report = await build({
    only: decks,
    pdf: options.pdf ?? false,
    labs: false,
    ifStale: true,
    distDir: out,
    // The section decks only: no day decks are written into .kit/ for the test engagement.
    decks: listDecks(),
    ...(options.engagement ? { engagement: options.engagement } : {}),
  })
  if (report.failures.length) throw new Error(report.failures.join('\n'))
  return report
}
