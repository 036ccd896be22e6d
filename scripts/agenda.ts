// The agenda on the build side: reads each section deck's slides (their "[N min]" notes and
// `depth: deep` marks) and each lab's `minutes:` into the SectionCatalog core/agenda.ts plans with,
// resolves which agenda a build uses, and writes the day decks (day-1, day-2) that run it.
//
// Day decks are generated Slidev decks under .kit/ (git-ignored: with an engagement they hold that
// engagement's agenda). Each one imports the chosen slides of each section with `src: …#N,M-K`, so
// the slides themselves have one home, slides/<section>/slides.md.
//
// For the take-home edition (issue 14 point 3): the day decks carry no customer name and no
// engagement data other than the agenda; the only trainer material in them is the sections' own
// speaker notes (the customer edition builds them without notes, as it does the section decks).
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import {
  AgendaFieldError,
  SHIPPED_ONE_DAY,
  SHIPPED_TWO_DAY,
  allocationDayPages,
  allocationLaterMarkdown,
  assertAgendaFits,
  depthOf,
  formatClock,
  noteMinutes,
  slidesAtDepth,
  type AgendaSpec,
  type AllocationTable,
  type SectionCatalog,
  type SectionSlide,
  type SectionSpan,
} from '../core/agenda.ts'
import { readEngagementConfig } from '../core/engagement/folder.ts'
import { step } from './progress.ts'
import { DeckError, ROOT, SLIDES_DIR, listDecks, readHeadmatter, type Deck } from './decks.ts'

/** Where the day decks are generated (git-ignored). Same depth below the root as slides/<deck>. */
export const DAY_DECKS_DIR = join(ROOT, '.kit')
export const DAY_DECK_PREFIX = 'day-'
export const LABS_DIR = join(ROOT, 'labs')

export type ShippedAgendaName = 'one-day' | 'two-day'
export const SHIPPED_AGENDAS: Record<ShippedAgendaName, AgendaSpec> = { 'one-day': SHIPPED_ONE_DAY, 'two-day': SHIPPED_TWO_DAY }

/** What `virtual:kit-agenda` gives the decks (setup/vite-plugins.ts; AgendaPlanner reads it). */
export interface KitAgenda {
  catalog: SectionCatalog
  /** The agenda the build runs: the engagement's (built with --engagement), else the kit's two-day one. */
  initial: AgendaSpec
  shipped: Record<ShippedAgendaName, AgendaSpec>
}

/** A lab's `minutes:`, or undefined when the section has no lab. */
function labMinutes(id: string, labsDir: string): number | undefined {
  const file = join(labsDir, id, 'lab.md')
  if (!existsSync(file)) return undefined
  const minutes = readHeadmatter(file).minutes
  if (typeof minutes !== 'number') throw new DeckError(`${file}: frontmatter field "minutes" must be a whole number of minutes`)
  return minutes
}

/** Every section deck's visible slides with their timings, deep-dive marks and lab hand-over. */
export async function loadSectionCatalog(decks: Deck[] = listDecks(), labsDir = LABS_DIR): Promise<SectionCatalog> {
  const { load } = await import('@slidev/parser/fs')
  const catalog: SectionCatalog = []
  for (const deck of decks.filter((d) => d.kind === 'section')) {
    const data = await load({ roots: [ROOT, deck.dir], userRoot: deck.dir }, deck.entry)
    const lab = labMinutes(deck.id, labsDir)
    let labSlides = 0
    const slides: SectionSlide[] = []
    for (const slide of data.slides) {
      // "Your images" slides (engagement: true) are not in the planned minutes: they stand in for the public examples.
      if (slide.frontmatter?.hide || slide.frontmatter?.disabled || slide.frontmatter?.engagement) continue
      const minutes = noteMinutes(slide.source.note ?? slide.note ?? '') ?? 0
      // The lab's time is the lab's own `minutes:`; the slide that hands over to it carries the same.
      const isLab = lab !== undefined && /\blab\b/i.test(slide.title ?? '') && minutes === lab
      if (isLab) labSlides++
      slides.push({ no: slide.index + 1, minutes, deep: slide.frontmatter?.depth === 'deep', lab: isLab })
    }
    if (lab !== undefined && labSlides !== 1) {
      throw new DeckError(`${relative(ROOT, deck.entry)}: expected one slide titled with "lab" whose notes start with [${lab} min] (the lab's minutes), found ${labSlides}`)
    }
    catalog.push({ id: deck.id, title: deck.title, slides })
  }
  return catalog
}

