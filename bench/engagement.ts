// Benchmarks for engagements: `kit engagement add` of a 5,000-image engagement and
// `kit engagement summary --json` over it, each timed as the real command in its own Node process.
// The images are made of real findings from data/reports repeated (about 200 per image, nothing
// invented): half Aqua scanner JSON, half Trivy JSON, each with its own image name.
//
// Then the kit built for it (issue 12 point 3): deck 03 built with and without the engagement
// (buildExtraSeconds), what its impact slide downloads in Chromium, gzip (impactDownloadGzipBytes),
// and the median time of a PolicyImpact switch over all images, click to DOM updated and laid out (toggleMs),
// beside the first switch of each control, before any of its results are kept (toggleFirstMs).
//
//   tsx bench/engagement.ts [--images 5000] [--no-ui]   prints the figures (--no-ui: add and summary only)
//   benchEngagement()                                    returns them (for scripts/bench.ts)
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
  /** Seconds the build of deck 03 takes with the engagement more than without (its data prepared once, included). */
  buildExtraSeconds?: number
  buildWithSeconds?: number
  buildWithoutSeconds?: number
  /** Everything the impact slide downloads (fresh browser, deck opened on that slide), gzip-compressed. */
  impactDownloadGzipBytes?: number
  impactDownloadRawBytes?: number
  /** Median of PolicyImpact switch toggles over all images, from the click to the DOM updated and laid out, in Chromium. */
  toggleMs?: number
  /** Median of the first switch of each offered control, once idle time has prepared it (data-prepared). */
  toggleFirstMs?: number
  /** From the slide's sentence shown to every offered control's next switch prepared, in idle time. */
  impactPrepareMs?: number
  /** One-minute load average after measuring. */
  loadAverage: number
}

const IMPACT_DECK = '03-image-assurance'
const IMPACT_TITLE = 'Your images: the impact of one control'
const TOGGLES = 21

/** Deck 03 built without and with the engagement, into folders under `work`. */
async function timeBuilds(engagement: string, work: string): Promise<{ without: number; with: number; site: string }> {
  const { build } = await import('../scripts/build.ts')
  const { listDecks } = await import('../scripts/decks.ts')
  const once = async (distDir: string, withEngagement: boolean): Promise<number> => {
    const t = performance.now()
    const report = await build({ only: [IMPACT_DECK], pdf: false, labs: false, ifStale: false, distDir, decks: listDecks(), ...(withEngagement ? { engagement } : {}) })
    if (report.failures.length) throw new Error(`deck ${IMPACT_DECK} did not build: ${report.failures.join('; ')}`)
    return (performance.now() - t) / 1000
  }
  const without = await once(join(work, 'site-without'), false)
  const site = join(work, 'site-with')
  return { without, with: await once(site, true), site }
}

