// Reading the knowledge checks from disk (Node only, for the build, the Vite plugin and the tests):
// one file per section, checks/<section>.yaml, named after its deck.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ChecksError, parseSectionChecks, type SectionChecks } from './checks.ts'

/** The folder, under the repository root, that holds the checks and their answer key. */
export const CHECKS_DIR = 'checks'

/** The checks files under `root`, by file path. */
export function checksFiles(root: string): string[] {
  const dir = join(root, CHECKS_DIR)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(dir, name))
}

/** Every section's checks, in deck order; a bad file throws a ChecksError naming it and the field. */
export function loadAllChecks(root: string): SectionChecks[] {
  return checksFiles(root).map((path) => {
    const file = `${CHECKS_DIR}/${basename(path)}`
    const checks = parseSectionChecks(readFileSync(path, 'utf8'), file)
    const expected = basename(path, '.yaml')
    if (checks.section !== expected) throw new ChecksError(file, 'section', `is ${JSON.stringify(checks.section)}, but the file is named after ${expected}`)
    return checks
  })
}
