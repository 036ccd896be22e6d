// The take-home edition for the customer (issue 14 point 3):
//
//   npm run build -- --engagement <dir> --edition customer --out <folder>
//
// writes <folder>/ and <folder>.zip: the agreed day decks and the section decks the agenda runs or
// follows up, built without speaker notes (Slidev's own --without-notes) and with a relative base in
// hash router mode, so any plain static server serves them from any path prefix; their PDFs; the
// customer lab pages and handouts; the engagement summary where there is anything to summarise; and
// an index page written for the customer. Nothing for the trainer: no gallery, no whole-workshop
// deck, no trainer editions, no answer key, no presenter links.
//
// Everything is built into a temporary folder beside <folder>, then the guard (core/edition-guard.ts)
// scans every file: the trainer's sentences or another engagement's image names fail the build,
// naming the file, and nothing is left where <folder> would be. Only a clean edition is renamed into
// place and zipped.
import { existsSync, readdirSync, realpathSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, relative, resolve } from 'node:path'
import { zipSync, type Zippable } from 'fflate'
import MarkdownIt from 'markdown-it'
import { AgendaError, allocationDayMarkdown, allocationLaterMarkdown, assertAgendaFits, depthOf } from '../core/agenda.ts'
import { describeHit, distinctiveSentences, forbiddenPath, GuardIndex, normalizeScanText, publicCorpus, withoutPublic, type GuardHit, type GuardNeedle } from '../core/edition-guard.ts'
import { readEngagementConfig, jsonFiles } from '../core/engagement/folder.ts'
import { engagementImageName } from '../core/engagement/images.ts'
import { deliveredSections } from '../core/engagement/summary-report.ts'
import { loadAllChecks } from '../core/checks-files.ts'
import { readReportFile } from '../core/files.ts'
import { oneLine, ReportError } from '../core/readers/errors.ts'
import { readEngagementReport, writeEngagementSummary } from '../cli/commands/engagement-report.ts'
import { trackingWorkTree } from '../cli/commands/engagement.ts'
import { pdfPageTexts } from '../cli/pdf.ts'
import { loadSectionCatalog, prepareDayDecks, resolveAgenda } from './agenda.ts'
import { prepareEngagement } from './engagement-data.ts'
import { slidevBuild } from './slidev-build.ts'
import { findBrowser } from './browser.ts'
import { listDecks, loadSlides, ROOT, type Deck } from './decks.ts'
import { exportDeck, launchExportBrowser } from './export-pdf.ts'
import { discoverChecks, discoverLabs, writeIndexPage } from './index-page.ts'
import { buildLabs, loadLabAnswers } from './labs/index.ts'
import { loadLabs } from './labs/load.ts'
import { inParallel, seconds, step } from './progress.ts'
import { serveStatic } from './server.ts'

export interface EditionOptions {
  /** The engagement folder: its agenda, customer name, answers and reports. */
  engagement: string
  /** Where the edition goes; `<out>.zip` is written beside it. */
  out: string
  /** Deck PDFs and lab handouts (default true). */
  pdf: boolean
  /** Only these decks of the edition (and the labs of those sections): for tests and quick tries. */
  only?: string[]
  /** Engagement folders whose image names must not appear (default: every engagements/* but this one). */
  otherEngagements?: string[]
}

/** The guard found something the customer must not get; the message lists each file on one line. */
export class EditionGuardError extends Error {
  override name = 'EditionGuardError'
  constructor(readonly hits: GuardHit[]) {
    super(`The customer edition was not written: ${hits.length} file(s) hold trainer material or another engagement's data:\n${hits.map((hit) => `  ${describeHit(hit)}`).join('\n')}`)
  }
}

/** A bad command line or engagement for the edition: one line, exit 2. */
export class EditionInputError extends Error {
  override name = 'EditionInputError'
}

export interface EditionReport {
  out: string
  zip: string
  decks: string[]
  files: number
  ms: number
  failures: string[]
}

