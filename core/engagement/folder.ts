// An engagement folder on disk (Node only): engagement.yaml, reports/, policies/, .pull/.
// Every write is atomic (temp file in the same folder, fsync, rename), so a crash, a full disk or a
// second `kit engagement add` running at the same time leaves only whole files behind.
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { readPolicyFile, readReportFile } from '../files.ts'
import { ReportError, oneLine } from '../readers/errors.ts'
import type { ImageAssurancePolicy, ScanResult } from '../types.ts'
import { type KeyedFacts, keyFacts } from './deck-data.ts'
import { ENGAGEMENT_FILE, type EngagementConfig, POLICIES_DIR, REPORTS_DIR, engagementConfigText, parseEngagementConfig } from './config.ts'
import { type EngagementImage, type EngagementSummary, engagementImage, sortImages } from './images.ts'

/** Temp files start with a dot and end in .tmp, so no reader ever takes one for a report. */
function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

/**
 * Writes `data` to `path` so that readers see the old file or the whole new one, never a part.
 * Returns the written file's size and mtime (taken before the rename, so a concurrent writer's file is never mistaken for it).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<{ size: number; mtimeMs: number }> {
  const tmp = tempName(path)
  const handle = await open(tmp, 'wx', 0o600)
  try {
    let written
    try {
      await handle.writeFile(data)
      await handle.sync()
      written = await handle.stat()
    } finally {
      await handle.close()
    }
    await rename(tmp, path)
    return { size: written.size, mtimeMs: written.mtimeMs }
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
}

export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}

/** A whole file's text; a missing or unreadable file is a ReportError naming it. */
async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(error)})`
    throw new ReportError({ file: path, path: '$', expected: what, headline: reason })
  }
}

export async function readEngagementConfig(dir: string): Promise<EngagementConfig> {
  const file = join(dir, ENGAGEMENT_FILE)
  if (!(await exists(file))) {
    throw new ReportError({ file, path: '$', expected: 'an engagement folder', headline: `${dir} is not an engagement folder (no ${ENGAGEMENT_FILE}); create one with kit engagement new` })
  }
  return parseEngagementConfig(await readText(file, `the ${ENGAGEMENT_FILE} of an engagement`), file)
}

export async function writeEngagementConfig(dir: string, config: EngagementConfig): Promise<void> {
  await writeFileAtomic(join(dir, ENGAGEMENT_FILE), engagementConfigText(config))
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/**
 * Creates the folder with engagement.yaml, reports/ and policies/; policy files given are checked and
 * copied in, and their names become the policies in play. Refuses a folder that is already one.
 */
export async function createEngagement(dir: string, config: EngagementConfig, policyFiles: readonly string[] = []): Promise<string[]> {
  const file = join(dir, ENGAGEMENT_FILE)
  if (await exists(file)) throw new ReportError({ file, path: '$', expected: 'a folder that is not an engagement yet', headline: `${dir} is already an engagement folder; nothing was changed` })
  const policies: Array<{ policy: ImageAssurancePolicy; text: string }> = []
  for (const path of policyFiles) {
    for (const policy of await readPolicyFile(path)) policies.push({ policy, text: `${JSON.stringify(policy, null, 2)}\n` })
  }
  await mkdir(join(dir, REPORTS_DIR), { recursive: true })
  await mkdir(join(dir, POLICIES_DIR), { recursive: true })
  for (const { policy, text } of policies) await writeFileAtomic(join(dir, POLICIES_DIR, policyFileName(policy.name)), text)
  const names = [...new Set([...config.policies, ...policies.map((p) => p.policy.name)])]
  // engagement.yaml last: a folder without it is not an engagement yet, so a failed `new` can be rerun.
  await writeEngagementConfig(dir, { ...config, policies: names })
  return names
}

/** policies/<name>.json, with the name made safe for a file name. */
export function policyFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.-]+/, '_')}.json`
}

/** Every policy under policies/ by name (a file may hold one policy or a list). */
export async function readPolicyFolder(dir: string): Promise<Map<string, ImageAssurancePolicy>> {
  const folder = join(dir, POLICIES_DIR)
  const byName = new Map<string, ImageAssurancePolicy>()
  for (const name of await jsonFiles(folder)) {
    const path = join(folder, name)
    for (const policy of await readPolicyFile(path)) byName.set(policy.name, policy)
  }
  return byName
}

