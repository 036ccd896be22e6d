// Knowing what is stale: a hash of the files each output is built from, kept beside the output.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { ROOT } from './decks.ts'

const SKIP = new Set(['node_modules', 'dist', '.git', '.slidev', 'test-results', 'playwright-report'])

function walk(path: string, out: string[]): void {
  if (!existsSync(path)) return
  const stat = statSync(path)
  if (stat.isFile()) {
    out.push(path)
    return
  }
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue
    walk(join(path, entry.name), out)
  }
}

/** A hash of every file under the given paths (relative to the repo root), names and contents. */
export function hashInputs(paths: string[]): string {
  const files: string[] = []
  for (const path of paths) walk(join(ROOT, path), files)
  const hash = createHash('sha256')
  for (const file of files.sort()) {
    hash.update(relative(ROOT, file))
    hash.update('\0')
    hash.update(readFileSync(file))
    hash.update('\0')
  }
  return hash.digest('hex')
}

export type Stamps = Record<string, string>

export function readStamps(file: string): Stamps {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Stamps
  } catch {
    return {}
  }
}

export function writeStamps(file: string, stamps: Stamps): void {
  writeFileSync(file, `${JSON.stringify(stamps, null, 2)}\n`)
}