export interface ResolvedAgenda {
  spec: AgendaSpec
  /** Where it comes from, for messages: the engagement.yaml path or "the kit's two-day agenda". */
  source: string
  /** The engagement.yaml, when an engagement set it (errors name it). */
  file?: string
}

/** The agenda of an engagement (its `agenda:`, else the kit's two-day one), or a shipped one. */
export async function resolveAgenda(options: { engagement?: string; agenda?: ShippedAgendaName }): Promise<ResolvedAgenda> {
  if (options.engagement) {
    const config = await readEngagementConfig(options.engagement)
    const file = join(options.engagement, 'engagement.yaml')
    if (config.agenda) return { spec: config.agenda, source: file, file }
    return { spec: SHIPPED_TWO_DAY, source: `the kit's two-day agenda (${file} sets none)` }
  }
  const name = options.agenda ?? 'two-day'
  return { spec: SHIPPED_AGENDAS[name], source: `the kit's ${name} agenda` }
}

/** "2,5-7" for slides 2, 5, 6, 7 (Slidev's `src: file.md#…` syntax). */
export function slideRanges(numbers: number[]): string {
  const parts: string[] = []
  for (let i = 0; i < numbers.length; i++) {
    let j = i
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++
    parts.push(j === i ? String(numbers[i]) : `${numbers[i]}-${numbers[j]}`)
    i = j
  }
  return parts.join(',')
}

interface DayDeckSource {
  day: number
  text: string
  spans: SectionSpan[]
  minutes: number
}

// At the slide body size, read from the back row; a longer day goes on more slides (allocationDayPages).
// kit-dense: the kit enlarges short tables on content slides, which would make a short last page larger.
const ALLOCATION_STYLE = `<style>
.kit-allocation table { font-size: var(--kit-text-base); line-height: 1.25; }
.kit-allocation th, .kit-allocation td { padding: 0.2em 0.6em; }
h1 { margin-bottom: 0.4em; }
</style>`

function frontmatterBlock(data: Record<string, unknown>): string {
  return `---\n${Object.entries(data)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n')}\n---\n`
}

/** The slides.md of each day deck (pure given its inputs; written by writeDayDecks). */
export function dayDeckSources(spec: AgendaSpec, table: AllocationTable, catalog: SectionCatalog, head: Record<string, unknown>, deckDir: string): DayDeckSource[] {
  const byId = new Map(catalog.map((entry) => [entry.id, entry]))
  const titles = Object.fromEntries(catalog.map((entry) => [entry.id, entry.title]))
  const later = allocationLaterMarkdown(table)
  return table.days.map((day) => {
    const daySpec = spec.days[day.day - 1]!
    const title = `Advanced Tier workshop, day ${day.day}`
    const parts: string[] = []
    const spans: SectionSpan[] = []
    // Opening slides: the cover, then the time-allocation table (day 1 shows every day).
    const tableDays = day.day === 1 ? table.days : [day]
    const tableSlide = (heading: string, markdown: string, note: string) =>
      `---\nlayout: default\nclass: kit-allocation kit-dense\n---\n\n# ${heading}\n\n${markdown}\n\n${ALLOCATION_STYLE}\n\n<!--\n[0 min] ${note}\n-->\n`
    const opening = [
      `# ${title}\n\n${formatClock(day.start)}–${formatClock(day.plannedEnd)}\n\n<!--\n[0 min] Shown while people sit down; the section timings start with the first section.\n-->\n`,
      ...tableDays.flatMap((shown) =>
        allocationDayPages(shown, titles).map((page, i, pages) =>
          tableSlide(
            `Time allocation: day ${shown.day}${pages.length > 1 ? ` (${i + 1} of ${pages.length})` : ''}`,
            page,
            i === 0 ? 'The agreed agenda: say when each break is and when the day ends.' : 'The rest of the day, and when it ends.',
          ),
        ),
      ),
      // Day 1 also says what the agenda moves to follow-up sessions, so nobody expects it today.
      ...(day.day === 1 && later ? [tableSlide('Follow-up sessions', later, 'What this agenda moves to follow-ups or does not run; agree the dates before the end of the workshop.')] : []),
    ]
    let slideNo = opening.length
    for (const id of daySpec.sections) {
      const entry = byId.get(id)!
      const shown = slidesAtDepth(entry, depthOf(spec, id))
      const src = relative(deckDir, join(SLIDES_DIR, id, 'slides.md')).split('\\').join('/')
      // The section's cover (its slide 1) is imported on its own, so its planned time is this
      // agenda's (layouts/section.vue shows `duration`); an override on a multi-slide import would
      // reach every slide of it, part dividers included.
      const [cover, ...rest] = shown
      const planned = shown.reduce((t, s) => t + s.minutes, 0)
      if (cover?.no === 1) parts.push(`---\nsrc: ${src}#1\nduration: ${planned}min\n---\n`)
      const others = cover?.no === 1 ? rest : shown
      if (others.length) parts.push(`---\nsrc: ${src}#${slideRanges(others.map((s) => s.no))}\n---\n`)
      spans.push({ id, title: entry.title, from: slideNo + 1, to: slideNo + shown.length, minutes: planned })
      slideNo += shown.length
    }
    const minutes = spans.reduce((t, s) => t + s.minutes, 0)
    const headmatter = {
      ...head,
      title,
      duration: `${minutes}min`,
      exportFilename: `${DAY_DECK_PREFIX}${day.day}`,
      layout: 'cover',
      // Read by the presenter's section clock (components/SectionClock.vue).
      kitSections: spans,
    }
    const text = [frontmatterBlock(headmatter) + opening[0], ...opening.slice(1), ...parts].join('\n')
    return { day: day.day, text, spans, minutes }
  })
}