/** The policies engagement.yaml puts in play, in its order; a name with no file is an error naming the field. */
export async function policiesInPlay(dir: string, config: EngagementConfig): Promise<ImageAssurancePolicy[]> {
  const byName = await readPolicyFolder(dir)
  return config.policies.map((name, i) => {
    const policy = byName.get(name)
    if (!policy) {
      throw new ReportError({
        file: join(dir, ENGAGEMENT_FILE),
        path: `$.policies[${i}]`,
        expected: `the name of a policy in a file under ${POLICIES_DIR}/`,
        found: JSON.stringify(name),
        headline: `the policy "${name}" is in play but no file under ${POLICIES_DIR}/ holds it`,
      })
    }
    return policy
  })
}

/** *.json names in a folder, without hidden and temp files, sorted; [] when the folder is missing. */
export async function jsonFiles(folder: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return names.filter((n) => !n.startsWith('.') && n.toLowerCase().endsWith('.json')).sort()
}

// ---------------------------------------------------------------------------------------------
// The summary, with a cache of rows (derived data only: delete .cache/ and it is rebuilt)

const CACHE_FILE = join('.cache', 'images.json')
const CACHE_VERSION = 1

interface CacheEntry {
  size: number
  mtimeMs: number
  /** Which policies (and, for time-dependent ones, which day) the verdict was computed under. */
  verdictKey: string
  row: EngagementImage
}

interface Cache {
  version: number
  entries: Record<string, CacheEntry>
}

async function readCache(dir: string): Promise<Cache> {
  try {
    const cache = JSON.parse(await readFile(join(dir, CACHE_FILE), 'utf8')) as Cache
    if (cache.version === CACHE_VERSION && typeof cache.entries === 'object' && cache.entries !== null) return cache
  } catch {
    // no cache or an unreadable one: start again
  }
  return { version: CACHE_VERSION, entries: {} }
}

async function writeCache(dir: string, cache: Cache): Promise<void> {
  try {
    await mkdir(join(dir, '.cache'), { recursive: true })
    await writeFileAtomic(join(dir, CACHE_FILE), JSON.stringify(cache))
  } catch {
    // The cache only saves time; a read-only or full disk must not fail the command.
  }
}

/** The verdict depends on the policies' content, and on the day when one ignores recent findings. */
export function verdictKey(policies: readonly ImageAssurancePolicy[], now: Date): string {
  const dated = policies.some((p) => p.ignore_recently_published_vln === true)
  return createHash('sha256')
    .update(JSON.stringify(policies))
    .update(dated ? now.toISOString().slice(0, 10) : '')
    .digest('hex')
    .slice(0, 16)
}

/** Adds rows just computed for files just written (by `kit engagement add`), so the next summary reads no report twice. */
export async function recordRows(dir: string, rows: ReadonlyArray<{ name: string; row: EngagementImage; written: { size: number; mtimeMs: number } }>, key: string): Promise<void> {
  if (rows.length === 0) return
  const cache = await readCache(dir)
  for (const { name, row, written } of rows) cache.entries[name] = { ...written, verdictKey: key, row }
  await writeCache(dir, cache)
}

export interface SummaryResult {
  summary: EngagementSummary
  /** One line per report file in the folder that cannot be read (the rest are summarised). */
  problems: string[]
}

// Each report's keyed compact facts (core/engagement/deck-data.ts), one file per report under
// .cache/facts/, kept by add and pull as they store the report, so a build for thousands of images
// reads small files instead of every report. Derived data, like the rows: rebuilt when missing.
const FACTS_DIR = join('.cache', 'facts')

interface FactsEntry {
  size: number
  mtimeMs: number
  facts: KeyedFacts
}

/** Keeps the facts of a report file just written (its size and mtime tell a later read they still hold). */
export async function recordFacts(dir: string, name: string, written: { size: number; mtimeMs: number }, scan: ScanResult): Promise<void> {
  await writeFacts(dir, name, { ...written, facts: keyFacts(scan) })
}

