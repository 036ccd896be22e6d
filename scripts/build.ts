// `npm run build`: every deck into dist/<deck>/, every deck PDF into dist/pdf/, the labs (site and
// A4 handouts) and the index page. Decks build in parallel as far as the cores allow; a deck that
// fails to build is reported with its file and line and leaves every other output untouched.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { AgendaError } from '../core/agenda.ts'
import { ReportError, oneLine } from '../core/readers/errors.ts'
import { prepareDayDecks, resolveAgenda, SHIPPED_AGENDAS, type ShippedAgendaName } from './agenda.ts'
import { slidevBuild } from './slidev-build.ts'
import { parseScriptArgs } from '../cli/args.ts'
import { findBrowser, NoBrowserError } from './browser.ts'
import { DIST_DIR, listDecks, loadSlides, ROOT, type Deck } from './decks.ts'
import { exportDeck, launchExportBrowser } from './export-pdf.ts'
import { writeIndexPage } from './index-page.ts'
import { buildLabs, loadLabAnswers, removeHandouts } from './labs/index.ts'
import { ENGAGEMENT_DATA_ENV, prepareEngagement, type PreparedEngagement } from './engagement-data.ts'
import { inParallel, seconds, step } from './progress.ts'
import { serveStatic } from './server.ts'
import { hashInputs, readStamps, writeStamps, type Stamps } from './stamp.ts'

/** Everything a deck is built from besides its own folder. */
const SHARED_INPUTS = ['components', 'composables', 'display', 'layouts', 'setup', 'styles', 'core', 'data', 'checks', 'snippets', 'public', 'vite.config.ts', 'package-lock.json', 'uno.config.ts', 'global-bottom.vue', 'slide-bottom.vue', 'custom-nav-controls.vue']
const LAB_INPUTS = ['labs', 'checks', 'snippets', 'scripts/labs', 'core/engagement', 'composables/useEngagementRecord.ts', 'package-lock.json']

export interface BuildOptions {
  /** Only these deck ids (default: all). */
  only?: string[]
  pdf: boolean
  labs: boolean
  /** Skip outputs whose inputs have not changed since the last build. */
  ifStale: boolean
  /** Where outputs go (default dist/). */
  distDir?: string
  /** Which decks exist (default: every folder under slides/, plus the day decks). */
  decks?: Deck[]
  /** The engagement folder whose `agenda:` the day decks run (default: the kit's own agenda) and whose answers the lab handouts carry. */
  engagement?: string
  /** Only these labs (default: all); for tests that need one handout. */
  onlyLabs?: string[]
  /** Without an engagement, which of the kit's agendas the day decks run (default two-day). */
  agenda?: ShippedAgendaName
  /** The engagement's images and policies for the decks (prepared by build() when `engagement` is set). */
  engagementData?: PreparedEngagement
}

export interface BuildReport {
  decks: Array<{ id: string; ms: number; built: boolean; slides: number }>
  pdfs: Array<{ id: string; pages: number }>
  buildMs: number
  exportMs: number
  labsMs: number
  failures: string[]
}

function deckInputs(deck: Deck): string[] {
  // The whole-workshop deck imports every section, so every section is its input too.
  // A day deck imports slides of its sections, and its own folder holds the agreed agenda.
  const own = deck.kind === 'workshop' ? ['slides'] : deck.kind === 'day' ? ['slides', relative(ROOT, deck.dir)] : [relative(ROOT, deck.dir)]
  // AgendaPlanner's section catalogue (virtual:kit-agenda) is read from every section deck and lab.
  const markdown = readdirSync(deck.dir).filter((name) => name.endsWith('.md'))
  const planner = markdown.some((name) => readFileSync(join(deck.dir, name), 'utf8').includes('<AgendaPlanner')) ? ['slides', 'labs'] : []
  return [...new Set([...own, ...planner, ...SHARED_INPUTS])]
}

/**
 * A deck's stamp: its inputs, and which engagement's data it carries ("none" without one), so a build
 * for one engagement is never taken as up to date for another or for none (confidentiality).
 */
export function deckStamp(deck: Deck, engagement: PreparedEngagement | undefined): string {
  return `${hashInputs(deckInputs(deck))}:engagement:${engagement?.hash ?? 'none'}`
}

