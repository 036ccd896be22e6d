// Agenda planning for the workshop: lays an agreed agenda (AgendaSpec: days, breaks, a depth per
// section) out into the guide's time-allocation table with clock times, and says when a day runs late.
// Pure TypeScript (no Vue, no DOM): the build's day decks, `kit engagement agenda`, the AgendaPlanner
// component (deck 00) and the unit tests all use it.
//
// Times are minutes since midnight (09:00 = 540); formatClock/parseClock convert to and from HH:MM.

import { ReportError, describeValue } from './readers/errors.ts'

export type AgendaBlockKind = 'talk' | 'lab' | 'break' | 'lunch'

/** One section of the workshop (one deck), with the time it needs. */
export interface AgendaSection {
  /** Stable id, e.g. the deck folder "01-registry-integration". Defaults to the title. */
  id?: string
  title: string
  /** Instructor-led part, in minutes. */
  talkMinutes: number
  /** Hands-on part, in minutes. */
  labMinutes: number
}

/** A break anchored at a clock time. */
export interface AgendaBreak {
  /** "HH:MM" or minutes since midnight. */
  at: string | number
  minutes: number
  /** Shown in the agenda; defaults to "Coffee break" or "Lunch". */
  title?: string
}

export interface AgendaBreaks {
  /** null or undefined: no lunch. */
  lunch?: AgendaBreak | null
  coffee?: AgendaBreak[]
}

export interface AgendaBlock {
  start: number
  end: number
  title: string
  kind: AgendaBlockKind
  /** The section's id for talk and lab blocks. */
  section?: string
  /** 1, 2… when a break cut the block into parts; absent when it is whole. */
  part?: number
}

export interface AgendaDay {
  /** 1-based. */
  day: number
  start: number
  /** When the last block ends (the start when the day is empty). */
  end: number
  plannedEnd: number
  /** Minutes past plannedEnd, 0 when on time. */
  overrun: number
  blocks: AgendaBlock[]
  talkMinutes: number
  labMinutes: number
  breakMinutes: number
}

export class AgendaError extends Error {
  override name = 'AgendaError'
}

// ---------------------------------------------------------------------------------------------
// Clock times and durations

/** "HH:MM" for minutes since midnight; times past midnight get " (+1)". */
export function formatClock(minutes: number): string {
  if (!Number.isFinite(minutes)) throw new AgendaError(`Not a time: ${minutes}`)
  const total = Math.round(minutes)
  const day = Math.floor(total / 1440)
  const inDay = total - day * 1440
  const hh = String(Math.floor(inDay / 60)).padStart(2, '0')
  const mm = String(inDay % 60).padStart(2, '0')
  return day === 0 ? `${hh}:${mm}` : `${hh}:${mm} (${day > 0 ? '+' : ''}${day})`
}

/** Minutes since midnight for "9:00", "09:00" or "0900"; numbers pass through. Throws AgendaError. */
export function parseClock(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value >= 1440) throw new AgendaError(`Not a time of day: ${value}`)
    return Math.round(value)
  }
  const match = /^\s*(\d{1,2}):?(\d{2})\s*$/.exec(value)
  if (!match) throw new AgendaError(`Not a time of day: "${value}" (expected HH:MM)`)
  const hours = Number(match[1])
  const mins = Number(match[2])
  if (hours > 23 || mins > 59) throw new AgendaError(`Not a time of day: "${value}"`)
  return hours * 60 + mins
}

/** "2h 30m", "45m", "3h" — how the agenda writes a number of minutes. */
export function formatMinutes(minutes: number): string {
  const total = Math.round(minutes)
  const h = Math.floor(total / 60)
  const m = total % 60
  if (h === 0) return `${m}m`
  return m === 0 ? `${h}h` : `${h}h ${m}m`
}

const UNIT_MINUTES: Record<string, number> = {
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
}

