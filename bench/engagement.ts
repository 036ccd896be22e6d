// Benchmarks for engagements: `kit engagement add` of a 5,000-image engagement and
// `kit engagement summary --json` over it, each timed as the real command in its own Node process.
// The images are made of real findings from data/reports repeated (about 200 per image, nothing
// invented): half Aqua scanner JSON, half Trivy JSON, each with its own image name.
//
//   tsx bench/engagement.ts [--images 5000]   prints the figures
//   benchEngagement()                          returns them (for scripts/bench.ts)
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseScriptArgs } from '../cli/args.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const REPORTS = join(ROOT, 'data', 'reports')
const KIT = join(ROOT, 'cli', 'kit.ts')

export interface EngagementBench {
  images: number
  findingsPerImage: number
  /** Bytes of report files added. */
  bytes: number
  /** Wall time of `kit engagement add <dir> <folder of all files>` (its code, in a fresh process). */
  addSeconds: number
  /** CPU time of the same: less sensitive to other load on the machine. */
  addCpuSeconds: number
  /** Wall time of `kit engagement summary --json` right after the add (rows recorded by add). */
  summarySeconds: number
  summaryCpuSeconds: number
  /** The same with no recorded rows (first summary after the policies change): every report read again. */
  summaryColdSeconds: number
  summaryColdCpuSeconds: number
  /** One-minute load average after measuring. */
  loadAverage: number
}

type Json = Record<string, unknown>

/** Every (resource, vulnerability) pair of the real Aqua reports. */
function aquaPairs(): Array<{ resource: Json; vulnerability: Json }> {
  const out: Array<{ resource: Json; vulnerability: Json }> = []
  for (const file of readdirSync(join(REPORTS, 'aqua')).sort()) {
    const doc = JSON.parse(readFileSync(join(REPORTS, 'aqua', file), 'utf8')) as { resources?: Array<{ resource: Json; vulnerabilities?: Json[] }> }
    for (const r of doc.resources ?? []) for (const v of r.vulnerabilities ?? []) out.push({ resource: r.resource, vulnerability: v })
  }
  return out
}

function trivyVulnerabilities(): Json[] {
  const out: Json[] = []
  for (const file of readdirSync(join(REPORTS, 'trivy')).sort()) {
    const doc = JSON.parse(readFileSync(join(REPORTS, 'trivy', file), 'utf8')) as { Results?: Array<{ Vulnerabilities?: Json[] | null }> }
    for (const r of doc.Results ?? []) out.push(...(r.Vulnerabilities ?? []))
  }
  return out
}

/** Writes `images` report files into `folder`; returns their total size. */
export function writeSyntheticEngagement(folder: string, images = 5000, perImage = 200): number {
  mkdirSync(folder, { recursive: true })
  const aqua = aquaPairs()
  const trivy = trivyVulnerabilities()
  const aquaBase = JSON.parse(readFileSync(join(REPORTS, 'aqua', 'postee-pokemongo-map-alpine-3.4.0.json'), 'utf8')) as Json
  const trivyBase = JSON.parse(readFileSync(join(REPORTS, 'trivy', 'alpine-39.json'), 'utf8')) as Json & { Results: Json[] }
  let bytes = 0
  for (let i = 0; i < images; i++) {
    const name = `bench/engagement-${String(i).padStart(4, '0')}:1.0`
    let text: string
    if (i % 2 === 0) {
      const pairs = Array.from({ length: perImage }, (_, j) => aqua[(i + j) % aqua.length]!)
      text = JSON.stringify({ ...aquaBase, image: name, vulnerability_summary: undefined, resources: pairs.map((p) => ({ resource: p.resource, scanned: true, vulnerabilities: [p.vulnerability] })) })
    } else {
      const vulns = Array.from({ length: perImage }, (_, j) => trivy[(i + j) % trivy.length]!)
      text = JSON.stringify({ ...trivyBase, ArtifactName: name, Results: [{ ...trivyBase.Results[0], Vulnerabilities: vulns }] })
    }
    writeFileSync(join(folder, `image-${i}.json`), text)
    bytes += Buffer.byteLength(text)
  }
  return bytes
}

