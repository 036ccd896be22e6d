// The engagement's data for the decks, prepared once per build (Node side of issue 12 point 3).
// Reads the folder with the same readers and engine as `kit engagement summary` and writes the
// payloads of core/engagement/deck-data.ts under .kit/engagement/<hash>/ (git-ignored): index.json,
// facts.json and images/<n>.json. The hash is of their content, so the build stamps change with
// the engagement and no build without it (or with another) reuses its output. The slidev children
// get the folder through KIT_ENGAGEMENT_DATA; setup/vite-plugins.ts serves it as virtual:kit-engagement.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { readReportFile } from '../core/files.ts'
import { REPORTS_DIR } from '../core/engagement/config.ts'
import { engagementDeckData } from '../core/engagement/deck-data.ts'
import { jsonFiles, policiesInPlay, readEngagementConfig } from '../core/engagement/folder.ts'
import { ReportError, oneLine } from '../core/readers/errors.ts'
import type { ScanResult } from '../core/types.ts'
import { ROOT } from './decks.ts'

/** The env variable naming the prepared folder, for the slidev children and the dev server. */
export const ENGAGEMENT_DATA_ENV = 'KIT_ENGAGEMENT_DATA'
const DATA_ROOT = join(ROOT, '.kit', 'engagement')

export interface PreparedEngagement {
  /** sha256 of every payload file, names and content: the build stamp's engagement part. */
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
  const config = await readEngagementConfig(engagementDir)
  const policies = await policiesInPlay(engagementDir, config)
  const files: Array<{ name: string; scan: ScanResult }> = []
  const problems: string[] = []
  const folder = join(engagementDir, REPORTS_DIR)
  for (const name of await jsonFiles(folder)) {
    try {
      files.push({ name, scan: await readReportFile(join(folder, name)) })
    } catch (error) {
      if (!(error instanceof ReportError)) throw error
      problems.push(oneLine(error))
    }
  }
  const data = engagementDeckData(config.customer, policies, files)
  const texts: Array<[string, string]> = [
    ['index.json', JSON.stringify(data.index)],
    ['facts.json', JSON.stringify(data.facts)],
    ...data.details.map((scan, i): [string, string] => [`images/${i}.json`, JSON.stringify(scan)]),
  ]
  const hash = createHash('sha256')
  for (const [name, text] of texts) hash.update(name).update('\0').update(text).update('\0')
  const digest = hash.digest('hex')
  const dir = join(DATA_ROOT, digest.slice(0, 16))
  if (!existsSync(join(dir, 'index.json'))) {
    // Written aside and renamed, so a build never sees half a folder.
    const tmp = `${dir}.${process.pid}.tmp`
    await rm(tmp, { recursive: true, force: true })
    await mkdir(join(tmp, 'images'), { recursive: true, mode: 0o700 })
    for (const [name, text] of texts) await writeFile(join(tmp, name), text, { mode: 0o600 })
    await rm(dir, { recursive: true, force: true })
    await rename(tmp, dir)
  }
  return { hash: digest, dir, customer: config.customer, images: data.index.images.length, problems }
}