/**
 * Minutes in a deck's headmatter `duration`: "150min", "2h30m", "2h 30min", "2.5h", "90" (a bare
 * number is minutes, as Slidev's timer reads it). Throws AgendaError on anything else.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) throw new AgendaError(`Not a duration: ${text}`)
    return Math.round(text)
  }
  const source = text.trim().toLowerCase()
  if (source === '') throw new AgendaError('Empty duration')
  if (/^\d+(\.\d+)?$/.test(source)) return Math.round(Number(source))
  const part = /(\d+(?:\.\d+)?)\s*([a-z]+)/g
  let total = 0
  let consumed = ''
  let lastUnit = Infinity
  for (let match = part.exec(source); match; match = part.exec(source)) {
    const unit = UNIT_MINUTES[match[2] ?? '']
    if (unit === undefined) throw new AgendaError(`Not a duration: "${text}" (unknown unit "${match[2]}")`)
    if (unit >= lastUnit) throw new AgendaError(`Not a duration: "${text}" (hours must come before minutes, once each)`)
    lastUnit = unit
    total += Number(match[1]) * unit
    consumed += match[0]
  }
  if (consumed.replace(/\s+/g, '') !== source.replace(/\s+/g, '')) {
    throw new AgendaError(`Not a duration: "${text}" (expected e.g. 150min, 2h30m or 2.5h)`)
  }
  return Math.round(total)
}

// ---------------------------------------------------------------------------------------------
// Planning

interface Anchor {
  at: number
  minutes: number
  title: string
  kind: 'break' | 'lunch'
}

interface Chunk {
  title: string
  kind: 'talk' | 'lab'
  section: string
  minutes: number
}

function sectionId(section: AgendaSection): string {
  return section.id ?? section.title
}

function anchorsOf(breaks: AgendaBreaks): Anchor[] {
  const anchors: Anchor[] = []
  for (const coffee of breaks.coffee ?? []) {
    if (coffee.minutes > 0) {
      anchors.push({ at: parseClock(coffee.at), minutes: Math.round(coffee.minutes), title: coffee.title ?? 'Coffee break', kind: 'break' })
    }
  }
  if (breaks.lunch && breaks.lunch.minutes > 0) {
    anchors.push({ at: parseClock(breaks.lunch.at), minutes: Math.round(breaks.lunch.minutes), title: breaks.lunch.title ?? 'Lunch', kind: 'lunch' })
  }
  return anchors.sort((a, b) => a.at - b.at)
}

function chunksOf(sections: AgendaSection[]): Chunk[] {
  const chunks: Chunk[] = []
  for (const section of sections) {
    const id = sectionId(section)
    if (section.talkMinutes > 0) chunks.push({ title: section.title, kind: 'talk', section: id, minutes: Math.round(section.talkMinutes) })
    if (section.labMinutes > 0) chunks.push({ title: section.title, kind: 'lab', section: id, minutes: Math.round(section.labMinutes) })
  }
  return chunks
}

/** Lay one day's sections out from `start`, placing each break at its clock time. */
function planDay(day: number, sections: AgendaSection[], start: number, plannedEnd: number, anchors: Anchor[], minChunk: number): AgendaDay {
  const blocks: AgendaBlock[] = []
  const pending = [...anchors].filter((anchor) => anchor.at >= start)
  let clock = start

  const placeBreak = (anchor: Anchor) => {
    blocks.push({ start: clock, end: clock + anchor.minutes, title: anchor.title, kind: anchor.kind })
    clock += anchor.minutes
    pending.shift()
  }

  for (const chunk of chunksOf(sections)) {
    let remaining = chunk.minutes
    const pieces: AgendaBlock[] = []
    while (remaining > 0) {
      const next = pending[0]
      // The clock has reached a break (an earlier block ended on or after its time): take it now.
      if (next && clock >= next.at) {
        placeBreak(next)
        continue
      }
      const end = clock + remaining
      if (!next || end <= next.at) {
        pieces.push({ start: clock, end, title: chunk.title, kind: chunk.kind, section: chunk.section })
        clock = end
        remaining = 0
        break
      }
      const before = next.at - clock
      const after = end - next.at
      if (before < minChunk) {
        // Too little time before the break: take the break early.
        placeBreak(next)
        continue
      }
      if (after < minChunk) {
        // Only a sliver would be left after the break: finish the block, take the break late.
        pieces.push({ start: clock, end, title: chunk.title, kind: chunk.kind, section: chunk.section })
        clock = end
        remaining = 0
        placeBreak(next)
        break
      }
      pieces.push({ start: clock, end: next.at, title: chunk.title, kind: chunk.kind, section: chunk.section })
      remaining -= before
      clock = next.at
      placeBreak(next)
    }
    if (pieces.length > 1) pieces.forEach((piece, index) => (piece.part = index + 1))
    // Breaks were pushed as they happened; put the pieces in time order among them.
    blocks.push(...pieces)
    blocks.sort((a, b) => a.start - b.start || a.end - b.end)
  }
  // A day ends with its last section: a break that would follow it (taken late, after the last
  // block) is not scheduled, so the table, the day decks and the planner all end the day there.
  while (blocks.length && (blocks[blocks.length - 1]!.kind === 'break' || blocks[blocks.length - 1]!.kind === 'lunch')) blocks.pop()

  const end = blocks.length ? Math.max(...blocks.map((block) => block.end)) : start
  const sum = (kinds: AgendaBlockKind[]) =>
    blocks.filter((block) => kinds.includes(block.kind)).reduce((total, block) => total + block.end - block.start, 0)
  return {
    day,
    start,
    end,
    plannedEnd,
    overrun: Math.max(0, end - plannedEnd),
    blocks,
    talkMinutes: sum(['talk']),
    labMinutes: sum(['lab']),
    breakMinutes: sum(['break', 'lunch']),
  }
}