/** The engagement part of a deck stamp ("none" without one; stamps from before it count as none). */
function engagementOf(stamp: string | undefined): string {
  return stamp?.split(':engagement:')[1] ?? 'none'
}

/** The agenda an engagement build starts AgendaPlanner from is an input of every deck (none without one). */
async function agendaStamp(options: BuildOptions): Promise<string> {
  if (!options.engagement) return ''
  const { spec } = await resolveAgenda({ engagement: options.engagement })
  return `:agenda:${createHash('sha256').update(JSON.stringify(spec)).digest('hex')}`
}

async function buildDecks(decks: Deck[], dist: string, options: BuildOptions, stamps: Stamps, report: BuildReport): Promise<Deck[]> {
  const tmpRoot = join(dist, '.tmp')
  await mkdir(tmpRoot, { recursive: true })
  const limit = Math.max(1, Math.min(2, availableParallelism()))
  const started = Date.now()
  const built: Deck[] = []
  const agenda = await agendaStamp(options)
  await inParallel(decks, limit, async (deck) => {
    const stamp = deckStamp(deck, options.engagementData) + agenda
    const outDir = join(dist, deck.id)
    if (options.ifStale && stamps[`deck:${deck.id}`] === stamp && existsSync(join(outDir, 'index.html'))) {
      step(`deck ${deck.id}: up to date`)
      report.decks.push({ id: deck.id, ms: 0, built: false, slides: (await loadSlides(deck, { engagement: Boolean(options.engagementData) })).length })
      return
    }
    const t0 = Date.now()
    const tmpOut = join(tmpRoot, deck.id)
    await rm(tmpOut, { recursive: true, force: true })
    try {
      await slidevBuild(deck, tmpOut, { engagement: options.engagement, ...(options.engagementData ? { engagementData: options.engagementData.dir } : {}) })
      await rm(outDir, { recursive: true, force: true })
      await rename(tmpOut, outDir)
      // A PDF made for another engagement (or for none) must not outlive its deck, even when this
      // build makes no PDF: it would carry that engagement's data beside this build.
      if (engagementOf(stamps[`deck:${deck.id}`]) !== engagementOf(stamp)) await rm(join(dist, 'pdf', `${deck.id}.pdf`), { force: true })
      stamps[`deck:${deck.id}`] = stamp
      delete stamps[`pdf:${deck.id}`]
      built.push(deck)
      report.decks.push({ id: deck.id, ms: Date.now() - t0, built: true, slides: (await loadSlides(deck, { engagement: Boolean(options.engagementData) })).length })
      step(`deck ${deck.id}: built in ${seconds(Date.now() - t0)}`)
    } catch (error) {
      report.failures.push((error as Error).message)
      step(`deck ${deck.id}: FAILED (previous output kept)`)
    }
  })
  report.buildMs = Date.now() - started
  await rm(tmpRoot, { recursive: true, force: true })
  return built
}

async function exportPdfs(decks: Deck[], dist: string, options: BuildOptions, stamps: Stamps, report: BuildReport): Promise<void> {
  const pdfDir = join(dist, 'pdf')
  await mkdir(pdfDir, { recursive: true })
  const todo = decks.filter((deck) => {
    const file = join(pdfDir, `${deck.id}.pdf`)
    const fresh = options.ifStale && stamps[`pdf:${deck.id}`] === stamps[`deck:${deck.id}`] && existsSync(file)
    if (fresh) step(`pdf ${deck.id}: up to date`)
    return !fresh && existsSync(join(dist, deck.id, 'index.html'))
  })
  if (!todo.length) return
  const started = Date.now()
  const server = await serveStatic(dist, 0)
  const browser = await launchExportBrowser()
  try {
    await inParallel(todo, 2, async (deck) => {
      const t0 = Date.now()
      const file = join(pdfDir, `${deck.id}.pdf`)
      const tmp = `${file}.tmp`
      try {
        const result = await exportDeck(browser, server.url, deck, tmp)
        await rename(tmp, file)
        stamps[`pdf:${deck.id}`] = stamps[`deck:${deck.id}`] ?? ''
        report.pdfs.push({ id: deck.id, pages: result.pages })
        step(`pdf ${deck.id}: ${result.pages} pages in ${seconds(Date.now() - t0)}`)
      } catch (error) {
        await rm(tmp, { force: true })
        report.failures.push(`PDF of ${deck.id} failed: ${(error as Error).message.split('\n')[0]}`)
        step(`pdf ${deck.id}: FAILED`)
      }
    })
  } finally {
    await browser.close()
    await server.close()
  }
  report.exportMs = Date.now() - started
}