/**
 * Runs the command's own code (the same function the kit command calls) in a fresh Node process and
 * returns its wall and CPU time, without Node's start-up, which on a loaded machine is seconds of noise.
 */
function timeInChild(mode: 'add' | 'summary', args: string[]): { seconds: number; cpuSeconds: number } {
  const self = fileURLToPath(import.meta.url)
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, `--child-${mode}`, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const r = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; cpuMs: number }
  return { seconds: r.ms / 1000, cpuSeconds: r.cpuMs / 1000 }
}

async function child(mode: string, args: string[]): Promise<void> {
  const { addToEngagement } = await import('../core/engagement/add.ts')
  const { summarizeEngagement } = await import('../core/engagement/folder.ts')
  const cpu0 = process.cpuUsage()
  const t = performance.now()
  if (mode === 'add') {
    const r = await addToEngagement(args[0]!, [args[1]!])
    if (r.outcomes.some((o) => o.kind === 'bad') || r.diskFull) throw new Error('a synthetic report did not add')
  } else {
    const r = await summarizeEngagement(args[0]!)
    // What the command prints, so the JSON text is part of the measure.
    JSON.stringify(r.summary, null, 2)
  }
  const ms = performance.now() - t
  const cpu = process.cpuUsage(cpu0)
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`)
}

const round = (n: number) => Math.round(n * 100) / 100

export async function benchEngagement(options: { images?: number; perImage?: number } = {}): Promise<EngagementBench> {
  const images = options.images ?? 5000
  const perImage = options.perImage ?? 200
  const work = join(tmpdir(), `kit-bench-engagement-${process.pid}`)
  const input = join(work, 'exports')
  const dir = join(work, 'engagement')
  try {
    const bytes = writeSyntheticEngagement(input, images, perImage)
    execFileSync(process.execPath, ['--import', 'tsx', KIT, 'engagement', 'new', dir, '--customer', 'Bench', '--policy', join(ROOT, 'snippets', 'policies', 'prod-gate.json')], { cwd: ROOT, stdio: 'ignore' })
    const add = timeInChild('add', [dir, input])
    const summary = timeInChild('summary', [dir])
    rmSync(join(dir, '.cache'), { recursive: true, force: true })
    const cold = timeInChild('summary', [dir])
    return {
      images,
      findingsPerImage: perImage,
      bytes,
      addSeconds: round(add.seconds),
      addCpuSeconds: round(add.cpuSeconds),
      summarySeconds: round(summary.seconds),
      summaryCpuSeconds: round(summary.cpuSeconds),
      summaryColdSeconds: round(cold.seconds),
      summaryColdCpuSeconds: round(cold.cpuSeconds),
      loadAverage: round(loadavg()[0]!),
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]
const childMode = process.argv.find((a) => a.startsWith('--child-'))
if (isMain && childMode) {
  await child(childMode.slice('--child-'.length), process.argv.slice(process.argv.indexOf(childMode) + 1))
} else if (isMain) {
  const { values } = parseScriptArgs(process.argv.slice(2), { images: { type: 'string' } }, 'tsx bench/engagement.ts [--images <count>]')
  const r = await benchEngagement(values.images === undefined ? {} : { images: Number(values.images) })
  console.log(
    `engagement of ${r.images} images × ${r.findingsPerImage} findings (${(r.bytes / 1e6).toFixed(0)} MB): add ${r.addSeconds} s, CPU ${r.addCpuSeconds} s (budget 60 s); summary --json ${r.summarySeconds} s, CPU ${r.summaryCpuSeconds} s (budget 5 s); ${r.summaryColdSeconds} s, CPU ${r.summaryColdCpuSeconds} s with every report read again; load average ${r.loadAverage}`,
  )
  console.log(JSON.stringify(r))
}
