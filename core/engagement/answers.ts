// The engagement folder's answers: `answers.json` (the record) and `answers.journal.jsonl` (every
// save, appended and fsynced before the record is rewritten). The record itself, its schema and
// recovery are pure, in ./record.ts; this module does the files, atomically.
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import {
  AnswersError,
  journalLine,
  mergeChanges,
  parseJournal,
  recordText,
  recoverRecord,
  replayJournal,
  type AnswersRecord,
  type FieldChanges,
  type Recovered,
} from './record.ts'

export * from './record.ts'

export const ANSWERS_FILE = 'answers.json'
export const JOURNAL_FILE = 'answers.journal.jsonl'

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** Write a file so a crash leaves the old one or the new one, never half of either. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeSynced(temp, text, 'wx')
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/** Write (flag 'wx') or append (flag 'a') and fsync before returning. */
async function writeSynced(path: string, text: string, flag: 'wx' | 'a'): Promise<void> {
  const handle = await open(path, flag)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** The engagement's record, recovered from the journal where answers.json is missing a save or broken. */
export async function loadAnswers(dir: string): Promise<Recovered> {
  const files = { answers: join(dir, ANSWERS_FILE), journal: join(dir, JOURNAL_FILE) }
  const [answers, journal] = await Promise.all([readOptional(files.answers), readOptional(files.journal)])
  return recoverRecord(answers, journal, files)
}

/** The record as it stood after journal entry `seq`: any earlier state can be brought back. */
export async function answersAt(dir: string, seq: number): Promise<AnswersRecord> {
  const file = join(dir, JOURNAL_FILE)
  const text = await readOptional(file)
  const { entries } = parseJournal(text ?? '', file)
  if (!entries.some((entry) => entry.seq === seq)) throw new AnswersError(`${file}: no journal entry ${seq} (entries 1 to ${entries.at(-1)?.seq ?? 0})`)
  return replayJournal(entries, seq)
}

/**
 * Save changes: journal first (so nothing acknowledged is ever lost), then answers.json atomically.
 * Saves are serialised per folder; the changes that took effect are returned with the record.
 */
export function saveAnswers(dir: string, changes: FieldChanges, now = new Date()): Promise<{ record: AnswersRecord; applied: FieldChanges }> {
  const run = (queues.get(dir) ?? Promise.resolve()).then(async () => {
    await mkdir(dir, { recursive: true })
    const { record } = await loadAnswers(dir)
    const merged = mergeChanges(record, changes, record.seq + 1)
    if (Object.keys(merged.applied).length === 0) return { record, applied: merged.applied }
    await writeSynced(join(dir, JOURNAL_FILE), journalLine({ seq: merged.record.seq, at: now.toISOString(), changes: merged.applied }), 'a')
    await writeAtomic(join(dir, ANSWERS_FILE), recordText(merged.record))
    return merged
  })
  queues.set(
    dir,
    run.catch(() => undefined),
  )
  return run
}

const queues = new Map<string, Promise<unknown>>()
