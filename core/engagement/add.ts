// Adding report files to an engagement (Node only). Each file is read with the same core as
// `kit summary` (format from content); a good one is copied byte for byte into reports/ under its
// image's file name, a bad one is named on one line and nothing in the folder changes for it.
import { readFile, readdir, realpath, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { ReportError, oneLine } from '../readers/errors.ts'
import { readReport } from '../report.ts'
import type { ImageAssurancePolicy, ScanResult } from '../types.ts'
import { REPORTS_DIR } from './config.ts'
import { isDiskFull, policiesInPlay, readEngagementConfig, recordFacts, recordRows, verdictKey, writeFileAtomic } from './folder.ts'
import { type EngagementImage, baseName, engagementImage, engagementImageName, reportFileName } from './images.ts'

export type AddOutcome =
  | { kind: 'added'; file: string; image: string; stored: string; named: 'report' | 'file' }
  | { kind: 'replaced'; file: string; image: string; stored: string; named: 'report' | 'file'; previous: string | null }
  | { kind: 'kept'; file: string; image: string; stored: string; previous: string | null; incoming: string | null }
  | { kind: 'bad'; file: string; line: string }

export interface AddResult {
  outcomes: AddOutcome[]
  /** Set when the disk filled up: the files before it were stored whole, the rest were not tried. */
  diskFull: { file: string; remaining: number } | null
}

/** Every file to read: files as given, folders walked (sorted, hidden entries skipped). */
export async function expandInputs(inputs: readonly string[]): Promise<Array<{ file: string; missing?: string }>> {
  const out: Array<{ file: string; missing?: string }> = []
  const walk = async (path: string): Promise<void> => {
    let info
    try {
      info = await stat(path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      out.push({ file: path, missing: code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? String(error)})` })
      return
    }
    if (!info.isDirectory()) {
      out.push({ file: path })
      return
    }
    const names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort()
    for (const name of names) await walk(join(path, name))
  }
  for (const input of inputs) await walk(input)
  return out
}

function newer(a: string | null, b: string | null): boolean {
  if (!a || !b) return false
  const ta = Date.parse(a)
  const tb = Date.parse(b)
  return !Number.isNaN(ta) && !Number.isNaN(tb) && ta > tb
}

/**
 * Adds report files and folders to the engagement in `dir`. A newer scan of an image already in the
 * folder replaces it; an older one is not copied. Both are said in the outcome.
 */
export async function addToEngagement(dir: string, inputs: readonly string[], options: { now?: Date; onOutcome?: (o: AddOutcome) => void } = {}): Promise<AddResult> {
  const now = options.now ?? new Date()
  const { policies, key, target } = await openReports(dir, now)
  const files = await expandInputs(inputs)
  const outcomes: AddOutcome[] = []
  const rows: Array<{ name: string; row: EngagementImage; written: { size: number; mtimeMs: number } }> = []
  const say = (o: AddOutcome) => {
    outcomes.push(o)
    options.onOutcome?.(o)
  }
  for (let i = 0; i < files.length; i++) {
    const { file, missing } = files[i]!
    if (missing) {
      say({ kind: 'bad', file, line: `${file}: ${missing}` })
      continue
    }
    let bytes: Buffer
    let scan: ScanResult
    try {
      bytes = await readFile(file)
      scan = readReport(bytes.toString('utf8'), file)
    } catch (error) {
      if (error instanceof ReportError) say({ kind: 'bad', file, line: oneLine(error) })
      else say({ kind: 'bad', file, line: `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` })
      continue
    }
    let stored: Stored
    try {
      stored = await storeScan(target, file, bytes, scan, policies, now)
    } catch (error) {
      if (isDiskFull(error)) {
        await recordRows(dir, rows, key)
        return { outcomes, diskFull: { file, remaining: files.length - i } }
      }
      throw error
    }
    if (stored.row) rows.push(stored.row)
    say(stored.outcome)
  }
  await recordRows(dir, rows, key)
  return { outcomes, diskFull: null }
}

/** The policies in play, their verdict key, and reports/ as storeScan writes it. */
async function openReports(dir: string, now: Date): Promise<{ policies: ImageAssurancePolicy[]; key: string; target: StoreTarget }> {
  const config = await readEngagementConfig(dir)
  const policies = await policiesInPlay(dir, config)
  const target: StoreTarget = { dir, reports: join(dir, REPORTS_DIR), reportsReal: await realpath(join(dir, REPORTS_DIR)).catch(() => resolve(dir, REPORTS_DIR)) }
  return { policies, key: verdictKey(policies, now), target }
}

/**
 * Adds one report that arrives as bytes (a file dropped on a slide, sent by the kit's own pages):
 * read with the same core as a file on disk, stored as add stores it. `fileName` only names an image
 * its report leaves unnamed; it never chooses where the file goes (storeScan names it after the image).
 * A bad report throws the reader's ReportError; nothing in the folder changes for it.
 */
export async function addReportBytes(dir: string, fileName: string, bytes: Uint8Array, options: { now?: Date } = {}): Promise<AddOutcome> {
  // Only the base name: a name sent with folders in it is a name, never a path.
  const name = baseName(fileName).trim() || 'report.json'
  const scan = readReport(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), name)
  const now = options.now ?? new Date()
  const { policies, key, target } = await openReports(dir, now)
  const stored = await storeScan(target, name, bytes, scan, policies, now)
  if (stored.row) await recordRows(dir, [stored.row], key)
  return stored.outcome
}

export interface StoreTarget {
  /** The engagement folder (its .cache/ keeps what a later summary or build would read the report for). */
  dir: string
  reports: string
  /** reports/ with links resolved, to notice a file that is already the folder's own copy. */
  reportsReal: string
}

export interface Stored {
  outcome: AddOutcome
  /** The summary row of a file just written. */
  row: { name: string; row: EngagementImage; written: { size: number; mtimeMs: number } } | null
}

/**
 * Stores one parsed report under reports/<image file name>: the original bytes, atomically. A newer
 * scan of the same image replaces the file there; an older one leaves it. Used by add and by pull.
 */
export async function storeScan(target: StoreTarget, file: string, bytes: Uint8Array, scan: ScanResult, policies: readonly ImageAssurancePolicy[], now: Date): Promise<Stored> {
  const image = engagementImageName(scan, file)
  const named = scan.image.trim() === '' ? 'file' : 'report'
  const stored = reportFileName(image)
  const path = join(target.reports, stored)
  if ((await realpath(file).catch(() => resolve(file))) === join(target.reportsReal, stored)) {
    return { outcome: { kind: 'kept', file, image, stored, previous: scan.scannedAt, incoming: scan.scannedAt }, row: null }
  }
  let previous: ScanResult | null = null
  let hadFile = false
  try {
    const before = await readFile(path)
    hadFile = true
    if (Buffer.compare(before, bytes) === 0) {
      return { outcome: { kind: 'kept', file, image, stored, previous: scan.scannedAt, incoming: scan.scannedAt }, row: null }
    }
    previous = readReport(before.toString('utf8'), path)
  } catch {
    // no earlier scan of this image, or an unreadable one that the new file replaces
  }
  if (previous && newer(previous.scannedAt, scan.scannedAt)) {
    return { outcome: { kind: 'kept', file, image, stored, previous: previous.scannedAt, incoming: scan.scannedAt }, row: null }
  }
  const written = await writeFileAtomic(path, bytes)
  await recordFacts(target.dir, stored, written, scan)
  const row = { name: stored, row: engagementImage(scan, stored, policies, now), written }
  if (hadFile) return { outcome: { kind: 'replaced', file, image, stored, named, previous: previous?.scannedAt ?? null }, row }
  return { outcome: { kind: 'added', file, image, stored, named }, row }
}
