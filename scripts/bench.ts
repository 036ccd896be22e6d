// `npm run bench`: how fast the kit builds and exports, how much JavaScript a deck loads before its
// first slide, and how fast the policy engine is. Slidev's own starter deck is built and exported
// in the same run, so the ratios hold on a noisy machine. Writes bench/results.json.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { benchEngagement } from '../bench/engagement.ts'
import { benchEngine } from '../bench/engine.ts'
import { launchOptions } from './browser.ts'
import { build } from './build.ts'
import { listDecks, loadSlides, ROOT, type Deck } from './decks.ts'
import { exportDeck, launchExportBrowser } from './export-pdf.ts'
import { step } from './progress.ts'
import { serveStatic } from './server.ts'
import { spawnSync } from 'node:child_process'

const WORK = join(ROOT, 'bench', 'work')
const TARGETS = { buildSecondsPerSlide: 0.5, exportSecondsPerPage: 0.5, firstSlideJsRawBytes: 1.5e6, engineEvaluateMs: 16, parse50MbMs: 1000, parse50MbPeakMb: 500, parse50MbRatioToJsonParse: 1.2, addSeconds: 60, summarySeconds: 5, buildExtraSeconds: 30, impactDownloadGzipBytes: 5e6, toggleMs: 16 }

interface FirstSlideJs {
  deck: string
  rawBytes: number
  gzipBytes: number
}

/** JavaScript fetched from opening a deck until its first slide has rendered and the network is idle. */
async function firstSlideJs(siteUrl: string, decks: Deck[]): Promise<FirstSlideJs[]> {
  const browser = await chromium.launch(launchOptions())
  const results: FirstSlideJs[] = []
  try {
    for (const deck of decks) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
      const page = await context.newPage()
      const bodies: Promise<Buffer | null>[] = []
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') bodies.push(response.body().catch(() => null))
      })
      await page.goto(`${siteUrl}/${deck.id}/#/1`, { waitUntil: 'networkidle' })
      await page.locator('[data-slidev-no="1"]').waitFor()
      const all = (await Promise.all(bodies)).filter((b): b is Buffer => b !== null)
      results.push({ deck: deck.id, rawBytes: all.reduce((n, b) => n + b.length, 0), gzipBytes: all.reduce((n, b) => n + gzipSync(b).length, 0) })
      await context.close()
    }
  } finally {
    await browser.close()
  }
  return results
}

