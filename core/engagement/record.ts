// The engagement record: every worksheet answer, its schema (version 1), per-field merging, the
// journal of saves and recovery from it. Pure TypeScript (no Vue, no DOM, no file system), so the
// browser, the local server and the CLI share it. The files are handled in ./answers.ts.
//
// Shape of answers.json:
//   { "version": 1, "seq": <last journal entry applied>, "fields": { "<path>": { "value": "…", "at": "<ISO time>" } } }
// One line of answers.journal.jsonl:
//   { "seq": <n>, "at": "<ISO time>", "changes": { "<path>": { "value": "…", "at": "<ISO time>" } } }
// Values are strings, stored as typed; a value that fails its field's check is kept and reported.
import * as v from 'valibot'
import { WORKSHEETS, fieldOf, fieldPath, labWorksheetOf, parsePath, worksheet, type Worksheet, type WorksheetField } from './worksheets.ts'

export const ANSWERS_VERSION = 1
/** Longest answer kept; a pasted report does not belong in a worksheet cell. */
export const MAX_VALUE_LENGTH = 20_000

const FieldPathSchema = v.pipe(
  v.string(),
  v.check((path) => parsePath(path) !== null, 'is not a worksheet field path (<worksheet>.<field> or <worksheet>.<row>.<field>)'),
)
const IsoTimeSchema = v.pipe(v.string(), v.isoTimestamp('is not an ISO time'))
export const FieldValueSchema = v.strictObject({
  value: v.pipe(v.string(), v.maxLength(MAX_VALUE_LENGTH, `is longer than ${MAX_VALUE_LENGTH} characters`)),
  at: IsoTimeSchema,
})
const FieldsSchema = v.record(FieldPathSchema, FieldValueSchema)
export const AnswersRecordSchema = v.strictObject({
  version: v.literal(ANSWERS_VERSION, `must be ${ANSWERS_VERSION}`),
  seq: v.pipe(v.number(), v.integer(), v.minValue(0)),
  fields: FieldsSchema,
})
export const JournalEntrySchema = v.strictObject({
  seq: v.pipe(v.number(), v.integer(), v.minValue(1)),
  at: IsoTimeSchema,
  changes: FieldsSchema,
})

export type FieldValue = v.InferOutput<typeof FieldValueSchema>
export type AnswersRecord = v.InferOutput<typeof AnswersRecordSchema>
export type FieldChanges = Record<string, FieldValue>
export type JournalEntry = v.InferOutput<typeof JournalEntrySchema>

/** A bad answers file or journal line: names the file and the line. */
export class AnswersError extends Error {
  override name = 'AnswersError'
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message)
  }
}

export function emptyRecord(): AnswersRecord {
  return { version: ANSWERS_VERSION, seq: 0, fields: {} }
}

function issueText(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!
  const path = v.getDotPath(issue)
  return path ? `${path} ${issue.message}` : issue.message
}

/** The changes of one save, checked for shape (paths, strings, times); values are not judged here. */
export function parseChanges(input: unknown): FieldChanges {
  const result = v.safeParse(FieldsSchema, input)
  if (!result.success) throw new AnswersError(`changes: ${issueText(result.issues)}`)
  return result.output
}

/** Line (1-based) of a character offset in a text. */
function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** The line a JSON.parse error points at (V8 names a position, newer ones a line). */
function jsonErrorLine(text: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error)
  const line = /line (\d+)/.exec(message)
  if (line) return Number(line[1])
  const position = /position (\d+)/.exec(message)
  return position ? lineAt(text, Number(position[1])) : lineAt(text, text.length)
}

/** answers.json text → record; AnswersError naming the line when it is not JSON or breaks the schema. */
export function parseRecord(text: string, file = 'answers.json'): AnswersRecord {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const line = jsonErrorLine(text, error)
    throw new AnswersError(`${file} line ${line}: not valid JSON`, line)
  }
  const result = v.safeParse(AnswersRecordSchema, data)
  if (!result.success) {
    const key = v.getDotPath(result.issues[0]!)?.split('.').pop()
    const index = key ? text.indexOf(JSON.stringify(key)) : -1
    const line = index >= 0 ? lineAt(text, index) : 1
    throw new AnswersError(`${file} line ${line}: ${issueText(result.issues)}`, line)
  }
  return result.output
}

export function recordText(record: AnswersRecord): string {
  const fields: FieldChanges = {}
  for (const path of Object.keys(record.fields).sort(comparePaths)) fields[path] = record.fields[path]!
  return `${JSON.stringify({ version: record.version, seq: record.seq, fields }, null, 2)}\n`
}

/** Worksheet order, then row number, then field: the order a reader expects. */
export function comparePaths(a: string, b: string): number {
  const pa = parsePath(a)
  const pb = parsePath(b)
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0
  const order = (sheet: string) => {
    const i = WORKSHEETS.findIndex((w) => w.id === sheet)
    return i === -1 ? WORKSHEETS.length : i
  }
  return order(pa.sheet) - order(pb.sheet) || pa.sheet.localeCompare(pb.sheet) || (pa.row ?? -1) - (pb.row ?? -1) || pa.field.localeCompare(pb.field)
}