// ---------------------------------------------------------------------------------------------
// The agreed agenda of an engagement: days with their times and breaks, and a depth per section.
// The minutes come from the decks themselves (each slide's "[N min]" note, the lab's `minutes:`),
// read by scripts/agenda.ts into a SectionCatalog; this file only adds them up and lays them out.

/**
 * How much of a section the day runs:
 * - full: every slide and the lab;
 * - short: the slides not marked `depth: deep`, and no lab (the lab moves to a follow-up);
 * - follow-up: the whole section moves to a follow-up session (listed in the table, not on a day);
 * - skip: not run.
 */
export type SectionDepth = 'full' | 'short' | 'follow-up' | 'skip'
export const SECTION_DEPTHS: readonly SectionDepth[] = ['full', 'short', 'follow-up', 'skip']
/** Depths that put a section on a day. */
export const DAY_DEPTHS: readonly SectionDepth[] = ['full', 'short']

/** One slide of a section deck, as the agenda counts it. */
export interface SectionSlide {
  /** 1-based position in the section's own slides.md (Slidev's `src: …#N` numbering). */
  no: number
  /** The "[N min]" of its notes. */
  minutes: number
  /** Marked `depth: deep` in its frontmatter: a short section hides it. */
  deep: boolean
  /** The slide that hands over to the section's lab (its minutes are the lab's `minutes:`). */
  lab: boolean
}

export interface SectionCatalogEntry {
  id: string
  title: string
  slides: SectionSlide[]
}

export type SectionCatalog = SectionCatalogEntry[]

/** One day of the agreed agenda, as engagement.yaml writes it. */
export interface AgendaDaySpec {
  /** "HH:MM". */
  start: string
  end: string
  /** Coffee breaks and lunch, at clock times; `title` "Lunch" (any case) makes it the lunch. */
  breaks: AgendaBreak[]
  /** Section ids in the order they run. */
  sections: string[]
}

export interface AgendaSpec {
  days: AgendaDaySpec[]
  /** Depth per section id. A section on a day defaults to full; one on no day defaults to skip. */
  depth: Record<string, SectionDepth>
}

/** Where in the agenda a problem is, as engagement.yaml spells it (e.g. `$.agenda.days[0].sections[2]`). */
export class AgendaFieldError extends AgendaError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
  }
}

/** The depth the spec gives a section (see AgendaSpec.depth for the defaults). */
export function depthOf(spec: AgendaSpec, id: string): SectionDepth {
  const onDay = spec.days.some((day) => day.sections.includes(id))
  return spec.depth[id] ?? (onDay ? 'full' : 'skip')
}

