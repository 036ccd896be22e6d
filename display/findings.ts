// What the scan table does with a list of findings: filter, search, sort, page, and the text of
// each cell. Pure functions so they can be unit-tested and stay fast on 5,000 findings.
import type { Finding, ScoreSource, Severity } from '../core/types.ts'
import { compareFindings, severityOrder, sortScore } from '../core/order.ts'

export type SortKey = 'severity' | 'score' | 'package' | 'fix'
export type SortDirection = 'ascending' | 'descending'

export interface SortState {
  key: SortKey
  direction: SortDirection
}

/** The direction a column sorts in when first chosen: most urgent / highest / A→Z / fixable first. */
export const FIRST_DIRECTION: Readonly<Record<SortKey, SortDirection>> = {
  severity: 'descending',
  score: 'descending',
  package: 'ascending',
  fix: 'descending',
}

export interface ScanColumn {
  /** Column header. */
  label: string
  /** The sort it offers in the live table; null for the id column. */
  sort: SortKey | null
  /** Class of the live table's <col>. */
  colClass: string
  /** Width in the printed table. */
  printWidth: string
}

/** The scan table's columns, one description for the live table (ScanTable) and its print state (KitScanPrint). */
export const SCAN_COLUMNS: readonly ScanColumn[] = [
  { label: 'Vulnerability', sort: null, colClass: 'kit-col-id', printWidth: '19%' },
  { label: 'Severity', sort: 'severity', colClass: 'kit-col-sev', printWidth: '14%' },
  { label: 'Score', sort: 'score', colClass: 'kit-col-score', printWidth: '9%' },
  { label: 'Package', sort: 'package', colClass: 'kit-col-pkg', printWidth: '42%' },
  { label: 'Vendor fix', sort: 'fix', colClass: 'kit-col-fix', printWidth: '16%' },
]

/** The columns the live table sorts by, in order. */
export const SORT_COLUMNS: readonly SortKey[] = SCAN_COLUMNS.flatMap((c) => (c.sort ? [c.sort] : []))

export const SORT_LABEL: Readonly<Record<SortKey, string>> = Object.fromEntries(
  SCAN_COLUMNS.flatMap((c) => (c.sort ? [[c.sort, c.label]] : [])),
) as Record<SortKey, string>

/** Clicking a column: a new column starts in its natural direction, the same column flips. */
export function nextSort(current: SortState, key: SortKey): SortState {
  if (current.key !== key) return { key, direction: FIRST_DIRECTION[key] }
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
}

function normalise(text: string): string {
  return text.trim().toLowerCase()
}

/** True when the query (case-insensitive) is part of the finding's id, package name or path. */
export function matchesQuery(finding: Finding, query: string): boolean {
  const q = normalise(query)
  if (q === '') return true
  return (
    finding.id.toLowerCase().includes(q) ||
    finding.pkg.name.toLowerCase().includes(q) ||
    finding.pkg.path.toLowerCase().includes(q)
  )
}

export interface FindingFilter {
  severity?: Severity | null
  query?: string
}

export function filterFindings(findings: readonly Finding[], filter: FindingFilter): Finding[] {
  const { severity = null, query = '' } = filter
  const q = normalise(query)
  return findings.filter((f) => (severity === null || f.severity === severity) && (q === '' || matchesQuery(f, q)))
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/** Ascending comparators; "descending" reverses the primary key only, ties keep a fixed order. */
const PRIMARY: Record<SortKey, (a: Finding, b: Finding) => number> = {
  // Ascending severity = least urgent first.
  severity: (a, b) => severityOrder(b.severity) - severityOrder(a.severity),
  score: (a, b) => sortScore(a) - sortScore(b),
  package: (a, b) => collator.compare(a.pkg.name, b.pkg.name) || collator.compare(a.pkg.version, b.pkg.version),
  // Ascending fix = no fix first, then by fixed version.
  fix: (a, b) =>
    Number(a.fixedVersion !== '') - Number(b.fixedVersion !== '') || collator.compare(a.fixedVersion, b.fixedVersion),
}

export function sortFindings(findings: readonly Finding[], sort: SortState): Finding[] {
  const primary = PRIMARY[sort.key]
  const sign = sort.direction === 'ascending' ? 1 : -1
  // Ties keep the kit's finding order (core/order.ts), whatever the direction.
  return [...findings].sort((a, b) => sign * primary(a, b) || compareFindings(a, b))
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)))
}

