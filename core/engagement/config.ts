// engagement.yaml: who the engagement is for and which policies are in play. Pure (no node:fs), so the
// build and the browser read it with the same code as `kit engagement`. Problems are ReportErrors that
// name the file and the field, like every other input the kit reads.
import { Scalar, parseDocument, stringify } from 'yaml'
import { parseAgendaSpec, type AgendaSpec } from '../agenda.ts'
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
  const agenda = o.agenda === undefined ? undefined : parseAgendaSpec(o.agenda, file)
  return { ...o, ...(agenda ? { agenda } : {}), version: 1, customer: o.customer, consultant: o.consultant, dates: { start: dates.start as string, end: dates.end as string }, policies: policies as string[] }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** engagement.yaml text for a config; key order fixed so diffs stay small. */
export function engagementConfigText(config: EngagementConfig): string {
  const { version, customer, consultant, dates, policies, ...rest } = config
  // Dates quoted, so YAML readers that turn bare dates into timestamps still read the string.
  const quoted = (text: string) => Object.assign(new Scalar(text), { type: Scalar.QUOTE_DOUBLE })
  return stringify({ version, customer, consultant, dates: { start: quoted(dates.start), end: quoted(dates.end) }, policies, ...rest })
}