/**
 * Apply changes field by field: the newer `at` wins, so two windows editing different fields never
 * undo each other, and a late retry of an old value never overwrites a newer one. Returns the record
 * and the changes that took effect.
 */
export function mergeChanges(record: AnswersRecord, changes: FieldChanges, seq = record.seq): { record: AnswersRecord; applied: FieldChanges } {
  const fields = { ...record.fields }
  const applied: FieldChanges = {}
  for (const [path, change] of Object.entries(changes)) {
    const current = fields[path]
    if (current && current.at > change.at) continue
    if (current && current.at === change.at && current.value === change.value) continue
    fields[path] = change
    applied[path] = change
  }
  return { record: { version: ANSWERS_VERSION, seq, fields }, applied }
}

export function journalLine(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`
}

export interface JournalRead {
  entries: JournalEntry[]
  /** Lines that could not be read (a crash in the middle of an append leaves a partial last line). */
  problems: string[]
}

export function parseJournal(text: string, file = 'answers.journal.jsonl'): JournalRead {
  const entries: JournalEntry[] = []
  const problems: string[] = []
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return
    try {
      const result = v.safeParse(JournalEntrySchema, JSON.parse(line))
      if (result.success) entries.push(result.output)
      else problems.push(`${file} line ${index + 1}: ${issueText(result.issues)}; skipped`)
    } catch {
      problems.push(`${file} line ${index + 1}: not valid JSON; skipped`)
    }
  })
  return { entries, problems }
}

/** The record as it stood after journal entry `upTo` (all entries when omitted). */
export function replayJournal(entries: readonly JournalEntry[], upTo = Number.POSITIVE_INFINITY): AnswersRecord {
  let record = emptyRecord()
  for (const entry of entries) {
    if (entry.seq > upTo) break
    record = mergeChanges(record, entry.changes, entry.seq).record
  }
  return record
}

export interface Recovered {
  record: AnswersRecord
  /** Where the record came from. */
  source: 'answers' | 'journal' | 'empty'
  /** One line per problem found, naming the file and line. */
  problems: string[]
}

/**
 * The record from answers.json, brought up to date with journal entries it has not seen yet (a crash
 * between the journal append and the answers write). A corrupt answers.json is named with its line
 * and the record is rebuilt from the journal's good entries, never from empty when there are any.
 */
export function recoverRecord(answersText: string | null, journalText: string | null, files = { answers: 'answers.json', journal: 'answers.journal.jsonl' }): Recovered {
  const journal = journalText === null ? { entries: [], problems: [] } : parseJournal(journalText, files.journal)
  const problems = [...journal.problems]
  let record: AnswersRecord | null = null
  if (answersText !== null) {
    try {
      record = parseRecord(answersText, files.answers)
    } catch (error) {
      problems.unshift(`${(error as Error).message}; started from the last good journal entry`)
    }
  }
  if (record) {
    for (const entry of journal.entries) if (entry.seq > record.seq) record = mergeChanges(record, entry.changes, entry.seq).record
    return { record, source: 'answers', problems }
  }
  if (journal.entries.length) return { record: replayJournal(journal.entries), source: 'journal', problems }
  return { record: emptyRecord(), source: 'empty', problems }
}

// ---- field checks -------------------------------------------------------------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Why a value does not fit its field, or null. Empty is always fine (an open question). */
export function fieldProblem(path: string, value: string): string | null {
  if (value.length > MAX_VALUE_LENGTH) return `longer than ${MAX_VALUE_LENGTH} characters`
  const trimmed = value.trim()
  if (!trimmed) return null
  const kind = fieldOf(path)?.kind ?? 'text'
  if (kind === 'count' && !/^\d+$/.test(trimmed)) return 'a count: a whole number such as 12'
  if (kind === 'date') {
    const time = Date.parse(`${trimmed}T00:00:00Z`)
    if (!DATE.test(trimmed) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== trimmed) return 'a date as YYYY-MM-DD, e.g. 2026-12-15'
  }
  return null
}

// ---- the record as the summary, export and handouts read it --------------------------------------

export interface AnsweredField extends WorksheetField {
  path: string
  value: string
  at?: string
  problem: string | null
}

export interface AnsweredRow {
  index: number
  /** The fixed row's name, for worksheets with fixed rows. */
  name?: string
  cells: AnsweredField[]
}

export interface AnsweredWorksheet {
  sheet: Worksheet
  /** Questions (questions worksheets) */
  answers: AnsweredField[]
  /** Rows (table worksheets): fixed rows, then every entered row; empty trailing rows dropped. */
  rows: AnsweredRow[]
  /** Anything entered at all. */
  filled: boolean
  /** A lab page's own worksheet (`lab<NN>-…`): its lab number; its fields are lab results. */
  lab?: string
}

export interface AnswersView {
  worksheets: AnsweredWorksheet[]
  /** Fields that fail their check: `path: problem`. */
  problems: string[]
  /** Paths no worksheet or lab page defines (a planner's own data), with their values. */
  other: Record<string, string>
}

function answered(record: AnswersRecord, field: WorksheetField, path: string): AnsweredField {
  const stored = record.fields[path]
  const value = stored?.value ?? ''
  return { ...field, path, value, ...(stored ? { at: stored.at } : {}), problem: fieldProblem(path, value) }
}

/** Rows a table worksheet has in this record: the fixed ones and up to the last one with a value. */
export function rowCount(record: AnswersRecord, sheet: Worksheet): number {
  if (sheet.kind !== 'table') return 0
  let last = -1
  for (const [path, stored] of Object.entries(record.fields)) {
    const parsed = parsePath(path)
    if (parsed?.sheet === sheet.id && parsed.row !== undefined && stored.value !== '') last = Math.max(last, parsed.row)
  }
  return Math.max(sheet.fixedRows?.length ?? 0, last + 1)
}

/** "registry-host" → "Registry host": a lab field's label, from the key its heading gave it. */
const labelOf = (slug: string) => (slug.charAt(0).toUpperCase() + slug.slice(1)).replace(/-/g, ' ')

/**
 * The lab pages' own worksheets (`lab<NN>-<heading>`, scripts/labs/markdown.ts) that have answers,
 * each under its lab, its fields labelled from their keys; every path taken is added to `known`.
 */
function labWorksheets(record: AnswersRecord, known: Set<string>): AnsweredWorksheet[] {
  const byId = new Map<string, string[]>()
  for (const path of Object.keys(record.fields).sort(comparePaths)) {
    const sheet = parsePath(path)?.sheet
    if (known.has(path) || !sheet || worksheet(sheet) || !labWorksheetOf(sheet)) continue
    byId.set(sheet, [...(byId.get(sheet) ?? []), path])
  }
  return [...byId].map(([id, paths]): AnsweredWorksheet => {
    paths.forEach((path) => known.add(path))
    const { lab, slug } = labWorksheetOf(id)!
    const title = `Lab ${lab}: ${labelOf(slug)}`
    const keys = [...new Set(paths.map((path) => parsePath(path)!.field))]
    const fields = keys.map((key): WorksheetField => ({ key, label: labelOf(key), labOnly: true }))
    const parsed = paths.map((path) => parsePath(path)!)
    if (parsed.every((p) => p.row === undefined)) {
      const answers = fields.map((field) => answered(record, field, fieldPath(id, field.key)))
      return { sheet: { id, title, kind: 'questions', questions: fields }, answers, rows: [], filled: answers.some((a) => a.value.trim() !== ''), lab }
    }
    const sheet: Worksheet = { id, title, kind: 'table', columns: fields, rows: 0 }
    const rows: AnsweredRow[] = []
    for (let index = 0; index < rowCount(record, sheet); index++) rows.push({ index, cells: fields.map((field) => answered(record, field, fieldPath(id, field.key, index))) })
    rows.forEach((row) => row.cells.forEach((c) => known.add(c.path)))
    return { sheet, answers: [], rows, filled: rows.some((row) => row.cells.some((c) => c.value.trim() !== '')), lab }
  })
}

/** The one reading of a record: every worksheet with its values and checks, in worksheet order. */
export function readAnswers(record: AnswersRecord): AnswersView {
  const known = new Set<string>()
  const worksheets = WORKSHEETS.map((sheet): AnsweredWorksheet => {
    if (sheet.kind === 'questions') {
      const answers = sheet.questions.map((field) => answered(record, field, fieldPath(sheet.id, field.key)))
      answers.forEach((a) => known.add(a.path))
      return { sheet, answers, rows: [], filled: answers.some((a) => a.value.trim() !== '') }
    }
    const rows: AnsweredRow[] = []
    for (let index = 0; index < rowCount(record, sheet); index++) {
      const cells = sheet.columns.map((field) => answered(record, field, fieldPath(sheet.id, field.key, index)))
      const name = sheet.fixedRows?.[index]
      rows.push(name === undefined ? { index, cells } : { index, name, cells })
    }
    rows.forEach((row) => row.cells.forEach((c) => known.add(c.path)))
    return { sheet, answers: [], rows, filled: rows.some((row) => row.cells.some((c) => c.value.trim() !== '')) }
  })
  worksheets.push(...labWorksheets(record, known))
  const problems: string[] = []
  for (const w of worksheets) for (const f of [...w.answers, ...w.rows.flatMap((r) => r.cells)]) if (f.problem) problems.push(`${f.path}: ${f.problem}`)
  const other: Record<string, string> = {}
  for (const path of Object.keys(record.fields).sort(comparePaths)) if (!known.has(path)) other[path] = record.fields[path]!.value
  return { worksheets, problems, other }
}
