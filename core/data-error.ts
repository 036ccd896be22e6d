// Bad data must never blank a slide. The data layer returns a DataError instead of throwing, and the
// one boundary at the edge (components/KitData.vue) draws it as an inline card naming the file and
// the field, so no component's props carry errors. Pure: no Vue, no DOM.
import { evaluate } from './policy.ts'
import type { ImageAssurancePolicy, ScanResult, Verdict } from './types.ts'

export interface DataError {
  kind: 'data-error'
  /** The file the data came from, e.g. "data/reports/trivy/alpine-39.json". */
  file: string
  /** Where in the file: a JSON path such as `$.Results[0].Vulnerabilities`, or `$` for the whole file. */
  field: string
  /** What went wrong, in words, one or a few lines. */
  message: string
}

export function isDataError(value: unknown): value is DataError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'data-error'
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/**
 * Turns whatever a reader threw into a DataError. Uses the file and JSON path the core's
 * ReportError carries (`file`, `path`) when present, else the file given here and `$`.
 */
export function toDataError(error: unknown, file: string, field = '$'): DataError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>
  const message =
    text(e.message) ?? (typeof error === 'string' && error !== '' ? error : 'the data could not be read')
  const where = text(e.file) ?? file
  return {
    kind: 'data-error',
    file: where,
    field: text(e.path) ?? text(e.field) ?? field,
    message: tidyMessage(message, where),
  }
}

/** The core's messages start with "<file>: " and indent later lines; the card shows the file already. */
export function tidyMessage(message: string, file: string): string {
  const lines = message.split('\n').map((line) => line.trim())
  if (lines[0]?.startsWith(`${file}: `)) lines[0] = lines[0].slice(file.length + 2)
  const first = lines[0]
  if (first) lines[0] = first[0]!.toUpperCase() + first.slice(1)
  return lines.filter((line) => line !== '').join('\n')
}

/** Runs `read`, turning a throw into a DataError for `file`. */
export function guard<T>(file: string, read: () => T): T | DataError {
  try {
    return read()
  } catch (error) {
    return toDataError(error, file)
  }
}

/** The first DataError among the arguments, or null when every value is usable. */
export function firstDataError(...values: unknown[]): DataError | null {
  for (const value of values) {
    if (isDataError(value)) return value
    if (Array.isArray(value)) {
      const inner = value.find(isDataError)
      if (inner) return inner as DataError
    }
  }
  return null
}

/** The core's verdict, or a DataError naming the engine instead of an exception on a slide. */
export function verdictOrError(scan: ScanResult, policies: readonly ImageAssurancePolicy[], now?: Date): Verdict | DataError {
  return guard('core/policy.ts', () => evaluate(scan, policies, now ? { now } : {}))
}

/** `read` of every id, or the first DataError it gives (for "several scans / policies at once"). */
export function readAll<Id, T>(ids: readonly Id[], read: (id: Id) => T | DataError): T[] | DataError {
  const list: T[] = []
  for (const id of ids) {
    const value = read(id)
    if (isDataError(value)) return value
    list.push(value)
  }
  return list
}
