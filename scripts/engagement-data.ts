// The engagement's data for the decks, prepared once per build (Node side of issue 12 point 3).
// Reads the folder with the same readers, engine and cache as `kit engagement summary` and writes the
// payloads of core/engagement/deck-data.ts under .kit/engagement/<hash>/ (git-ignored): index.json,
// facts.json, and images/<n>.json, a hard link to (or copy of) each report file. The hash is of their
// content, so the build stamps change with the engagement and no build without it (or with another)
// reuses its output. The slidev children
// get the folder through KIT_ENGAGEMENT_DATA; setup/vite-plugins.ts serves it as virtual:kit-engagement.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, link, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { engagementDeckData } from '../core/engagement/deck-data.ts'
import { readFolderReports } from '../core/engagement/folder.ts'
import { step } from './progress.ts'
import { ROOT } from './decks.ts'

/** The env variable naming the prepared folder, for the slidev children and the dev server. */
export const ENGAGEMENT_DATA_ENV = 'KIT_ENGAGEMENT_DATA'
const DATA_ROOT = join(ROOT, '.kit', 'engagement')

export interface PreparedEngagement {
  /** sha256 of the index and facts, and of each report's name, size and mtime: the build stamp's engagement part. */
  hash: string
  /** The folder holding index.json, facts.json and images/. */
  dir: string
  customer: string
  images: number
  /** One line per report the folder holds that cannot be read (the others are used). */
  problems: string[]
}

/** Reads the engagement folder and writes the decks' payloads; a bad engagement.yaml or policy throws a ReportError. */
export async function prepareEngagementData(engagementDir: string): Promise<PreparedEngagement> {
  // Rows and facts come from the folder's cache while its reports are unchanged (kit engagement add
  // keeps them), so a build for thousands of images reads no report it has read before.
  const { config, policies, reports, problems } = await readFolderReports(engagementDir, { facts: true })
  const data = engagementDeckData(config.customer, policies, reports.map((r) => ({ row: r.row, facts: r.facts! })))
  const texts: Array<[string, string]> = [
    ['index.json', JSON.stringify(data.index)],
    ['facts.json', JSON.stringify(data.facts)],
  ]
  const hash = createHash('sha256')
  for (const [name, text] of texts) hash.update(name).update('\0').update(text).update('\0')
  // Each image's details are its report file itself: named here by size and modification time,
  // which change whenever add, pull or a drop-in replaces it.
  for (const [i, r] of reports.entries()) hash.update(`images/${i}.json\0${r.name}\0${r.size}\0${r.mtimeMs}\0`)
  const digest = hash.digest('hex')
  const dir = join(DATA_ROOT, digest.slice(0, 16))
  if (!existsSync(join(dir, 'index.json'))) {
    // Written aside and renamed, so a build never sees half a folder.
    const tmp = `${dir}.${process.pid}.tmp`
    await rm(tmp, { recursive: true, force: true })
    await mkdir(join(tmp, 'images'), { recursive: true, mode: 0o700 })
    for (const [i, r] of reports.entries()) {
      const to = join(tmp, 'images', `${i}.json`)
      await link(r.path, to).catch(() => copyFile(r.path, to))
    }
    for (const [name, text] of texts) await writeFile(join(tmp, name), text, { mode: 0o600 })
    await rm(dir, { recursive: true, force: true })
    await rename(tmp, dir)
  }
  return { hash: digest, dir, customer: config.customer, images: data.index.images.length, problems }
}

/** The engagement's data for the decks; its unreadable reports are named, one line each, and left out. */
export async function prepareEngagement(dir: string): Promise<PreparedEngagement> {
  const data = await prepareEngagementData(dir)
  for (const problem of data.problems) step(`engagement: left out ${problem}`)
  step(`engagement: ${data.images} images of ${data.customer} for the decks`)
  return data
}
