// One error type for every way a report can be unreadable. The kit command prints `message` as is,
// so it must name the file, say what was expected and where, in at most three lines.

export interface ReportErrorDetails {
  file: string
  /** JSON path of the offending value, e.g. `$.Results[3].Vulnerabilities[0].Severity`; `$` for the whole file. */
  path: string
  /** What the reader wanted there, in words ("a string", "a Trivy or Aqua scan report"). */
  expected: string
  /** What it found, already described for people (see describeValue). */
  found?: string
  /** First line after the file name; defaults to "unexpected value". */
  headline?: string
  /** Optional third line: a hint on how to fix it. */
  hint?: string
  /** 1-based position in the text, for files that are not valid JSON. */
  line?: number
  column?: number
}

export class ReportError extends Error {
  override name = 'ReportError'
  readonly file: string
  readonly path: string
  readonly expected: string
  readonly found: string | undefined
  readonly line: number | undefined
  readonly column: number | undefined
  readonly headline: string

  constructor(details: ReportErrorDetails) {
    super(formatMessage(details))
    this.headline = details.headline ?? 'unexpected value in the report'
    this.file = details.file
    this.path = details.path
    this.expected = details.expected
    this.found = details.found
    this.line = details.line
    this.column = details.column
  }
}

/** The error on one line (file, what is wrong, where, what was expected), for lists of many files. */
export function oneLine(error: ReportError): string {
  return `${error.file}: ${error.headline} (at ${error.path}: expected ${error.expected}${error.found === undefined ? '' : `, found ${error.found}`})`
}

function formatMessage(d: ReportErrorDetails): string {
  const lines = [`${d.file}: ${d.headline ?? 'unexpected value in the report'}`]
  lines.push(`  at ${d.path}: expected ${d.expected}${d.found === undefined ? '' : `, found ${d.found}`}`)
  if (d.hint) lines.push(`  ${d.hint}`)
  return lines.join('\n')
}

/** A short, single-line, control-character-free description of a JSON value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  switch (typeof value) {
    case 'string':
      return `the string ${clip(JSON.stringify(value), 40)}`
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** Appends a key to a JSON path, quoting keys that are not plain identifiers. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}