export interface DayDecks {
  decks: Deck[]
  table: AllocationTable
  sources: DayDeckSource[]
}

/**
 * Check the agenda (an unknown section, overlapping breaks or a day that does not fit throws an
 * AgendaFieldError before anything is written) and write one deck per day under .kit/day-N/.
 * Day decks of an earlier, longer agenda are removed.
 */
export async function writeDayDecks(spec: AgendaSpec, options: { catalog?: SectionCatalog; outRoot?: string } = {}): Promise<DayDecks> {
  const catalog = options.catalog ?? (await loadSectionCatalog())
  const table = assertAgendaFits(spec, catalog)
  const outRoot = options.outRoot ?? DAY_DECKS_DIR
  // The section decks and the workshop deck share one headmatter; the day decks take the workshop's.
  const { title: _t, duration: _d, exportFilename: _e, layout: _l, ...head } = readHeadmatter(join(SLIDES_DIR, 'workshop', 'slides.md'))
  const sources = dayDeckSources(spec, table, catalog, head, join(outRoot, `${DAY_DECK_PREFIX}1`))
  await mkdir(outRoot, { recursive: true })
  for (const entry of await readdir(outRoot)) {
    const n = new RegExp(`^${DAY_DECK_PREFIX}(\\d+)$`).exec(entry)
    if (n && Number(n[1]) > sources.length) await rm(join(outRoot, entry), { recursive: true, force: true })
  }
  const decks: Deck[] = []
  for (const source of sources) {
    const id = `${DAY_DECK_PREFIX}${source.day}`
    const dir = join(outRoot, id)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'slides.md'), source.text)
    decks.push({ id, dir, entry: join(dir, 'slides.md'), title: `Advanced Tier workshop, day ${source.day}`, duration: `${source.minutes}min`, kind: 'day' })
  }
  return { decks, table, sources }
}

/**
 * Writes the day decks for the agenda in force. Throws AgendaFieldError (or ReportError for a bad
 * engagement.yaml) before anything is built; the main block prints it as one line and exits 2.
 */
export async function prepareDayDecks(options: { engagement?: string; agenda?: ShippedAgendaName }): Promise<Deck[]> {
  const agenda = await resolveAgenda(options)
  try {
    const { decks, table } = await writeDayDecks(agenda.spec)
    step(`day decks: ${decks.map((deck) => deck.id).join(', ')} from ${agenda.source} (${table.days.map((d) => `day ${d.day} ends ${Math.floor(d.end / 60)}:${String(d.end % 60).padStart(2, '0')}`).join(', ')})`)
    return decks
  } catch (error) {
    // Name the file and the field, as every other input does.
    if (error instanceof AgendaFieldError) throw new AgendaFieldError(error.path, `${agenda.file ?? agenda.source}: ${error.path.replace(/^\$\./, '')}: ${error.message}`)
    throw error
  }
}