/** Which decks the customer gets: the day decks, and each section the agenda runs or follows up. */
export function editionDecks(all: Deck[], runs: (id: string) => boolean, only?: string[]): Deck[] {
  const decks = all.filter((deck) => deck.kind === 'day' || (deck.kind === 'section' && runs(deck.id)))
  return only?.length ? decks.filter((deck) => only.includes(deck.id)) : decks
}

// ---------------------------------------------------------------------------------------------
// What the guard looks for.

function sameFolder(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return resolve(a) === resolve(b)
  }
}

/** The engagement folders beside the kit (engagements/*) other than `dir`. */
export function otherEngagementFolders(dir: string, root = ROOT): string[] {
  const parent = join(root, 'engagements')
  if (!existsSync(parent)) return []
  return readdirSync(parent)
    .map((name) => join(parent, name))
    .filter((folder) => existsSync(join(folder, 'engagement.yaml')) && !sameFolder(folder, dir))
}

/** The image names of a folder of reports, read without writing anything into it. */
async function reportImageNames(reports: string): Promise<string[]> {
  const names: string[] = []
  for (const name of await jsonFiles(reports)) {
    try {
      names.push(engagementImageName(await readReportFile(join(reports, name)), name))
    } catch (error) {
      if (!(error instanceof ReportError)) throw error
    }
  }
  return names
}

/** An engagement's image names (as `kit engagement summary` names them). */
export function engagementImageNames(dir: string): Promise<string[]> {
  return reportImageNames(join(dir, 'reports'))
}

/** The image names of the kit's own public sample reports (data/reports/<source>/). */
export async function sampleImageNames(root = ROOT): Promise<string[]> {
  const reports = join(root, 'data', 'reports')
  if (!existsSync(reports)) return []
  const names: string[] = []
  for (const entry of readdirSync(reports, { withFileTypes: true })) if (entry.isDirectory()) names.push(...(await reportImageNames(join(reports, entry.name))))
  return names
}

/** Every deck the kit has (the gallery and the whole-workshop deck included), with the day decks. */
async function notesOf(decks: Deck[]): Promise<GuardNeedle[]> {
  const needles: GuardNeedle[] = []
  for (const deck of decks) {
    if (deck.kind === 'presenter') needles.push({ text: deck.title, what: `the component gallery (${relative(ROOT, deck.entry)})` })
    for (const slide of await loadSlides(deck, { engagement: true })) {
      for (const text of distinctiveSentences(slide.note)) needles.push({ text, what: `a speaker note (${slide.file}:${slide.line})` })
      // The gallery is the trainer's rehearsal deck: what only it says gives it away.
      if (deck.kind === 'presenter') for (const text of distinctiveSentences(slide.content)) needles.push({ text, what: `the component gallery (${slide.file}:${slide.line})` })
    }
  }
  return needles
}

/**
 * The needles for one engagement's edition: the trainer's sentences that no customer material says,
 * the answer key's explanations, and the image and customer names of the other engagements that are
 * neither this engagement's own nor among the kit's public samples.
 */