/** Slidev's starter deck copied from create-slidev into `dir`, with everything remote taken out. */
export async function prepareStarter(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(dirname(dir), { recursive: true })
  await cp(join(ROOT, 'node_modules', 'create-slidev', 'template'), dir, { recursive: true })
  let md = await readFile(join(dir, 'slides.md'), 'utf8')
  md = md
    .replace(/^theme: seriph$/m, 'theme: default')
    .replace(/^(background|image): https?:\/\/.*$/gm, '')
    .replace(/<img[^>]*src="https?:\/\/[^"]*"[^>]*>/g, '')
    .replace(/^(\s*)src="https?:\/\/[^"]*"/gm, '$1src="data:,"')
    // Any `<Tweet` or `<BlueSky` in the text, even in inline code, makes Slidev add the embed scripts.
    .replace(/^<Tweet\b[^>]*\/>$/gm, '')
    .replace(/<(Tweet|BlueSky)\b/g, '$1')
    .replace(/^```plantuml\b.*$/gm, '```text') // rendered by plantuml.com
    .replace(/^---\n/, '---\nfonts:\n  provider: none\nrouterMode: hash\nfavicon: "data:,"\n') // default favicon is on a CDN
  await writeFile(join(dir, 'slides.md'), md)
  // The same print-route switch as the kit's decks, so the same exporter can print it.
  await mkdir(join(dir, 'setup'), { recursive: true })
  // (Only that switch: the kit's own plugins read its decks, checks and agenda, which the starter has not.)
  await writeFile(
    join(dir, 'setup', 'vite-plugins.ts'),
    `import { defineVitePluginsSetup } from '@slidev/types'\nimport { enablePrintRoute } from ${JSON.stringify(join(ROOT, 'setup', 'print-route.ts'))}\nexport default defineVitePluginsSetup((options) => {\n  enablePrintRoute(options)\n  return []\n})\n`,
  )
}

/** Slidev's starter deck from the create-slidev package, made offline-safe, built and exported. */
export async function benchStarter(): Promise<{ slides: number; buildSeconds: number; exportSeconds: number; pages: number }> {
  const dir = join(WORK, 'starter')
  await prepareStarter(dir)
  const deck: Deck = { id: 'starter', dir, entry: join(dir, 'slides.md'), title: 'Welcome to Slidev', duration: '35min', kind: 'presenter' }
  const out = join(WORK, 'site', 'starter')
  const cli = join(ROOT, 'node_modules', '@slidev', 'cli', 'bin', 'slidev.mjs')
  const t0 = Date.now()
  const built = spawnSync(process.execPath, [cli, 'build', 'slides.md', '--base', '/starter/', '--out', out], { cwd: dir, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`starter build failed: ${(built.stderr || built.stdout).slice(-800)}`)
  const buildSeconds = (Date.now() - t0) / 1000
  const slides = (await loadSlides(deck)).length
  const server = await serveStatic(join(WORK, 'site'), 0)
  const browser = await launchExportBrowser()
  try {
    const t1 = Date.now()
    const result = await exportDeck(browser, server.url, deck, join(WORK, 'starter.pdf'))
    return { slides, buildSeconds, exportSeconds: (Date.now() - t1) / 1000, pages: result.pages }
  } finally {
    await browser.close()
    await server.close()
  }
}

const fmt = (n: number, digits = 2) => n.toFixed(digits)

async function main(): Promise<void> {
  step('bench: whole-kit build and PDF export (from scratch)')
  // Built apart from dist/, so a bench never disturbs what `npm start` serves.
  const site = join(WORK, 'kit')
  await rm(site, { recursive: true, force: true })
  const report = await build({ pdf: true, labs: false, ifStale: false, distDir: site })
  if (report.failures.length) throw new Error(`the kit did not build: ${report.failures.join('; ')}`)
  const slides = report.decks.reduce((n, d) => n + d.slides, 0)
  const pages = report.pdfs.reduce((n, p) => n + p.pages, 0)

  step('bench: JavaScript before the first slide')
  const server = await serveStatic(site, 0)
  const js = await firstSlideJs(server.url, listDecks()).finally(() => server.close())

  step('bench: Slidev starter deck (create-slidev), same pipeline')
  const starter = await benchStarter()

  step('bench: policy engine')
  const engine = await benchEngine()

  step('bench: engagement of 5,000 images (add, summary, deck 03 built for it, its impact slide in Chromium)')
  const engagement = await benchEngagement()

  const kit = {
    decks: report.decks.length,
    slides,
    buildSeconds: report.buildMs / 1000,
    buildSecondsPerSlide: report.buildMs / 1000 / slides,
    exportSeconds: report.exportMs / 1000,
    pages,
    exportSecondsPerPage: report.exportMs / 1000 / pages,
  }
  const starterRates = { ...starter, buildSecondsPerSlide: starter.buildSeconds / starter.slides, exportSecondsPerPage: starter.exportSeconds / starter.pages }
  const worstJs = js.reduce((a, b) => (b.rawBytes > a.rawBytes ? b : a))
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).availableParallelism(), node: process.version },
    targets: TARGETS,
    kit,
    starter: starterRates,
    ratio: { buildPerSlide: kit.buildSecondsPerSlide / starterRates.buildSecondsPerSlide, exportPerPage: kit.exportSecondsPerPage / starterRates.exportSecondsPerPage },
    firstSlideJs: js,
    engine,
    engagement,
  }
  await mkdir(join(ROOT, 'bench'), { recursive: true })
  await writeFile(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`)

  const rows: Array<[string, string, string, string]> = [
    ['build, s per slide', fmt(kit.buildSecondsPerSlide), fmt(starterRates.buildSecondsPerSlide), `≤ ${TARGETS.buildSecondsPerSlide}`],
    ['build, s total', `${fmt(kit.buildSeconds, 1)} (${slides} slides)`, `${fmt(starter.buildSeconds, 1)} (${starter.slides} slides)`, ''],
    ['export, s per page', fmt(kit.exportSecondsPerPage), fmt(starterRates.exportSecondsPerPage), `≤ ${TARGETS.exportSecondsPerPage}`],
    ['export, s total', `${fmt(kit.exportSeconds, 1)} (${pages} pages)`, `${fmt(starter.exportSeconds, 1)} (${starter.pages} pages)`, ''],
    ['kit ÷ starter, build per slide', fmt(results.ratio.buildPerSlide), '1.00', ''],
    ['kit ÷ starter, export per page', fmt(results.ratio.exportPerPage), '1.00', ''],
    ['first-slide JS, raw (largest deck)', `${fmt(worstJs.rawBytes / 1e6)} MB (${worstJs.deck})`, '', `≤ ${TARGETS.firstSlideJsRawBytes / 1e6} MB`],
    ['first-slide JS, gzip (same deck)', `${fmt(worstJs.gzipBytes / 1e6)} MB`, '', ''],
  ]
  for (const [key, value] of Object.entries(engine)) rows.push([`engine ${key}`, fmt(value), '', key in TARGETS ? `≤ ${TARGETS[key as keyof typeof TARGETS]}` : ''])
  for (const [key, value] of Object.entries(engagement)) rows.push([`engagement ${key}`, fmt(value), '', key in TARGETS ? `≤ ${TARGETS[key as keyof typeof TARGETS]}` : ''])
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['measure', 'kit', 'starter', 'target'][i]!.length))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(`\n${line(['measure', 'kit', 'starter', 'target'])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`)
  for (const row of rows) console.log(line(row))
  console.log(`\nPer deck, first-slide JS (raw / gzip): ${js.map((j) => `${j.deck} ${fmt(j.rawBytes / 1e6)}/${fmt(j.gzipBytes / 1e6)} MB`).join('; ')}`)
  console.log('Results written to bench/results.json')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`bench failed: ${(error as Error).message}`)
    process.exit(1)
  })
}