/** The slides a section shows at a depth (none unless full or short). */
export function slidesAtDepth(entry: SectionCatalogEntry, depth: SectionDepth): SectionSlide[] {
  if (depth === 'full') return entry.slides
  if (depth === 'short') return entry.slides.filter((slide) => !slide.deep && !slide.lab)
  return []
}

/** Talk and lab minutes of a section at a depth, summed from its slides' own timings. */
export function sectionAtDepth(entry: SectionCatalogEntry, depth: SectionDepth): AgendaSection {
  const slides = slidesAtDepth(entry, depth)
  const sum = (list: SectionSlide[]) => list.reduce((total, slide) => total + slide.minutes, 0)
  return { id: entry.id, title: entry.title, talkMinutes: sum(slides.filter((s) => !s.lab)), labMinutes: sum(slides.filter((s) => s.lab)) }
}

export interface AllocationRow {
  kind: 'section' | 'break' | 'lunch'
  title: string
  start: number
  end: number
  /** For sections. */
  id?: string
  depth?: SectionDepth
  talkMinutes: number
  labMinutes: number
  breakMinutes: number
}

export interface AllocationDay {
  day: number
  start: number
  end: number
  plannedEnd: number
  overrun: number
  rows: AllocationRow[]
  talkMinutes: number
  labMinutes: number
  breakMinutes: number
}

/** The guide's time-allocation table: per day each section's start, end, talk and lab minutes, and the breaks. */
export interface AllocationTable {
  days: AllocationDay[]
  /** Sections and labs moved to follow-up sessions, and what is skipped. */
  later: Array<{ id: string; title: string; depth: 'follow-up' | 'skip' | 'lab follow-up'; minutes: number }>
  /** One sentence per day that does not fit: "Day 1 ends at 18:10, 70 minutes past 17:00." */
  problems: string[]
}

function checkBreaks(day: AgendaDaySpec, index: number): void {
  const start = parseClock(day.start)
  const end = parseClock(day.end)
  const where = `$.agenda.days[${index}]`
  if (end <= start) throw new AgendaFieldError(`${where}.end`, `day ${index + 1} must end after it starts (${day.start}–${day.end})`)
  const breaks = day.breaks.map((b, i) => ({ i, at: parseClock(b.at), minutes: b.minutes })).sort((a, b) => a.at - b.at)
  let previous: { i: number; at: number; minutes: number } | undefined
  for (const b of breaks) {
    if (b.at < start || b.at + b.minutes > end) {
      throw new AgendaFieldError(`${where}.breaks[${b.i}]`, `the break at ${formatClock(b.at)} (${b.minutes} minutes) is outside day ${index + 1} (${day.start}–${day.end})`)
    }
    if (previous && previous.at + previous.minutes > b.at) {
      throw new AgendaFieldError(
        `${where}.breaks[${b.i}]`,
        `the break at ${formatClock(b.at)} overlaps the break at ${formatClock(previous.at)}, which lasts until ${formatClock(previous.at + previous.minutes)}`,
      )
    }
    previous = b
  }
}

/** The first day (1-based) that runs no section, or undefined when every day runs one. */
export function emptyDay(spec: AgendaSpec): number | undefined {
  const index = spec.days.findIndex((day) => day.sections.length === 0)
  return index < 0 ? undefined : index + 1
}

/** Why an agenda with a day that runs no section is refused (the planner, the endpoint and the CLI say this). */
export function emptyDaySentence(day: number, dayCount: number): string {
  return dayCount > 1 ? `Day ${day} has no section: move one there or make it a one-day agenda` : `Day ${day} has no section: put one on it`
}

