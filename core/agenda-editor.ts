// Editing an agreed agenda the way deck 00's AgendaPlanner does: each step takes an AgendaSpec and
// returns a new one (never changes its input), so the component only wires controls to these and
// shows allocateAgenda's table. Pure TypeScript (no Vue, no DOM), unit-tested without a browser.
//
// What a step keeps true: every section of the catalog has its depth written out; a section with
// depth full or short is on exactly one day, one with follow-up or skip on none; each day's sections
// run in the catalog's order (the order of the decks, which follows their dependencies).
import {
  AgendaError,
  DAY_DEPTHS,
  DEPTH_LABEL,
  STANDARD_BREAKS,
  depthOf,
  formatClock,
  parseAgendaSpec,
  parseClock,
  type AgendaBreak,
  type AgendaDaySpec,
  type AgendaSpec,
  type SectionCatalog,
  type SectionDepth,
} from './agenda.ts'
import { fnv1a } from './hash.ts'
import { ReportError } from './readers/errors.ts'

/** The planner offers one or two days (the workshop's length in the guide). */
export const DAY_COUNTS = [1, 2] as const
export type DayCount = (typeof DAY_COUNTS)[number]

function copyDay(day: AgendaDaySpec): AgendaDaySpec {
  return { start: day.start, end: day.end, breaks: day.breaks.map((b) => ({ ...b })), sections: [...day.sections] }
}

/** Sections in catalog order (unknown ids last, as they came, so checkAgendaSpec still names them). */
function inCatalogOrder(ids: string[], catalog: SectionCatalog): string[] {
  const rank = new Map(catalog.map((entry, i) => [entry.id, i]))
  return [...ids].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity))
}

/** A copy with every catalog section's depth written out and each day's sections in catalog order. */
export function normaliseSpec(spec: AgendaSpec, catalog: SectionCatalog): AgendaSpec {
  const depth: Record<string, SectionDepth> = { ...spec.depth }
  for (const entry of catalog) depth[entry.id] = depthOf(spec, entry.id)
  return { days: spec.days.map((day) => ({ ...copyDay(day), sections: inCatalogOrder(day.sections, catalog) })), depth }
}

/** The standard breaks that lie inside a day from `start` to `end`. */
export function standardBreaksFor(start: string, end: string): AgendaBreak[] {
  const from = parseClock(start)
  const to = parseClock(end)
  return STANDARD_BREAKS.filter((b) => parseClock(b.at) >= from && parseClock(b.at) + b.minutes <= to).map((b) => ({ ...b }))
}

/** True when a day's breaks are some of the standard ones (so the planner may re-fit them to new times). */
function standardOnly(day: AgendaDaySpec): boolean {
  return day.breaks.every((b) => STANDARD_BREAKS.some((s) => parseClock(s.at) === parseClock(b.at) && s.minutes === b.minutes && s.title === b.title))
}

/** Breaks are "on" when any day has one. */
export function breaksOn(spec: AgendaSpec): boolean {
  return spec.days.some((day) => day.breaks.length > 0)
}

/** Every day gets the standard breaks that fit it, or none. */
export function setBreaks(spec: AgendaSpec, on: boolean): AgendaSpec {
  return { ...spec, days: spec.days.map((day) => ({ ...copyDay(day), breaks: on ? standardBreaksFor(day.start, day.end) : [] })) }
}

/**
 * One or two days. Down to one: day 2's sections join day 1. Up to two: day 2 starts empty with
 * day 1's times and breaks, ready for sections to be moved onto it.
 */
export function setDayCount(spec: AgendaSpec, catalog: SectionCatalog, count: DayCount): AgendaSpec {
  if (!DAY_COUNTS.includes(count)) throw new AgendaError(`an agenda has 1 or 2 days, not ${String(count)}`)
  const days = spec.days.map(copyDay)
  if (days.length === 0) throw new AgendaError('the agenda has no day')
  while (days.length > count) {
    const last = days.pop()!
    const into = days[days.length - 1]!
    into.sections = inCatalogOrder([...into.sections, ...last.sections], catalog)
  }
  while (days.length < count) days.push({ ...copyDay(days[days.length - 1]!), sections: [] })
  return { ...spec, days }
}

/** A day's start or end ("9:00" is taken as 09:00); standard breaks follow the day's new times. */
export function setDayTime(spec: AgendaSpec, dayIndex: number, which: 'start' | 'end', value: string): AgendaSpec {
  const clock = formatClock(parseClock(value))
  return {
    ...spec,
    days: spec.days.map((day, i) => {
      if (i !== dayIndex) return copyDay(day)
      const next = { ...copyDay(day), [which]: clock }
      // Custom breaks (from engagement.yaml) stay as written; checkAgendaSpec names one left outside the day.
      if (day.breaks.length > 0 && standardOnly(day) && parseClock(next.end) > parseClock(next.start)) next.breaks = standardBreaksFor(next.start, next.end)
      return next
    }),
  }
}

/** The 0-based day a section runs on, or undefined when it is on none. */
export function sectionDay(spec: AgendaSpec, id: string): number | undefined {
  const index = spec.days.findIndex((day) => day.sections.includes(id))
  return index < 0 ? undefined : index
}

function place(spec: AgendaSpec, catalog: SectionCatalog, id: string, dayIndex: number | undefined): AgendaDaySpec[] {
  return spec.days.map((day, i) => {
    const sections = day.sections.filter((s) => s !== id)
    if (i === dayIndex) sections.push(id)
    return { ...copyDay(day), sections: inCatalogOrder(sections, catalog) }
  })
}