export async function editionNeedles(engagement: string, decks: Deck[], others: string[], root = ROOT): Promise<GuardNeedle[]> {
  const trainer: GuardNeedle[] = await notesOf(decks)
  const publicSources: string[] = []
  for (const deck of decks.filter((d) => d.kind !== 'presenter')) for (const slide of await loadSlides(deck, { engagement: true })) publicSources.push(slide.content)
  for (const lab of loadLabs(root)) {
    publicSources.push(await readFile(lab.file, 'utf8'))
    const notes = await readFile(lab.trainer.file, 'utf8')
    for (const text of distinctiveSentences(notes)) trainer.push({ text, what: `a lab trainer note (${relative(root, lab.trainer.file)})` })
  }
  for (const checks of loadAllChecks(root)) {
    for (const q of checks.questions) {
      publicSources.push(q.question, ...q.options)
      for (const text of distinctiveSentences(q.explanation)) trainer.push({ text, what: `the knowledge-check answer key (checks/${checks.section}.yaml, ${q.id})` })
    }
  }
  // Components, layouts and display helpers put words on slides too (a note may repeat them).
  for (const folder of ['components', 'layouts', 'display']) {
    if (!existsSync(join(root, folder))) continue
    for (const file of walk(join(root, folder))) if (/\.(vue|ts)$/.test(file)) publicSources.push(await readFile(join(root, folder, file), 'utf8'))
  }
  const publicText = publicCorpus(publicSources)

  // Names: the kit's own sample reports are public (deck 04 shows one); this engagement's are its own.
  const own = new Set((await engagementImageNames(engagement)).map((n) => normalizeScanText(n)))
  own.add(normalizeScanText((await readEngagementConfig(engagement)).customer))
  const samples = new Set((await sampleImageNames(root)).map((n) => normalizeScanText(n)))
  const names: GuardNeedle[] = []
  for (const other of others) {
    const label = other.startsWith(root + '/') ? relative(root, other) : other
    for (const name of await engagementImageNames(other)) {
      if (!own.has(normalizeScanText(name))) names.push({ text: name, what: `an image of another engagement (${label})` })
    }
    try {
      const customer = (await readEngagementConfig(other)).customer
      if (!own.has(normalizeScanText(customer))) names.push({ text: customer, what: `another engagement's customer (${label})` })
    } catch {
      // An unreadable engagement.yaml names no customer; its images are still searched.
    }
  }
  return [...withoutPublic(trainer, publicText), ...withoutPublic(names, publicText, samples)]
}

// ---------------------------------------------------------------------------------------------
// Reading the edition's files.

const BINARY = new Set(['.woff2', '.woff', '.ttf', '.png', '.jpg', '.jpeg', '.gif', '.ico', '.webp', '.zip'])

function walk(dir: string, base = dir): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...walk(path, base))
    else out.push(relative(base, path))
  }
  return out.sort()
}

/** A PDF's text layer, page after page (pdf.js, already a dependency: nothing needed on PATH). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPageTexts(bytes)).join('\n')
}

/** Every file of a folder with the text a reader (or a script) would get from it. */
export async function* editionTexts(dir: string): AsyncGenerator<{ file: string; text: string }> {
  const seen = new Map<string, string>()
  for (const file of walk(dir)) {
    const ext = extname(file).toLowerCase()
    if (BINARY.has(ext)) continue
    const bytes = await readFile(join(dir, file))
    // The decks share most chunks byte for byte: scan each content once, name each file.
    const key = `${bytes.length}:${bytes.subarray(0, 64).toString('base64')}:${bytes.subarray(-64).toString('base64')}`
    const known = seen.get(key)
    const text = known ?? (ext === '.pdf' ? await pdfText(new Uint8Array(bytes)) : bytes.toString('utf8'))
    if (known === undefined) seen.set(key, text)
    yield { file, text }
  }
}

/** The guard: every hit in the folder, file names included. Pure apart from reading the files. */
export async function guardEdition(dir: string, needles: GuardNeedle[]): Promise<GuardHit[]> {
  const index = new GuardIndex(needles)
  const hits: GuardHit[] = []
  const byText = new Map<string, GuardNeedle[]>()
  for await (const { file, text } of editionTexts(dir)) {
    const named = forbiddenPath(file)
    if (named) hits.push({ file, what: named, text: basename(file) })
    const found = byText.get(text) ?? index.find(text)
    byText.set(text, found)
    hits.push(...found.map((needle) => ({ file, what: needle.what, text: needle.text })))
  }
  return hits
}

// ---------------------------------------------------------------------------------------------
// The build.

function agendaHtml(markdown: string[]): string {
  const md = new MarkdownIt({ html: false })
  return markdown.map((part) => md.render(part)).join('\n')
}