/** Check an agenda against the sections that exist; throws AgendaFieldError naming the field. */
export function checkAgendaSpec(spec: AgendaSpec, catalog: SectionCatalog): void {
  const known = new Map(catalog.map((entry) => [entry.id, entry]))
  const names = catalog.map((entry) => entry.id).join(', ')
  if (spec.days.length === 0) throw new AgendaFieldError('$.agenda.days', 'the agenda has no day')
  const placed = new Map<string, number>()
  spec.days.forEach((day, d) => {
    checkBreaks(day, d)
    day.sections.forEach((id, s) => {
      const path = `$.agenda.days[${d}].sections[${s}]`
      if (!known.has(id)) throw new AgendaFieldError(path, `unknown section "${id}" (sections: ${names})`)
      if (placed.has(id)) throw new AgendaFieldError(path, `section "${id}" is already on day ${placed.get(id)! + 1}`)
      placed.set(id, d)
      const depth = depthOf(spec, id)
      if (!DAY_DEPTHS.includes(depth)) {
        throw new AgendaFieldError(path, `section "${id}" has depth ${depth}, so it belongs on no day (depth full or short runs on a day)`)
      }
    })
  })
  for (const [id, depth] of Object.entries(spec.depth)) {
    if (!known.has(id)) throw new AgendaFieldError(`$.agenda.depth.${id}`, `unknown section "${id}" (sections: ${names})`)
    if (DAY_DEPTHS.includes(depth) && !placed.has(id)) {
      throw new AgendaFieldError(`$.agenda.depth.${id}`, `section "${id}" is ${depth} but on no day: list it under one of agenda.days[].sections`)
    }
  }
  // An empty day would build an empty day deck.
  const empty = emptyDay(spec)
  if (empty !== undefined) throw new AgendaFieldError(`$.agenda.days[${empty - 1}].sections`, emptyDaySentence(empty, spec.days.length))
}

function breaksOf(day: AgendaDaySpec): AgendaBreaks {
  const isLunch = (b: AgendaBreak) => /^lunch$/i.test(b.title ?? '')
  const lunches = day.breaks.filter(isLunch)
  return {
    lunch: lunches[0] ?? null,
    coffee: day.breaks.filter((b) => !isLunch(b) || b !== lunches[0]),
  }
}

/**
 * The time-allocation table for an agenda. Throws AgendaFieldError when the agenda names an unknown
 * section or a break overlaps; a day that runs late is a sentence in `problems` (see assertAgendaFits).
 */
export function allocateAgenda(spec: AgendaSpec, catalog: SectionCatalog): AllocationTable {
  checkAgendaSpec(spec, catalog)
  const byId = new Map(catalog.map((entry) => [entry.id, entry]))
  const days = spec.days.map((daySpec, index): AllocationDay => {
    const sections = daySpec.sections.map((id) => sectionAtDepth(byId.get(id)!, depthOf(spec, id)))
    const plannedEnd = parseClock(daySpec.end)
    const day = planDay(index + 1, sections, parseClock(daySpec.start), plannedEnd, anchorsOf(breaksOf(daySpec)), 30)
    const rows: AllocationRow[] = []
    for (const block of day.blocks) {
      if (block.kind === 'break' || block.kind === 'lunch') {
        rows.push({ kind: block.kind, title: block.title, start: block.start, end: block.end, talkMinutes: 0, labMinutes: 0, breakMinutes: block.end - block.start })
        continue
      }
      const last = rows[rows.length - 1]
      const minutes = block.end - block.start
      // A section cut by a break shows as one row per part; consecutive blocks of one part merge.
      if (last?.kind === 'section' && last.id === block.section) {
        last.end = block.end
        if (block.kind === 'talk') last.talkMinutes += minutes
        else last.labMinutes += minutes
        continue
      }
      rows.push({
        kind: 'section',
        id: block.section,
        depth: depthOf(spec, block.section!),
        title: block.title,
        start: block.start,
        end: block.end,
        talkMinutes: block.kind === 'talk' ? minutes : 0,
        labMinutes: block.kind === 'lab' ? minutes : 0,
        breakMinutes: 0,
      })
    }
    return { day: day.day, start: day.start, end: day.end, plannedEnd, overrun: day.overrun, rows, talkMinutes: day.talkMinutes, labMinutes: day.labMinutes, breakMinutes: day.breakMinutes }
  })
  const later: AllocationTable['later'] = []
  for (const entry of catalog) {
    const depth = depthOf(spec, entry.id)
    const full = sectionAtDepth(entry, 'full')
    if (depth === 'follow-up' || depth === 'skip') later.push({ id: entry.id, title: entry.title, depth, minutes: full.talkMinutes + full.labMinutes })
    else if (depth === 'short' && full.labMinutes > 0) later.push({ id: entry.id, title: entry.title, depth: 'lab follow-up', minutes: full.labMinutes })
  }
  const problems = days
    .filter((day) => day.overrun > 0)
    .map((day) => `Day ${day.day} ends at ${formatClock(day.end)}, ${day.overrun} minutes past ${formatClock(day.plannedEnd)}.`)
  return { days, later, problems }
}