export function clampPage(page: number, total: number, pageSize: number): number {
  return Math.min(Math.max(1, Math.floor(page)), pageCount(total, pageSize))
}

/** Items of 1-based page `page`. */
export function pageSlice<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const size = Math.max(1, pageSize)
  const p = clampPage(page, items.length, size)
  return items.slice((p - 1) * size, p * size)
}

/** "Showing 8–14 of 283 findings" for page 2 with 7 a page. */
export function rangeText(page: number, pageSize: number, shown: number, total: number): string {
  const noun = total === 1 ? 'finding' : 'findings'
  if (shown === 0) return `Showing 0 of ${total} ${noun}`
  const first = (page - 1) * pageSize + 1
  return `Showing ${first}–${first + shown - 1} of ${total} ${noun}`
}

export function fixText(f: Finding): string {
  return f.fixedVersion === '' ? 'no fix' : f.fixedVersion
}

export function scoreText(f: Finding): string {
  return f.score ? f.score.value.toFixed(1) : '–'
}

export const SCORE_SOURCE_LABEL: Readonly<Record<ScoreSource, string>> = {
  aqua: 'Aqua score',
  'nvd-v3': 'NVD CVSS v3',
  'vendor-v3': 'Vendor CVSS v3',
  'nvd-v2': 'NVD CVSS v2',
  'vendor-v2': 'Vendor CVSS v2',
}

/** Short source names where space is tight (the detail panel). */
export const SCORE_SOURCE_SHORT: Readonly<Record<ScoreSource, string>> = {
  aqua: 'Aqua',
  'nvd-v3': 'NVD v3',
  'vendor-v3': 'Vendor v3',
  'nvd-v2': 'NVD v2',
  'vendor-v2': 'Vendor v2',
}

export interface ScoreLine {
  source: ScoreSource
  label: string
  short: string
  value: string
  /** True for the score the policy engine uses. */
  used: boolean
}

/** Every score a finding carries, with its source, in the engine's order of preference. */
export function scoreLines(f: Finding): ScoreLine[] {
  const all: Array<[ScoreSource, number | null]> = [
    ['aqua', f.scores.aqua],
    ['nvd-v3', f.scores.nvdV3],
    ['vendor-v3', f.scores.vendorV3],
    ['nvd-v2', f.scores.nvdV2],
    ['vendor-v2', f.scores.vendorV2],
  ]
  return all
    .filter((entry): entry is [ScoreSource, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]))
    .map(([source, value]) => ({
      source,
      label: SCORE_SOURCE_LABEL[source],
      short: SCORE_SOURCE_SHORT[source],
      value: value.toFixed(1),
      used: f.score?.source === source,
    }))
}

/** "2018-06-26" from an ISO date or timestamp; '' stays ''. */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return ''
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(iso)
  return m ? m[1]! : iso
}

/** "2021-11-03 14:05 UTC" from an ISO timestamp (what a scan date looks like on a slide). */
export function dateTimeText(iso: string | null | undefined): string {
  if (!iso) return ''
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(iso)
  if (!m) return dateText(iso)
  const utc = /(?:Z|[+-]00:?00)$/.test(iso)
  return `${m[1]} ${m[2]}${utc ? ' UTC' : ''}`
}

/**
 * A path or URL cut after each "/" (and before "?", "&", "="), so a long path wraps at its
 * separators instead of in the middle of a name. Joining the parts gives the text back unchanged.
 */
export function breakableParts(text: string): string[] {
  return text.split(/(?<=[/])|(?=[?&=])/).filter((part) => part !== '')
}