/** The folder as a zip (fflate: 8 kB, no dependencies; PDFs and fonts are stored, not compressed again). */
export async function zipFolder(dir: string, file: string): Promise<void> {
  const root = basename(file, '.zip')
  const entries: Zippable = {}
  for (const rel of walk(dir)) {
    const stored = ['.pdf', '.woff2', '.woff', '.png', '.jpg'].includes(extname(rel).toLowerCase())
    entries[`${root}/${rel.split('\\').join('/')}`] = [new Uint8Array(await readFile(join(dir, rel))), { level: stored ? 0 : 6 }]
  }
  await writeFile(`${file}.partial`, zipSync(entries))
  await rename(`${file}.partial`, file)
}

/**
 * The guard, then the hand-over: a hit throws EditionGuardError and leaves `out` and `out.zip` as
 * they were (the caller removes `tmp`); a clean folder is zipped and renamed to `out`, replacing an
 * older edition whole.
 */
export async function publishEdition(tmp: string, out: string, needles: GuardNeedle[]): Promise<void> {
  const hits = await guardEdition(tmp, needles)
  if (hits.length) throw new EditionGuardError(hits)
  await zipFolder(tmp, `${out}.zip`)
  if (existsSync(out)) await rm(out, { recursive: true, force: true })
  await rename(tmp, out)
}