/** The table, or an AgendaFieldError whose message is the first day that does not fit. */
export function assertAgendaFits(spec: AgendaSpec, catalog: SectionCatalog): AllocationTable {
  const table = allocateAgenda(spec, catalog)
  const late = table.days.find((day) => day.overrun > 0)
  if (late) throw new AgendaFieldError(`$.agenda.days[${late.day - 1}]`, table.problems[0]!)
  return table
}

/** The kit's standard breaks: two coffee breaks and lunch (the planner's "Breaks" switch puts these in). */
export const STANDARD_BREAKS: readonly AgendaBreak[] = Object.freeze([
  { at: '10:30', minutes: 15, title: 'Coffee break' },
  { at: '12:30', minutes: 45, title: 'Lunch' },
  { at: '15:00', minutes: 15, title: 'Coffee break' },
])

const SECTION_IDS = [
  '00-welcome',
  '01-registry-integration',
  '02-vulnerability-scanning',
  '03-image-assurance',
  '04-cicd-integration',
  '05-sso-saml',
  '06-siem-logging',
  '07-policy-as-code',
] as const

/**
 * The kit's own one-day agenda: every section short (deep-dive slides hidden, labs moved to
 * follow-ups), 09:00–17:00 with two coffee breaks and lunch — the breadth run of the workshop deck.
 */
export const SHIPPED_ONE_DAY: AgendaSpec = Object.freeze<AgendaSpec>({
  days: [{ start: '09:00', end: '17:00', breaks: [...STANDARD_BREAKS], sections: [...SECTION_IDS] }],
  depth: Object.fromEntries(SECTION_IDS.map((id) => [id, 'short' as const])),
})

/**
 * The kit's own two-day agenda, as deck 00 presents it: day 1 the welcome, registries and scanning,
 * day 2 Image Assurance and CI/CD, all full; SSO, SIEM and policies as code move to follow-ups.
 * An engagement without an `agenda:` uses this one.
 */
export const SHIPPED_TWO_DAY: AgendaSpec = Object.freeze<AgendaSpec>({
  days: [
    { start: '09:00', end: '17:00', breaks: [...STANDARD_BREAKS], sections: ['00-welcome', '01-registry-integration', '02-vulnerability-scanning'] },
    { start: '09:00', end: '17:00', breaks: [...STANDARD_BREAKS], sections: ['03-image-assurance', '04-cicd-integration'] },
  ],
  depth: {
    '00-welcome': 'full',
    '01-registry-integration': 'full',
    '02-vulnerability-scanning': 'full',
    '03-image-assurance': 'full',
    '04-cicd-integration': 'full',
    '05-sso-saml': 'follow-up',
    '06-siem-logging': 'follow-up',
    '07-policy-as-code': 'follow-up',
  },
})

/** The "[N min]" a slide's speaker notes start with; undefined when they carry none. */
export function noteMinutes(note: string): number | undefined {
  const match = /^\s*\[(\d+) min\]/.exec(note)
  return match ? Number(match[1]) : undefined
}

/** Every section row's and break's minutes of a day, for checks: talk + lab + breaks = end − start. */
export function allocationMinutes(day: AllocationDay): number {
  return day.rows.reduce((total, row) => total + row.talkMinutes + row.labMinutes + row.breakMinutes, 0)
}