/** The impact slide's download (gzip and raw) and the median toggle time, in Chromium. */
async function measureImpactSlide(site: string): Promise<{ gzipBytes: number; rawBytes: number; toggleMs: number; toggleFirstMs: number; prepareMs: number }> {
  const { chromium } = await import('@playwright/test')
  const { gzipSync } = await import('node:zlib')
  const { launchOptions } = await import('../scripts/browser.ts')
  const { listDecks, loadSlides } = await import('../scripts/decks.ts')
  const { serveStatic } = await import('../scripts/server.ts')
  const deck = listDecks().find((d) => d.id === IMPACT_DECK)!
  const no = (await loadSlides(deck, { engagement: true })).find((s) => s.title === IMPACT_TITLE)?.no
  if (!no) throw new Error(`no slide "${IMPACT_TITLE}" in ${IMPACT_DECK}`)
  const server = await serveStatic(site, 0)
  const browser = await chromium.launch(launchOptions())
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const bodies: Promise<Buffer | null>[] = []
    page.on('response', (response) => void bodies.push(response.body().catch(() => null)))
    await page.goto(`${server.url}/${IMPACT_DECK}/#/${no}`, { waitUntil: 'networkidle' })
    const slide = page.locator(`[data-slidev-no="${no}"]`)
    await slide.locator('.kit-engagement-ready [data-impact-sentence]').waitFor({ timeout: 600_000 })
    await page.waitForLoadState('networkidle')
    // Live, the presenter talks before the first click: PolicyImpact prepares each control's next
    // switch in that idle time, and says when it is done (data-prepared).
    const shown = performance.now()
    await slide.locator('[data-component="policy-impact"][data-prepared="true"]').waitFor({ timeout: 120_000 })
    const prepareMs = performance.now() - shown
    const all = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null)
    // Page code as text: the bench runs under tsx, whose helpers do not exist in the page.
    const times = (await page.evaluate(`(async () => {
      const root = document.querySelector('[data-slidev-no="${no}"]')
      const button = root.querySelector('[data-control="max_severity"]')
      const sentence = root.querySelector('[data-impact-sentence]')
      const settle = async () => {
        // Vue patches the DOM in a microtask; a macrotask later it is done, then layout is forced.
        // (Waiting for the next frame would measure the display's refresh interval, not the work.)
        await new Promise((resolve) => setTimeout(resolve, 0))
        void root.offsetHeight
      }
      // First the first switch of each offered control (nothing kept for it yet), each turned back.
      const first = []
      for (const other of root.querySelectorAll('[data-control]')) {
        const t = performance.now()
        other.click()
        await settle()
        first.push(performance.now() - t)
        other.click()
        await settle()
      }
      const out = []
      for (let i = 0; i < ${TOGGLES}; i++) {
        const before = button.getAttribute('aria-checked')
        const t = performance.now()
        button.click()
        await settle()
        if (button.getAttribute('aria-checked') === before || !sentence.textContent) throw new Error('the switch did not toggle')
        out.push(performance.now() - t)
      }
      return { out, first }
    })()`)) as { out: number[]; first: number[] }
    const median = (list: number[]) => list.slice().sort((a, b) => a - b)[Math.floor(list.length / 2)]!
    return { gzipBytes: all.reduce((n, b) => n + gzipSync(b).length, 0), rawBytes: all.reduce((n, b) => n + b.length, 0), toggleMs: median(times.out), toggleFirstMs: median(times.first), prepareMs }
  } finally {
    await browser.close()
    await server.close()
  }
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

export async function benchEngagement(options: { images?: number; perImage?: number; ui?: boolean } = {}): Promise<EngagementBench> {
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
    // Cold = the first summary after the policies change: the rows go, each report's facts (which no
    // policy changes) stay, as they would.
    rmSync(join(dir, '.cache', 'images.json'), { force: true })
    const cold = timeInChild('summary', [dir])
    let ui: Partial<EngagementBench> = {}
    if (options.ui !== false) {
      const builds = await timeBuilds(dir, work)
      const impact = await measureImpactSlide(builds.site)
      ui = {
        buildExtraSeconds: round(builds.with - builds.without),
        buildWithSeconds: round(builds.with),
        buildWithoutSeconds: round(builds.without),
        impactDownloadGzipBytes: impact.gzipBytes,
        impactDownloadRawBytes: impact.rawBytes,
        toggleMs: round(impact.toggleMs),
        toggleFirstMs: round(impact.toggleFirstMs),
        impactPrepareMs: round(impact.prepareMs),
      }
    }
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
      ...ui,
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
  const { values } = parseScriptArgs(process.argv.slice(2), { images: { type: 'string' }, 'no-ui': { type: 'boolean' } }, 'tsx bench/engagement.ts [--images <count>] [--no-ui]')
  const r = await benchEngagement({ ...(values.images === undefined ? {} : { images: Number(values.images) }), ui: values['no-ui'] !== true })
  console.log(
    `engagement of ${r.images} images × ${r.findingsPerImage} findings (${(r.bytes / 1e6).toFixed(0)} MB): add ${r.addSeconds} s, CPU ${r.addCpuSeconds} s (budget 60 s); summary --json ${r.summarySeconds} s, CPU ${r.summaryCpuSeconds} s (budget 5 s); ${r.summaryColdSeconds} s, CPU ${r.summaryColdCpuSeconds} s with every report read again; load average ${r.loadAverage}`,
  )
  if (r.toggleMs !== undefined) {
    console.log(
      `deck ${IMPACT_DECK}: build ${r.buildWithSeconds} s with, ${r.buildWithoutSeconds} s without (extra ${r.buildExtraSeconds} s, budget 30 s); impact slide download ${((r.impactDownloadGzipBytes ?? 0) / 1e6).toFixed(2)} MB gzip (budget 5 MB), ${((r.impactDownloadRawBytes ?? 0) / 1e6).toFixed(2)} MB raw; toggle median ${r.toggleMs} ms (budget 16 ms), first switch of a control ${r.toggleFirstMs} ms once prepared (${r.impactPrepareMs} ms of idle time after the slide shows)`,
    )
  }
  console.log(JSON.stringify(r))
}
