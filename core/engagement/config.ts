// engagement.yaml: who the engagement is for and which policies are in play. Pure (no node:fs), so the
// build and the browser read it with the same code as `kit engagement`. Problems are ReportErrors that
// name the file and the field, like every other input the kit reads.
import { Scalar, parseDocument, stringify } from 'yaml'
import { AgendaError, SECTION_DEPTHS, parseClock, type AgendaBreak, type AgendaDaySpec, type AgendaSpec, type SectionDepth } from '../agenda.ts'
import { ReportError, describeValue } from '../readers/errors.ts'

export const ENGAGEMENT_FILE = 'engagement.yaml'
export const REPORTS_DIR = 'reports'
export const POLICIES_DIR = 'policies'
export const PULL_DIR = '.pull'

export interface EngagementConfig {
  version: 1
  customer: string
  consultant: string
  dates: { start: string; end: string }
  /** Names of the image assurance policies in play; their JSON lives under policies/. */
  policies: string[]
  /**
   * The agreed agenda (days, times, breaks, a depth per section); absent until the consultant sets
   * it, and then the kit's two-day agenda applies (core/agenda.ts SHIPPED_TWO_DAY). Which section
   * ids exist is checked against the decks by core/agenda.ts checkAgendaSpec, not here.
   */
  agenda?: AgendaSpec
  /** Fields this version does not read (e.g. `agenda`), kept as they were when the file is rewritten. */
  [field: string]: unknown
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A real calendar day written YYYY-MM-DD (2026-13-01 and 2026-02-30 are not). */
export function isIsoDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

function bad(file: string, path: string, expected: string, value: unknown, headline = `wrong value at ${path}`): never {
  throw new ReportError({ file, path, expected, found: describeValue(value), headline })
}

/** Reads and checks engagement.yaml text; the first problem throws, naming its field. */
export function parseEngagementConfig(text: string, file: string): EngagementConfig {
  const doc = parseDocument(text, { prettyErrors: false })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : 'the start'
    throw new ReportError({ file, path: '$', expected: 'YAML', headline: `not valid YAML at ${where}: ${e.message.split('\n')[0]}` })
  }
  const value: unknown = doc.toJS()
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(file, '$', 'a mapping with version, customer, consultant, dates and policies', value, 'not an engagement file')
  const o = value as Record<string, unknown>
  if (o.version !== 1) bad(file, '$.version', '1', o.version)
  if (typeof o.customer !== 'string' || o.customer.trim() === '') bad(file, '$.customer', "the customer's name", o.customer)
  if (typeof o.consultant !== 'string') bad(file, '$.consultant', "the consultant's name (a string)", o.consultant)
  const dates = o.dates as Record<string, unknown> | undefined
  if (typeof dates !== 'object' || dates === null || Array.isArray(dates)) bad(file, '$.dates', 'a mapping {start, end}', dates)
  for (const key of ['start', 'end'] as const) {
    // YAML reads an unquoted 2026-12-01 as a string here (core schema), but say "YYYY-MM-DD" either way.
    if (!isIsoDay(dates[key])) bad(file, `$.dates.${key}`, 'a date "YYYY-MM-DD"', dates[key])
  }
  if ((dates.end as string) < (dates.start as string)) bad(file, '$.dates.end', `a date on or after the start (${String(dates.start)})`, dates.end)
  const policies = o.policies ?? []
  if (!Array.isArray(policies)) bad(file, '$.policies', 'a list of policy names', policies)
  policies.forEach((p, i) => {
    if (typeof p !== 'string' || p.trim() === '') bad(file, `$.policies[${i}]`, 'a policy name', p)
  })
  const agenda = o.agenda === undefined ? undefined : parseAgenda(o.agenda, file)
  return { ...o, ...(agenda ? { agenda } : {}), version: 1, customer: o.customer, consultant: o.consultant, dates: { start: dates.start as string, end: dates.end as string }, policies: policies as string[] }
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

/** The `agenda:` mapping: its shape and times. Breaks that overlap are caught by checkAgendaSpec. */
function parseAgenda(value: unknown, file: string): AgendaSpec {
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

/** engagement.yaml text for a config; key order fixed so diffs stay small. */
export function engagementConfigText(config: EngagementConfig): string {
  const { version, customer, consultant, dates, policies, ...rest } = config
  // Dates quoted, so YAML readers that turn bare dates into timestamps still read the string.
  const quoted = (text: string) => Object.assign(new Scalar(text), { type: Scalar.QUOTE_DOUBLE })
  return stringify({ version, customer, consultant, dates: { start: quoted(dates.start), end: quoted(dates.end) }, policies, ...rest })
}