async function buildLabStep(dist: string, options: BuildOptions, stamps: Stamps, report: BuildReport): Promise<void> {
  if (!existsSync(join(ROOT, 'labs'))) return
  const started = Date.now()
  try {
    // With an engagement, its answers fill the worksheets, and which engagement and answers they
    // are is part of the stamp: no handout is kept for a build without them or for another engagement.
    const engagement = options.engagement ? await loadLabAnswers(options.engagement, step) : undefined
    const identity = engagement?.identity ?? ''
    const stamp = identity ? createHash('sha256').update(hashInputs(LAB_INPUTS)).update(identity).digest('hex') : hashInputs(LAB_INPUTS)
    if (!options.pdf && (stamps['labs:engagement'] ?? '') !== identity) {
      removeHandouts(dist)
      delete stamps.labs
      delete stamps['labs:engagement']
    }
    // Pages are cheap and always rebuilt; handouts are printed again only when their sources changed.
    const fresh = options.ifStale && stamps.labs === stamp && existsSync(join(dist, 'pdf', 'labs'))
    // The lab builder's lines already start with "labs:".
    const labs = await buildLabs({ root: ROOT, outDir: dist, pdf: options.pdf && !fresh, log: step, ...(options.onlyLabs ? { only: options.onlyLabs } : {}), ...(engagement ? { answers: engagement.answers } : {}) })
    if (options.pdf) {
      // Some labs only: the other handouts are gone, so the next build prints them all again.
      if (options.onlyLabs) delete stamps.labs
      else stamps.labs = stamp
      if (identity) stamps['labs:engagement'] = identity
      else delete stamps['labs:engagement']
    }
    report.labsMs = Date.now() - started
    const handouts = !options.pdf ? '' : fresh ? ', handouts up to date' : ' and their handouts'
    step(`labs: ${labs.length} labs${handouts} in ${seconds(Date.now() - started)}`)
  } catch (error) {
    report.failures.push(`Labs failed: ${(error as Error).message}`)
    step('labs: FAILED')
  }
}

export async function build(options: BuildOptions): Promise<BuildReport> {
  const report: BuildReport = { decks: [], pdfs: [], buildMs: 0, exportMs: 0, labsMs: 0, failures: [] }
  // Find the browser before minutes of building, so a missing one is the first thing said.
  if (options.pdf) findBrowser()
  const dist = options.distDir ?? DIST_DIR
  const stampFile = join(dist, '.stamps.json')
  await mkdir(dist, { recursive: true })
  const stamps = readStamps(stampFile)
  if (options.engagement && !options.engagementData) options = { ...options, engagementData: await prepareEngagement(options.engagement) }
  const allDecks = options.decks ?? [...listDecks(), ...(await prepareDayDecks(options))]
  // A day deck of an earlier, longer agenda (perhaps another engagement's) must not stay in dist/.
  for (const entry of existsSync(dist) ? readdirSync(dist) : []) {
    if (/^day-\d+$/.test(entry) && !allDecks.some((deck) => deck.id === entry)) {
      await rm(join(dist, entry), { recursive: true, force: true })
      await rm(join(dist, 'pdf', `${entry}.pdf`), { force: true })
    }
  }
  let decks = allDecks
  if (options.only?.length) decks = decks.filter((deck) => options.only!.includes(deck.id))
  step(`building ${decks.length} decks${options.pdf ? ' and their PDFs' : ''}`)
  await buildDecks(decks, dist, options, stamps, report)
  writeStamps(stampFile, stamps)
  if (options.pdf) {
    await exportPdfs(decks, dist, options, stamps, report)
    writeStamps(stampFile, stamps)
  }
  if (options.labs) await buildLabStep(dist, options, stamps, report)
  writeStamps(stampFile, stamps)
  await writeIndexPage(dist, allDecks)
  const index = join(dist, 'index.html')
  step(`index page written: ${relative(process.cwd(), index).startsWith('..') ? index : relative(process.cwd(), index)}`)
  return report
}