async function writeFacts(dir: string, name: string, entry: FactsEntry): Promise<void> {
  try {
    await mkdir(join(dir, FACTS_DIR), { recursive: true })
    await writeFileAtomic(join(dir, FACTS_DIR, name), JSON.stringify(entry))
  } catch {
    // The cache only saves time; a read-only or full disk must not fail the command.
  }
}

async function cachedFacts(dir: string, name: string, info: { size: number; mtimeMs: number }): Promise<KeyedFacts | null> {
  try {
    const entry = JSON.parse(await readFile(join(dir, FACTS_DIR, name), 'utf8')) as FactsEntry
    if (entry.size === info.size && entry.mtimeMs === info.mtimeMs && Array.isArray(entry.facts?.findings)) return entry.facts
  } catch {
    // none kept, or unreadable: read the report
  }
  return null
}

/** A report file of the folder as the summary and the decks see it. */
export interface FolderReport {
  /** File name under reports/. */
  name: string
  path: string
  size: number
  mtimeMs: number
  row: EngagementImage
  /** Only when asked for (`facts: true`). */
  facts?: KeyedFacts
}

/**
 * Every report file in reports/, each read at most once: its row (and, with `facts`, its keyed facts)
 * come from the cache while the file is unchanged and the policies are the same; otherwise the report
 * is read and the cache brought up to date. Unreadable files are one line each in `problems`.
 */
export async function readFolderReports(
  dir: string,
  options: { now?: Date; facts?: boolean } = {},
): Promise<{ config: EngagementConfig; policies: ImageAssurancePolicy[]; reports: FolderReport[]; problems: string[] }> {
  const now = options.now ?? new Date()
  const config = await readEngagementConfig(dir)
  const policies = await policiesInPlay(dir, config)
  const key = verdictKey(policies, now)
  const cache = await readCache(dir)
  const fresh: Cache = { version: CACHE_VERSION, entries: {} }
  const reports: FolderReport[] = []
  const problems: string[] = []
  const folder = join(dir, REPORTS_DIR)
  const names = await jsonFiles(folder)
  for (const name of names) {
    const path = join(folder, name)
    const info = await stat(path)
    const file = { name, path, size: info.size, mtimeMs: info.mtimeMs }
    const hit = cache.entries[name]
    const row = hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs && hit.verdictKey === key ? hit.row : null
    const facts = options.facts ? await cachedFacts(dir, name, info) : undefined
    if (row && facts !== null) {
      reports.push({ ...file, row, ...(facts ? { facts } : {}) })
      fresh.entries[name] = hit!
      continue
    }
    try {
      const scan = await readReportFile(path)
      const read: FolderReport = { ...file, row: row ?? engagementImage(scan, name, policies, now) }
      if (options.facts) {
        read.facts = keyFacts(scan)
        await writeFacts(dir, name, { size: info.size, mtimeMs: info.mtimeMs, facts: read.facts })
      }
      reports.push(read)
      fresh.entries[name] = { size: info.size, mtimeMs: info.mtimeMs, verdictKey: key, row: read.row }
    } catch (error) {
      if (!(error instanceof ReportError)) throw error
      problems.push(oneLine(error))
    }
  }
  if (JSON.stringify(fresh) !== JSON.stringify(cache)) await writeCache(dir, fresh)
  if (options.facts) await pruneFacts(dir, new Set(names))
  return { config, policies, reports, problems }
}

/** Facts of reports no longer in reports/ go with them. */
async function pruneFacts(dir: string, names: ReadonlySet<string>): Promise<void> {
  const kept = await readdir(join(dir, FACTS_DIR)).catch(() => [] as string[])
  for (const name of kept) if (!names.has(name)) await rm(join(dir, FACTS_DIR, name), { force: true }).catch(() => undefined)
}

/** Rows for every report file in reports/, judged under the policies in play. */
export async function summarizeEngagement(dir: string, options: { now?: Date } = {}): Promise<SummaryResult> {
  const { config, reports, problems } = await readFolderReports(dir, options)
  return { summary: { customer: config.customer, policies: config.policies, images: sortImages(reports.map((r) => r.row)) }, problems }
}
