// kit engagement answers <dir> [--json] [--at <n>]: the engagement's worksheet record, as the
// consultant typed it. A corrupted answers.json is named with its line and the record comes from the
// journal's last good entry.
import { existsSync, statSync } from 'node:fs'
import { answersAt, loadAnswers, readAnswers, recordText, type AnswersRecord } from '../../core/engagement/answers.ts'
import { UsageError, parseCommandLine } from '../args.ts'
import { EXIT, KitError } from '../errors.ts'
import { type Output, onePositional } from '../io.ts'
import { clean, table } from '../table.ts'

export const ENGAGEMENT_ANSWERS_HELP = `Usage: kit engagement answers <engagement-dir> [--json] [--at <n>]

Prints the worksheet answers of an engagement folder (answers.json, brought up to date
from answers.journal.jsonl). Values that fail their field's check are printed and flagged.

Options:
  --json      print the whole record: {"version":1,"seq":…,"fields":{"<path>":{"value","at"}}}
  --at <n>    the record as it stood after journal entry n (any earlier state)
  -h, --help  show this help

Exit codes: 0 success, 2 no such folder or bad usage.`

const COMMAND = 'engagement answers'

export async function runEngagementAnswers(argv: readonly string[], io: Output): Promise<number> {
  const args = parseCommandLine(argv, { json: { type: 'boolean' }, at: { type: 'string' } }, COMMAND)
  if (args.help) {
    io.out(ENGAGEMENT_ANSWERS_HELP)
    return EXIT.ok
  }
  const dir = onePositional(args.positionals, COMMAND, 'engagement folder')
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new KitError(`${dir}: no such engagement folder`)
  let record: AnswersRecord
  if (args.values.at !== undefined) {
    const seq = Number(args.values.at)
    if (!Number.isInteger(seq) || seq < 1) throw new UsageError(`--at needs a journal entry number (1 or more), not "${clean(String(args.values.at))}"`, COMMAND)
    record = await answersAt(dir, seq)
  } else {
    const recovered = await loadAnswers(dir)
    for (const problem of recovered.problems) io.err(`warning: ${clean(problem)}`)
    record = recovered.record
  }
  if (args.values.json) {
    io.out(recordText(record).trimEnd())
    return EXIT.ok
  }
  io.out(answersText(record))
  return EXIT.ok
}

/** The record as text: one block per worksheet with anything entered, open fields shown as "—". */
export function answersText(record: AnswersRecord): string {
  const view = readAnswers(record)
  const blocks: string[] = []
  const cell = (value: string, problem: string | null) => `${clean(value) || '—'}${problem ? `  (!) ${problem}` : ''}`
  for (const w of view.worksheets) {
    if (!w.filled) continue
    const rows =
      w.sheet.kind === 'questions'
        ? w.answers.map((a) => [`${a.label}${a.labOnly && !w.lab ? ' (lab result)' : ''}`, cell(a.value, a.problem)])
        : [
            [...(w.sheet.fixedRows ? [w.sheet.rowHeader ?? ''] : ['#']), ...w.sheet.columns.map((c) => c.label)],
            ...w.rows.map((r) => [r.name ?? String(r.index + 1), ...r.cells.map((c) => cell(c.value, c.problem))]),
          ]
    blocks.push(`${w.sheet.title} (${w.sheet.id}${w.lab ? `, lab ${w.lab} results` : ''})\n${table(rows, { header: w.sheet.kind === 'table', indent: '  ' })}`)
  }
  const other = Object.entries(view.other)
  if (other.length) blocks.push(`Other answers\n${table(other.map(([path, value]) => [path, cell(value.length > 200 ? `${value.slice(0, 200)}…` : value, null)]), { indent: '  ' })}`)
  if (!blocks.length) return 'No answers yet.'
  return `${blocks.join('\n\n')}\n\n${view.problems.length} field(s) to check · journal entry ${record.seq}`
}