const BUILD_USAGE =
  'npm run build -- [--engagement <dir> | --agenda one-day|two-day] [--out <folder>] [--only <deck,deck>] [--no-pdf] [--no-labs] [--if-stale]; the take-home edition: npm run build -- --engagement <dir> --edition customer --out <folder> [--only <deck,deck>] [--no-pdf]'

/** `--edition customer --out <folder>` asks for the take-home edition (scripts/edition.ts) instead of dist/. */
type ParsedBuild = BuildOptions & { customerEdition?: { out: string } }

function parseBuildArgs(argv: string[]): ParsedBuild {
  const { values } = parseScriptArgs(
    argv,
    {
      only: { type: 'string' },
      'no-pdf': { type: 'boolean' },
      'no-labs': { type: 'boolean' },
      'if-stale': { type: 'boolean' },
      engagement: { type: 'string' },
      agenda: { type: 'string' },
      edition: { type: 'string' },
      out: { type: 'string' },
    },
    BUILD_USAGE,
  )
  const options: ParsedBuild = { pdf: !values['no-pdf'], labs: !values['no-labs'], ifStale: values['if-stale'] === true }
  if (values.only !== undefined) options.only = values.only.split(',').filter(Boolean)
  const usage = (message: string): never => {
    console.error(`${message} Usage: ${BUILD_USAGE}`)
    process.exit(2)
  }
  if (values.engagement !== undefined) {
    if (values.engagement === '') usage('--engagement needs the engagement folder.')
    options.engagement = values.engagement
  }
  if (values.out !== undefined) {
    if (values.out === '') usage('--out needs a folder.')
    options.distDir = resolve(values.out)
  }
  if (values.agenda !== undefined) {
    if (!(values.agenda in SHIPPED_AGENDAS)) usage(`--agenda must be one-day or two-day, not "${values.agenda}".`)
    if (options.engagement) usage("--engagement and --agenda exclude each other: the engagement's agenda is its own.")
    options.agenda = values.agenda as ShippedAgendaName
  }
  const edition = values.edition ?? 'trainer'
  if (edition !== 'trainer' && edition !== 'customer') usage(`--edition must be trainer or customer, not "${edition}".`)
  if (edition === 'customer') {
    if (!options.engagement) usage('--edition customer needs --engagement <dir>: the edition is made for one customer.')
    if (values.out === undefined) usage('--edition customer needs --out <folder>.')
    if (values['no-labs'] || values['if-stale']) usage('--edition customer always builds its labs afresh: leave out --no-labs and --if-stale.')
    options.customerEdition = { out: values.out! }
  }
  return options
}

export async function runBuild(options: BuildOptions): Promise<boolean> {
  try {
    const report = await build(options)
    if (report.failures.length) {
      console.error(`\n${report.failures.length} problem(s):\n${report.failures.map((f) => `- ${f}`).join('\n')}`)
      return false
    }
    step('build finished')
    return true
  } catch (error) {
    if (error instanceof NoBrowserError) console.error(error.message)
    else console.error(process.env.KIT_DEBUG ? error : `Build failed: ${(error as Error).message}`)
    return false
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseBuildArgs(process.argv.slice(2))
  if (options.customerEdition) {
    // The edition checks the agenda itself before it builds anything, and never touches dist/.
    const { runCustomerEdition } = await import('./edition.ts')
    process.exit(await runCustomerEdition({ engagement: options.engagement!, out: options.customerEdition.out, pdf: options.pdf, ...(options.only ? { only: options.only } : {}) }))
  }
  let decks: Deck[]
  try {
    // The agenda is checked before anything is built: a bad one leaves every output as it was.
    decks = [...listDecks(), ...(await prepareDayDecks(options))]
    if (options.engagement) options.engagementData = await prepareEngagement(options.engagement)
  } catch (error) {
    if (error instanceof ReportError || error instanceof AgendaError) {
      console.error(error instanceof ReportError ? oneLine(error) : error.message)
      process.exit(2)
    }
    throw error
  }
  const unknown = (options.only ?? []).filter((id) => !decks.some((deck) => deck.id === id))
  if (unknown.length) {
    console.error(`--only names no deck: ${unknown.join(', ')} (decks: ${decks.map((deck) => deck.id).join(', ')}).`)
    process.exit(2)
  }
  process.exit((await runBuild({ ...options, decks })) ? 0 : 1)
}