export async function buildCustomerEdition(options: EditionOptions): Promise<EditionReport> {
  const started = Date.now()
  const out = resolve(options.out)
  const engagement = resolve(options.engagement)
  const tree = trackingWorkTree(out, 'index.html')
  if (tree) throw new EditionInputError(`${options.out} is inside the git work tree ${tree} and not git-ignored: the edition holds customer data and must never enter git. Write it outside the repository or under engagements/.`)
  if (sameFolder(out, ROOT) || out.startsWith(engagement + '/') || sameFolder(out, engagement)) throw new EditionInputError(`--out ${options.out} must be a folder of its own, not the kit or the engagement.`)
  if (options.pdf) findBrowser()
  const config = await readEngagementConfig(engagement)
  const agenda = await resolveAgenda({ engagement })
  const catalog = await loadSectionCatalog()
  const table = assertAgendaFits(agenda.spec, catalog)
  const dayDecks = await prepareDayDecks({ engagement })
  const allDecks = [...listDecks(), ...dayDecks]
  const decks = editionDecks(allDecks, (id) => depthOf(agenda.spec, id) !== 'skip', options.only)
  const offered = editionDecks(allDecks, (id) => depthOf(agenda.spec, id) !== 'skip')
  const unknown = (options.only ?? []).filter((id) => !offered.some((deck) => deck.id === id))
  if (unknown.length) throw new EditionInputError(`--only names no deck of this edition: ${unknown.join(', ')} (its decks: ${offered.map((deck) => deck.id).join(', ')}).`)
  const failures: string[] = []

  const tmp = join(dirname(out), `.${basename(out)}.partial-${process.pid}`)
  await rm(tmp, { recursive: true, force: true })
  await mkdir(tmp, { recursive: true })
  try {
    // The engagement's images for the "your images" slides, read by the same code as the trainer's build.
    const data = await prepareEngagement(engagement)
    step(`customer edition: ${decks.length} decks without speaker notes (${decks.map((d) => d.id).join(', ')})`)
    await inParallel(decks, 2, async (deck) => {
      const t0 = Date.now()
      try {
        await slidevBuild(deck, join(tmp, deck.id), { base: './', withoutNotes: true, engagement, engagementData: data.dir })
        step(`edition deck ${deck.id}: built in ${seconds(Date.now() - t0)}`)
      } catch (error) {
        failures.push((error as Error).message)
      }
    })
    if (failures.length) return { out, zip: `${out}.zip`, decks: [], files: 0, ms: Date.now() - started, failures }

    if (options.pdf) {
      await mkdir(join(tmp, 'pdf'), { recursive: true })
      const server = await serveStatic(tmp, 0)
      const browser = await launchExportBrowser()
      try {
        await inParallel(decks, 2, async (deck) => {
          try {
            const result = await exportDeck(browser, server.url, deck, join(tmp, 'pdf', `${deck.id}.pdf`))
            step(`edition pdf ${deck.id}: ${result.pages} pages`)
          } catch (error) {
            failures.push(`PDF of ${deck.id} failed: ${(error as Error).message.split('\n')[0]}`)
          }
        })
      } finally {
        await browser.close()
        await server.close()
      }
    }

    // The labs of the sections the customer gets; customer handouts only.
    const sectionIds = decks.filter((d) => d.kind === 'section').map((d) => d.id)
    const labIds = loadLabs(ROOT).map((lab) => lab.id).filter((id) => (options.only?.length ? sectionIds.includes(id) : depthOf(agenda.spec, id) !== 'skip'))
    // The customer handouts carry the engagement's answers, as the trainer build's do (loadLabAnswers).
    if (labIds.length) {
      const { answers } = await loadLabAnswers(engagement, step)
      await buildLabs({ root: ROOT, outDir: tmp, pdf: options.pdf, only: labIds, customerOnly: true, answers, log: step })
    }

    // The engagement summary, where the engagement has anything to summarise.
    const quiet = { out: () => {}, err: (line: string) => step(`summary: ${line}`) }
    const input = await readEngagementReport(engagement, quiet)
    let summaryPdf: string | undefined
    if (options.pdf && (input.summary.images.length || input.policies.length || deliveredSections(input.record).length)) {
      summaryPdf = 'summary.pdf'
      await writeEngagementSummary(engagement, join(tmp, summaryPdf), quiet)
    }

    const titles = Object.fromEntries(catalog.map((entry) => [entry.id, entry.title]))
    const later = allocationLaterMarkdown(table)
    const agendaParts = table.days.flatMap((day) => [`**Day ${day.day}**`, allocationDayMarkdown(day, titles)])
    if (later) agendaParts.push('**Follow-up sessions**', later)
    const builtDecks = decks.filter((deck) => existsSync(join(tmp, deck.id, 'index.html')))
    await writeIndexPage(tmp, builtDecks, discoverLabs(tmp), discoverChecks().filter((c) => builtDecks.some((d) => d.id === c.section)), {
      customer: config.customer,
      agendaHtml: agendaHtml(agendaParts),
      ...(summaryPdf ? { summaryPdf } : {}),
    })
    if (failures.length) return { out, zip: `${out}.zip`, decks: [], files: 0, ms: Date.now() - started, failures }

    step('customer edition: the guard scans every file')
    const others = options.otherEngagements ?? otherEngagementFolders(engagement)
    const needles = await editionNeedles(engagement, [...listDecks(), ...dayDecks], others)
    await publishEdition(tmp, out, needles)
    step(`customer edition: guard passed (${needles.length} trainer sentences and names searched)`)
    const files = walk(out).length
    return { out, zip: `${out}.zip`, decks: builtDecks.map((d) => d.id), files, ms: Date.now() - started, failures }
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
}

/** `npm run build -- --edition customer …`: exit 0 when written, 2 when the guard or the input refused, 1 when a build failed. */
export async function runCustomerEdition(options: EditionOptions): Promise<number> {
  try {
    const report = await buildCustomerEdition(options)
    if (report.failures.length) {
      console.error(`\nThe customer edition was not written: ${report.failures.length} problem(s):\n${report.failures.map((f) => `- ${f}`).join('\n')}`)
      return 1
    }
    step(`customer edition written: ${report.out} (${report.files} files) and ${report.zip} in ${seconds(report.ms)}`)
    return 0
  } catch (error) {
    if (error instanceof EditionGuardError || error instanceof EditionInputError || error instanceof AgendaError) {
      console.error(error.message)
      return 2
    }
    if (error instanceof ReportError) {
      console.error(oneLine(error))
      return 2
    }
    throw error
  }
}
