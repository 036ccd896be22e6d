// kit engagement new | add | summary in-process through main(): the folder, one file per image, bad
// files named on one line with the good ones kept, newer scans replacing older ones, the image naming
// rule, and summary --json agreeing with kit summary and kit gate on the same files.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseEngagementConfig } from '../../core/engagement/config.ts'
import { engagementImageName, reportFileName } from '../../core/engagement/images.ts'
import { readReportFile } from '../../core/files.ts'
import { POKEMONGO, report as fixture } from './core-test-helpers.ts'
import { kit } from './cli-test-helpers.ts'

const root = mkdtempSync(join(tmpdir(), 'kit-engagement-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = () => join(root, `e${++n}`)
const PROD_GATE = 'snippets/policies/prod-gate.json'
const ALPINE38 = fixture('aqua/postee-alpine-3.8.json')
const ALPINE39 = fixture('trivy/alpine-39.json')
const UNNAMED = fixture('trivy/defectdojo-realworld-debian-10.13.json')

/** Every file under a folder with its bytes, to prove a failed add changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[p.slice(dir.length)] = readFileSync(p, 'base64')
    }
  }
  walk(dir)
  return out
}

async function newEngagement(policy = true): Promise<string> {
  const dir = fresh()
  const r = await kit('engagement', 'new', dir, '--customer', 'Example Customer', '--consultant', 'A. Consultant', '--start', '2026-12-07', '--end', '2026-12-08', ...(policy ? ['--policy', PROD_GATE] : []))
  expect(r.code, r.stderr).toBe(0)
  return dir
}

describe('kit engagement new', () => {
  it('creates engagement.yaml, reports/ and policies/ with the policies in play', async () => {
    const dir = await newEngagement()
    expect(existsSync(join(dir, 'reports'))).toBe(true)
    const config = parseEngagementConfig(readFileSync(join(dir, 'engagement.yaml'), 'utf8'), 'engagement.yaml')
    expect(config).toMatchObject({ version: 1, customer: 'Example Customer', consultant: 'A. Consultant', dates: { start: '2026-12-07', end: '2026-12-08' }, policies: ['prod-gate'] })
    expect(readdirSync(join(dir, 'policies'))).toEqual(['prod-gate.json'])
  })

  it('refuses a folder that is already an engagement, and changes nothing', async () => {
    const dir = await newEngagement()
    const before = snapshot(dir)
    const r = await kit('engagement', 'new', dir, '--customer', 'Other')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('already an engagement folder')
    expect(snapshot(dir)).toEqual(before)
  })

  it('refuses a folder git would track (inside the repository, not under engagements/)', async () => {
    const inRepo = join('tests', `engagement-in-repo-${process.pid}`)
    const r = await kit('engagement', 'new', inRepo, '--customer', 'Example')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('not git-ignored: customer data must never enter git')
    expect(existsSync(inRepo)).toBe(false)
    const ignored = join('engagements', `test-${process.pid}`)
    try {
      expect((await kit('engagement', 'new', ignored, '--customer', 'Example')).code).toBe(0)
    } finally {
      rmSync(ignored, { recursive: true, force: true })
    }
  })

  it('needs --customer; an unknown flag is one line and exit 2; --help on each subcommand', async () => {
    expect((await kit('engagement', 'new', fresh())).stderr).toContain('--customer')
    const bad = await kit('engagement', 'add', fresh(), '--force')
    expect(bad.code).toBe(2)
    expect(bad.stderr.split('\n')[0]).toBe('kit engagement add: unknown option --force')
    for (const sub of ['new', 'add', 'pull', 'summary']) {
      const h = await kit('engagement', sub, '--help')
      expect(h.code).toBe(0)
      expect(h.stdout).toMatch(new RegExp(`^Usage: kit engagement ${sub} `))
    }
  })

  it('a policy in play with no file under policies/ is named by its field', async () => {
    const dir = await newEngagement()
    rmSync(join(dir, 'policies', 'prod-gate.json'))
    const r = await kit('engagement', 'summary', dir, '--json')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('$.policies[0]')
    expect(r.stderr).toContain('"prod-gate" is in play but no file under policies/ holds it')
  })

  it('names the field of a bad engagement.yaml', async () => {
    const dir = await newEngagement()
    writeFileSync(join(dir, 'engagement.yaml'), 'version: 1\ncustomer: X\nconsultant: Y\ndates: {start: "2026-12-08", end: "2026-13-01"}\npolicies: []\n')
    const r = await kit('engagement', 'summary', dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('engagement.yaml')
    expect(r.stderr).toContain('$.dates.end')
  })
})

describe('kit engagement add', () => {
  it('copies good files byte for byte, lists each bad one on one line, exit 2, and keeps the good ones', async () => {
    const dir = await newEngagement()
    const mixed = join(root, `mixed${n}`)
    mkdirSync(mixed)
    cpSync(ALPINE38, join(mixed, 'alpine-38.json'))
    cpSync(ALPINE39, join(mixed, 'alpine-39.json'))
    writeFileSync(join(mixed, 'grype.json'), readFileSync(fixture('other/ubuntu-14.04.grype-0.63.0-match-labels.jsonl'), 'utf8').split('\n')[0]!)
    writeFileSync(join(mixed, 'sarif.json'), JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [] }))
    writeFileSync(join(mixed, 'cyclonedx.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [] }))
    writeFileSync(join(mixed, 'truncated.json'), readFileSync(ALPINE39, 'utf8').slice(0, 2000))
    writeFileSync(join(mixed, 'empty.json'), '')
    const r = await kit('engagement', 'add', dir, mixed)
    expect(r.code).toBe(2)
    const bad = r.stderr.split('\n')
    expect(bad).toHaveLength(5)
    for (const [file, why] of [
      ['cyclonedx.json', 'CycloneDX'],
      ['empty.json', 'empty'],
      ['grype.json', ''],
      ['sarif.json', 'SARIF'],
      ['truncated.json', 'truncated'],
    ] as const) {
      const line = bad.find((l) => l.includes(join(mixed, file)))
      expect(line, file).toBeDefined()
      expect(line).toContain(why)
      expect(line).toMatch(/at \$[.\w[\]]*: expected /)
    }
    const stored = readdirSync(join(dir, 'reports'))
    expect(stored).toHaveLength(2)
    expect(readFileSync(join(dir, 'reports', reportFileName('alpine:3.8')))).toEqual(readFileSync(ALPINE38))
    expect(r.stdout).toContain('2 added, 0 replaced, 0 kept as they were, 5 bad')
  })

  it('a bad file leaves everything the folder already held unchanged', async () => {
    const dir = await newEngagement()
    await kit('engagement', 'add', dir, ALPINE38)
    const before = snapshot(dir)
    const broken = join(root, `broken${n}.json`)
    writeFileSync(broken, '{"SchemaVersion": 2, "ArtifactName": "alpine:3.8", "Results": [')
    const r = await kit('engagement', 'add', dir, broken)
    expect(r.code).toBe(2)
    expect(snapshot(dir)).toEqual(before)
  })

  it('a newer scan of the same image replaces the older and says so; an older one is not copied', async () => {
    const dir = await newEngagement()
    const doc = JSON.parse(readFileSync(ALPINE38, 'utf8')) as { scan_started: { seconds: number } }
    const older = join(root, `older${n}.json`)
    const newer = join(root, `newer${n}.json`)
    writeFileSync(older, JSON.stringify(doc))
    writeFileSync(newer, JSON.stringify({ ...doc, scan_started: { seconds: doc.scan_started.seconds + 86_400, nanos: 0 } }))
    expect((await kit('engagement', 'add', dir, older)).stdout).toContain('added     alpine:3.8')
    const replaced = await kit('engagement', 'add', dir, newer)
    expect(replaced.stdout).toMatch(/replaced  alpine:3\.8: .*newer.* replaces the scan kept before \(scanned 2020-05-11/)
    expect(readFileSync(join(dir, 'reports', reportFileName('alpine:3.8')), 'utf8')).toBe(readFileSync(newer, 'utf8'))
    const kept = await kit('engagement', 'add', dir, older)
    expect(kept.code).toBe(0)
    expect(kept.stdout).toContain('is an older scan')
    expect(readFileSync(join(dir, 'reports', reportFileName('alpine:3.8')), 'utf8')).toBe(readFileSync(newer, 'utf8'))
    expect(readdirSync(join(dir, 'reports'))).toHaveLength(1)
  })

  it('names an image its report leaves unnamed after its file, the same in add, the stored file and summary', async () => {
    const dir = await newEngagement()
    const scan = await readReportFile(UNNAMED)
    const src = join(root, `my scan ${n}.json`)
    // The same real report with its image names removed.
    const doc = JSON.parse(readFileSync(UNNAMED, 'utf8')) as Record<string, unknown> & { Metadata?: Record<string, unknown> }
    writeFileSync(src, JSON.stringify({ ...doc, ArtifactName: '', Metadata: { ...doc.Metadata, RepoTags: [] }, Results: (doc.Results as Array<Record<string, unknown>>).map((r) => ({ ...r, Target: '' })) }))
    const unnamed = await readReportFile(src)
    expect(unnamed.image).toBe('')
    const name = engagementImageName(unnamed, src)
    expect(name).toBe(`my_scan_${n}`)
    const r = await kit('engagement', 'add', dir, src)
    expect(r.stdout).toContain(`added     ${name} from`)
    expect(r.stdout).toContain('named after its file')
    expect(readdirSync(join(dir, 'reports'))).toEqual([`${name}.json`])
    const summary = JSON.parse((await kit('engagement', 'summary', dir, '--json')).stdout) as { images: Array<{ image: string; vulnerabilities: { total: number } }> }
    expect(summary.images.map((i) => i.image)).toEqual([name])
    expect(summary.images[0]!.vulnerabilities.total).toBe(scan.findings.length)
  })

  it('two adds at the same time leave every report whole and readable', async () => {
    const dir = await newEngagement()
    const a = join(root, `conc-a${n}`)
    const b = join(root, `conc-b${n}`)
    for (const d of [a, b]) mkdirSync(d)
    for (const f of readdirSync(fixture('trivy'))) cpSync(join(fixture('trivy'), f), join(a, f))
    for (const f of readdirSync(fixture('aqua'))) cpSync(join(fixture('aqua'), f), join(b, f))
    cpSync(ALPINE38, join(a, 'same-image.json'))
    const [ra, rb] = await Promise.all([kit('engagement', 'add', dir, a), kit('engagement', 'add', dir, b)])
    expect(ra.code).toBe(0)
    expect(rb.code).toBe(0)
    const names = readdirSync(join(dir, 'reports'))
    expect(names.some((x) => x.endsWith('.tmp'))).toBe(false)
    for (const name of names) await readReportFile(join(dir, 'reports', name))
    const s = await kit('engagement', 'summary', dir, '--json')
    expect(s.code, s.stderr).toBe(0)
    expect((JSON.parse(s.stdout) as { images: unknown[] }).images).toHaveLength(names.length)
  })
})

describe('kit engagement summary --json', () => {
  it('has exactly the agreed shape, counts as kit summary, verdicts as kit gate', async () => {
    const dir = await newEngagement()
    const files = [ALPINE38, ALPINE39, POKEMONGO, fixture('trivy/ubuntu-1804.json'), fixture('aqua/defectdojo-scannercli-debian-10-azurecr.json')]
    expect((await kit('engagement', 'add', dir, ...files)).code).toBe(0)
    for (const pass of ['computed', 'cached']) {
      const r = await kit('engagement', 'summary', dir, '--json')
      expect(r.code, `${pass}: ${r.stderr}`).toBe(0)
      const summary = JSON.parse(r.stdout) as { customer: string; policies: string[]; images: Array<Record<string, unknown>> }
      expect(Object.keys(summary)).toEqual(['customer', 'policies', 'images'])
      expect(summary.customer).toBe('Example Customer')
      expect(summary.policies).toEqual(['prod-gate'])
      expect(summary.images).toHaveLength(files.length)
      for (const file of files) {
        const one = JSON.parse((await kit('summary', file, '--json')).stdout) as { image: string; format: string; vulnerabilities: unknown; fixable: number }
        const gate = await kit('gate', '--policy', PROD_GATE, file)
        const row = summary.images.find((i) => i.image === one.image)
        expect(row, one.image).toBeDefined()
        expect(Object.keys(row!)).toEqual(['image', 'format', 'vulnerabilities', 'fixable', 'verdict'])
        expect(row).toEqual({ image: one.image, format: one.format, vulnerabilities: one.vulnerabilities, fixable: one.fixable, verdict: gate.code === 0 ? 'compliant' : 'non-compliant' })
      }
      expect(new Set(summary.images.map((i) => i.verdict)).size).toBe(2)
    }
  })

  it('a policy change is seen at once (the cache is keyed by the policies)', async () => {
    const dir = await newEngagement()
    await kit('engagement', 'add', dir, POKEMONGO)
    const before = JSON.parse((await kit('engagement', 'summary', dir, '--json')).stdout) as { images: Array<{ verdict: string }> }
    expect(before.images[0]!.verdict).toBe('non-compliant')
    const policy = JSON.parse(readFileSync(PROD_GATE, 'utf8')) as Record<string, unknown>
    writeFileSync(join(dir, 'policies', 'prod-gate.json'), JSON.stringify({ ...policy, fail_cicd: false, block_failed: false, audit_on_failure: true }))
    const after = JSON.parse((await kit('engagement', 'summary', dir, '--json')).stdout) as { images: Array<{ verdict: string }> }
    expect(after.images[0]!.verdict).toBe('compliant')
  })

  it('keeps names with HTML as text, and names a report someone broke by hand on one line', async () => {
    const dir = await newEngagement(false)
    const doc = JSON.parse(readFileSync(ALPINE38, 'utf8')) as Record<string, unknown>
    const html = join(root, `html${n}.json`)
    writeFileSync(html, JSON.stringify({ ...doc, image: '<img src=x onerror=alert(1)>:1' }))
    await kit('engagement', 'add', dir, html)
    writeFileSync(join(dir, 'reports', 'hand-edited.json'), '{"SchemaVersion": 2, "Results": [{"Target": 3}]}')
    const r = await kit('engagement', 'summary', dir, '--json')
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('hand-edited.json')
    expect(r.stderr).toContain('$.Results[0].Target')
    const summary = JSON.parse(r.stdout) as { policies: string[]; images: Array<{ image: string; verdict: string }> }
    expect(summary.images).toEqual([expect.objectContaining({ image: '<img src=x onerror=alert(1)>:1', verdict: 'compliant' })])
    expect(summary.policies).toEqual([])
  })
})
