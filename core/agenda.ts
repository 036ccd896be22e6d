// Agenda planning for the workshop: turns the sections' talk and lab minutes into a one-day or a
// two-day timetable with clock times, coffee breaks and lunch, and says when a day runs late.
// Pure TypeScript (no Vue, no DOM): the AgendaPlanner component and the unit tests both use it.
//
// Times are minutes since midnight (09:00 = 540); formatClock/parseClock convert to and from HH:MM.

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

export interface AgendaOptions {
  days?: 1 | 2
  /** Start of each day, "HH:MM" or minutes since midnight. Default 09:00. */
  start?: string | number
  /** Planned end of each day; a day that ends later gets an overrun warning. Default 17:00. */
  end?: string | number
  breaks?: AgendaBreaks
  /**
   * A block is not cut into a piece shorter than this around a break: the break moves to the block's
   * start (early) or end (late) instead. Default 30.
   */
  minChunk?: number
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

export interface AgendaPlan {
  days: AgendaDay[]
  /** One sentence per problem (day overruns, sections that did not fit…). */
  warnings: string[]
  totals: { talk: number; lab: number; breaks: number; content: number }
}

export class AgendaError extends Error {
  override name = 'AgendaError'
}

export const DEFAULT_START = 9 * 60
export const DEFAULT_END = 17 * 60
export const DEFAULT_BREAKS: Readonly<Required<AgendaBreaks>> = Object.freeze({
  lunch: { at: '12:30', minutes: 45, title: 'Lunch' },
  coffee: [
    { at: '10:30', minutes: 15, title: 'Coffee break' },
    { at: '15:00', minutes: 15, title: 'Coffee break' },
  ],
})

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

/**
 * A section from a deck's total duration: `labShare` of it (rounded to 5 minutes) is lab, the rest
 * talk. The welcome deck builds its sections list this way from each deck's headmatter.
 */
export function sectionFromDuration(title: string, duration: string | number, labShare = 0.5, id?: string): AgendaSection {
  if (!(labShare >= 0 && labShare <= 1)) throw new AgendaError(`labShare must be between 0 and 1, got ${labShare}`)
  const total = parseDuration(duration)
  const labMinutes = Math.round((total * labShare) / 5) * 5
  return { id: id ?? title, title, talkMinutes: total - labMinutes, labMinutes }
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

function checkSection(section: AgendaSection): void {
  for (const key of ['talkMinutes', 'labMinutes'] as const) {
    const value = section[key]
    if (!Number.isFinite(value) || value < 0) {
      throw new AgendaError(`Section "${section.title}": ${key} must be a number of minutes ≥ 0, got ${value}`)
    }
  }
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

function sectionMinutes(section: AgendaSection): number {
  return Math.round(section.talkMinutes) + Math.round(section.labMinutes)
}

/**
 * Where to cut the (ordered) sections into two days: the cut that makes the longer day shortest;
 * on a tie, the one that puts more on day 1. Sections are never split across days.
 */
export function splitIntoTwoDays(sections: AgendaSection[]): [AgendaSection[], AgendaSection[]] {
  const total = sections.reduce((sum, section) => sum + sectionMinutes(section), 0)
  let best = 0
  let bestLonger = Infinity
  let first = 0
  for (let cut = 0; cut <= sections.length; cut++) {
    if (cut > 0) first += sectionMinutes(sections[cut - 1]!)
    const longer = Math.max(first, total - first)
    // "<=" keeps moving the cut later on ties, which puts more on day 1.
    if (longer <= bestLonger) {
      best = cut
      bestLonger = longer
    }
  }
  return [sections.slice(0, best), sections.slice(best)]
}

/** The timetable for `sections` over one or two days. Throws AgendaError on invalid input. */
export function planAgenda(sections: AgendaSection[], options: AgendaOptions = {}): AgendaPlan {
  const days = options.days ?? 1
  if (days !== 1 && days !== 2) throw new AgendaError(`days must be 1 or 2, got ${String(days)}`)
  sections.forEach(checkSection)
  const start = parseClock(options.start ?? DEFAULT_START)
  const plannedEnd = options.end === undefined ? DEFAULT_END : parseClock(options.end)
  if (plannedEnd <= start) throw new AgendaError(`The day must end after it starts (${formatClock(start)}–${formatClock(plannedEnd)})`)
  const minChunk = options.minChunk ?? 30
  const anchors = anchorsOf(options.breaks ?? DEFAULT_BREAKS)

  const groups = days === 1 ? [sections] : splitIntoTwoDays(sections)
  const planned = groups.map((group, index) => planDay(index + 1, group, start, plannedEnd, anchors, minChunk))

  const warnings: string[] = []
  for (const day of planned) {
    if (day.overrun > 0) {
      warnings.push(
        `Day ${day.day} ends at ${formatClock(day.end)}, ${formatMinutes(day.overrun)} after the planned end ${formatClock(day.plannedEnd)}.`,
      )
    }
  }
  if (days === 2 && planned.some((day) => day.blocks.length === 0) && sections.length > 0) {
    warnings.push(sections.length === 1 ? 'Only one section: the second day is empty.' : 'One day is empty.')
  }

  const totals = planned.reduce(
    (sum, day) => ({
      talk: sum.talk + day.talkMinutes,
      lab: sum.lab + day.labMinutes,
      breaks: sum.breaks + day.breakMinutes,
      content: sum.content + day.talkMinutes + day.labMinutes,
    }),
    { talk: 0, lab: 0, breaks: 0, content: 0 },
  )
  return { days: planned, warnings, totals }
}