/** How the table names each depth (the slide, the day decks and `kit engagement agenda` alike). */
export const DEPTH_LABEL: Readonly<Record<SectionDepth | 'lab follow-up', string>> = {
  full: 'full',
  short: 'short (no lab)',
  'follow-up': 'follow-up session',
  skip: 'not run',
  'lab follow-up': 'lab in a follow-up',
}

/** One row of the time-allocation table in words; every place that prints the table uses these. */
export interface AllocationRowWords {
  time: string
  title: string
  /** Empty for breaks. */
  depth: string
  talk: string
  lab: string
}

export function allocationRowWords(row: AllocationRow, titles: Record<string, string> = {}): AllocationRowWords {
  const time = `${formatClock(row.start)}–${formatClock(row.end)}`
  if (row.kind !== 'section') return { time, title: row.title, depth: '', talk: '', lab: '' }
  return { time, title: titles[row.id!] ?? row.title, depth: DEPTH_LABEL[row.depth!], talk: String(row.talkMinutes), lab: row.labMinutes ? String(row.labMinutes) : '—' }
}

/** "Day 1, 09:00–16:13: ends by 17:00" or "Day 1, 09:00–18:10: 70 minutes past 17:00". */
export function allocationDayHeading(day: AllocationDay): string {
  const fits = day.overrun > 0 ? `${day.overrun} minutes past ${formatClock(day.plannedEnd)}` : `ends by ${formatClock(day.plannedEnd)}`
  return `Day ${day.day}, ${formatClock(day.start)}–${formatClock(day.end)}: ${fits}`
}

/** "talk 300, lab 120, breaks 75 minutes". */
export function allocationDayTotals(day: AllocationDay): string {
  return `talk ${day.talkMinutes}, lab ${day.labMinutes}, breaks ${day.breakMinutes} minutes`
}

/** One day of the time-allocation table as a Markdown table (the day decks' opening slides print it). */
export function allocationDayMarkdown(day: AllocationDay, titles: Record<string, string> = {}): string {
  const lines = ['| Time | Section | Depth | Talk | Lab |', '|---|---|---|--:|--:|']
  for (const row of day.rows) {
    const words = allocationRowWords(row, titles)
    if (row.kind === 'section') lines.push(`| ${words.time} | ${words.title} | ${words.depth} | ${words.talk} | ${words.lab} |`)
    else lines.push(`| ${words.time} | *${words.title}* | | | |`)
  }
  lines.push(`| **${formatClock(day.start)}–${formatClock(day.end)}** | **Day ${day.day}** | breaks ${day.breakMinutes} | **${day.talkMinutes}** | **${day.labMinutes}** |`)
  return lines.join('\n')
}

/** "SSO with SAML and RBAC (follow-up session, 133 min)": one item the agenda leaves for later. */
export function allocationLaterWords(item: AllocationTable['later'][number]): string {
  return `${item.title} (${DEPTH_LABEL[item.depth]}, ${item.minutes} min)`
}

/** What the agenda leaves for later as a Markdown table ("" when nothing). */
export function allocationLaterMarkdown(table: AllocationTable): string {
  if (table.later.length === 0) return ''
  return ['| Section | Moves to | Minutes |', '|---|---|--:|', ...table.later.map((item) => `| ${item.title} | ${DEPTH_LABEL[item.depth]} | ${item.minutes} |`)].join('\n')
}

// ---------------------------------------------------------------------------------------------
// Reading an agenda someone wrote (engagement.yaml, the planner's save): shape and clock times.