/** Move a section to a day (0-based); a section that was off every day runs there in full. */
export function setSectionDay(spec: AgendaSpec, catalog: SectionCatalog, id: string, dayIndex: number): AgendaSpec {
  if (!spec.days[dayIndex]) throw new AgendaError(`there is no day ${dayIndex + 1}`)
  const depth = depthOf(spec, id)
  return { days: place(spec, catalog, id, dayIndex), depth: { ...spec.depth, [id]: DAY_DEPTHS.includes(depth) ? depth : 'full' } }
}

/**
 * A section's depth. Follow-up and skip take it off its day; full or short put a section that was
 * on no day onto the day of the nearest earlier section in catalog order (day 1 when none is earlier).
 */
export function setSectionDepth(spec: AgendaSpec, catalog: SectionCatalog, id: string, depth: SectionDepth): AgendaSpec {
  let dayIndex: number | undefined
  if (DAY_DEPTHS.includes(depth)) {
    dayIndex = sectionDay(spec, id)
    if (dayIndex === undefined) {
      const order = catalog.map((entry) => entry.id)
      const earlier = order.slice(0, Math.max(0, order.indexOf(id))).reverse()
      dayIndex = earlier.map((other) => sectionDay(spec, other)).find((d) => d !== undefined) ?? 0
    }
  }
  return { days: place(spec, catalog, id, dayIndex), depth: { ...spec.depth, [id]: depth } }
}

/** The spec as the record keeps it (one field, JSON text). */
export function agendaSpecText(spec: AgendaSpec): string {
  return JSON.stringify(spec)
}

/** The record's text back as a spec, or undefined when it is not one (the planner then keeps its own). */
export function readAgendaSpecText(text: string): AgendaSpec | undefined {
  try {
    return parseAgendaSpec(JSON.parse(text), 'the saved agenda')
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof ReportError) return undefined
    throw error
  }
}

/**
 * The mark the record keeps beside a browser's spec: which engagement.yaml agenda it was based on
 * (a hash of that agenda as the folder served it, in the planner's normal form).
 */
export function agendaBase(served: AgendaSpec, catalog: SectionCatalog): string {
  return fnv1a(agendaSpecText(normaliseSpec(served, catalog)))
}

export interface StartingAgenda {
  spec: AgendaSpec
  /** agendaBase of the folder's agenda, to keep with `spec`. */
  base: string
  /** True when engagement.yaml's agenda changed since the browser's spec was based on it, so it wins. */
  folderChanged: boolean
  /** The browser's own spec the folder's replaced (only when it differs), kept so it can be restored. */
  displaced?: AgendaSpec
}

/**
 * Which agenda a planner served with an engagement starts from: the browser's kept spec while
 * engagement.yaml still holds the agenda it was based on (the browser may hold a newer choice, not
 * yet written); the folder's when it changed since (e.g. `kit engagement agenda --set`) or when the
 * browser's spec records no base, with the browser's spec handed back as `displaced` when it differs.
 */
export function startingAgenda(served: AgendaSpec, kept: { spec?: AgendaSpec; base?: string }, catalog: SectionCatalog): StartingAgenda {
  const folder = normaliseSpec(served, catalog)
  const base = agendaBase(folder, catalog)
  if (!kept.spec) return { spec: folder, base, folderChanged: false }
  const browser = normaliseSpec(kept.spec, catalog)
  if (kept.base === base) return { spec: browser, base, folderChanged: false }
  const same = agendaSpecText(browser) === agendaSpecText(folder)
  return { spec: folder, base, folderChanged: !same, ...(same ? {} : { displaced: browser }) }
}

/**
 * Where a section runs and how much of it, as the planner's one control per section offers it:
 * "1:full", "2:short" (day and depth), or "follow-up" / "skip" (on no day).
 */
export type Placement = `${number}:${'full' | 'short'}` | 'follow-up' | 'skip'

export function placementOf(spec: AgendaSpec, id: string): Placement {
  const depth = depthOf(spec, id)
  if (depth === 'follow-up' || depth === 'skip') return depth
  return `${(sectionDay(spec, id) ?? 0) + 1}:${depth}`
}

/** The placements a spec with this many days offers, in the order the control lists them. */
export function placements(dayCount: number): Placement[] {
  const list: Placement[] = []
  for (let day = 1; day <= dayCount; day++) list.push(`${day}:full`, `${day}:short`)
  return [...list, 'follow-up', 'skip']
}

export function setPlacement(spec: AgendaSpec, catalog: SectionCatalog, id: string, placement: Placement): AgendaSpec {
  const match = /^(\d+):(full|short)$/.exec(placement)
  if (!match) return setSectionDepth(spec, catalog, id, placement as SectionDepth)
  return setSectionDepth(setSectionDay(spec, catalog, id, Number(match[1]) - 1), catalog, id, match[2] as SectionDepth)
}

/** "Day 1, full", "Day 2, short (no lab)", "follow-up session", "not run" (the table's depth words). */
export function placementLabel(placement: Placement): string {
  const match = /^(\d+):(full|short)$/.exec(placement)
  if (!match) return DEPTH_LABEL[placement as 'follow-up' | 'skip']
  return `Day ${match[1]}, ${DEPTH_LABEL[match[2] as 'full' | 'short']}`
}