function bad(file: string, path: string, expected: string, value: unknown): never {
  throw new ReportError({ file, path, expected, found: describeValue(value), headline: `wrong value at ${path}` })
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function clockAt(file: string, path: string, value: unknown): string {
  if (typeof value !== 'string') bad(file, path, 'a time "HH:MM" (quoted)', value)
  try {
    parseClock(value)
  } catch (error) {
    if (error instanceof AgendaError) bad(file, path, 'a time "HH:MM"', value)
    throw error
  }
  return value
}

/**
 * An `agenda:` value (from engagement.yaml, or as the planner sends it): its shape and times, as a
 * ReportError naming `file` and the field. Unknown sections and overlapping breaks are checkAgendaSpec's.
 */
export function parseAgendaSpec(value: unknown, file: string): AgendaSpec {
  const example = 'a mapping {days: [{start, end, breaks, sections}], depth: {<section>: full|short|follow-up|skip}}'
  if (!isMapping(value)) bad(file, '$.agenda', example, value)
  if (!Array.isArray(value.days) || value.days.length === 0) bad(file, '$.agenda.days', 'a list of one or more days', value.days)
  const days = value.days.map((day: unknown, d: number): AgendaDaySpec => {
    const at = `$.agenda.days[${d}]`
    if (!isMapping(day)) bad(file, at, 'a mapping {start, end, breaks, sections}', day)
    const breaks = (day.breaks ?? []) as unknown
    if (!Array.isArray(breaks)) bad(file, `${at}.breaks`, 'a list of breaks {at, minutes, title}', breaks)
    const sections = day.sections as unknown
    if (!Array.isArray(sections)) bad(file, `${at}.sections`, 'a list of section ids, e.g. [00-welcome, 01-registry-integration]', sections)
    return {
      start: clockAt(file, `${at}.start`, day.start),
      end: clockAt(file, `${at}.end`, day.end),
      breaks: breaks.map((b: unknown, i: number): AgendaBreak => {
        const where = `${at}.breaks[${i}]`
        if (!isMapping(b)) bad(file, where, 'a break {at: "HH:MM", minutes, title}', b)
        if (typeof b.minutes !== 'number' || !Number.isInteger(b.minutes) || b.minutes <= 0) bad(file, `${where}.minutes`, 'a whole number of minutes > 0', b.minutes)
        if (b.title !== undefined && typeof b.title !== 'string') bad(file, `${where}.title`, 'a title (a string)', b.title)
        return { at: clockAt(file, `${where}.at`, b.at), minutes: b.minutes, ...(b.title === undefined ? {} : { title: b.title }) }
      }),
      sections: sections.map((id: unknown, s: number) => {
        if (typeof id !== 'string' || id.trim() === '') bad(file, `${at}.sections[${s}]`, 'a section id, e.g. 01-registry-integration', id)
        return id
      }),
    }
  })
  const depthValue = value.depth ?? {}
  if (!isMapping(depthValue)) bad(file, '$.agenda.depth', 'a mapping {<section>: full|short|follow-up|skip}', depthValue)
  const depth: Record<string, SectionDepth> = {}
  for (const [id, d] of Object.entries(depthValue)) {
    if (!SECTION_DEPTHS.includes(d as SectionDepth)) bad(file, `$.agenda.depth.${id}`, SECTION_DEPTHS.join(', '), d)
    depth[id] = d as SectionDepth
  }
  return { days, depth }
}

// ---------------------------------------------------------------------------------------------
// The presenter's section clock: which section a day deck's slide belongs to, and how its planned
// minutes compare with the time spent in it so far.

/** The slides of one section in a day deck (written into the deck's headmatter as `kitSections`). */
export interface SectionSpan {
  id: string
  title: string
  /** 1-based slide numbers in the day deck, inclusive. */
  from: number
  to: number
  /** Planned minutes: the shown slides' timings (= the allocation table's talk + lab). */
  minutes: number
}

export function sectionAtSlide(spans: readonly SectionSpan[], slide: number): SectionSpan | undefined {
  return spans.find((span) => slide >= span.from && slide <= span.to)
}

export interface SectionClock {
  /** "12 of 60 min". */
  text: string
  /** Minutes left (negative when over). */
  left: number
  state: 'on-time' | 'closing' | 'over'
}

/** Planned against elapsed; "closing" in the last 10% (at least 5 minutes), so there is time to cut. */
export function sectionClock(plannedMinutes: number, elapsedMs: number): SectionClock {
  const elapsed = Math.floor(Math.max(0, elapsedMs) / 60_000)
  const left = plannedMinutes - elapsed
  const margin = Math.max(5, Math.round(plannedMinutes * 0.1))
  return { text: `${elapsed} of ${plannedMinutes} min`, left, state: left < 0 ? 'over' : left <= margin ? 'closing' : 'on-time' }
}
