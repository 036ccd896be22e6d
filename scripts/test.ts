// `npm test`: everything, in the order that fails fastest: type check, unit tests, then the build
// (only what is stale) and the browser and PDF tests against it. Ends with one summary line.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { NoBrowserError } from './browser.ts'
import { runBuild } from './build.ts'
import { ROOT } from './decks.ts'
import { ensureBrowser } from './ensure.ts'
import { step } from './progress.ts'

interface Tally {
  passed: number
  failed: number
  skipped: number
}

const tally: Tally = { passed: 0, failed: 0, skipped: 0 }
const failures: string[] = []
const reports = join(ROOT, 'test-results')

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  step(label)
  const result = spawnSync(process.execPath, [join(ROOT, command), ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status === 0
}

function countVitest(file: string): void {
  if (!existsSync(file)) return
  const data = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
  tally.passed += data.numPassedTests
  tally.failed += data.numFailedTests
  tally.skipped += data.numPendingTests + data.numTodoTests
}

function countPlaywright(file: string): void {
  if (!existsSync(file)) return
  const data = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }
  tally.passed += data.stats.expected + data.stats.flaky
  tally.failed += data.stats.unexpected
  tally.skipped += data.stats.skipped
}

async function main(): Promise<number> {
  const only = process.argv.slice(2)
  rmSync(reports, { recursive: true, force: true })
  mkdirSync(reports, { recursive: true })
  let browser: string
  try {
    browser = ensureBrowser()
  } catch (error) {
    console.error(error instanceof NoBrowserError ? error.message : String(error))
    return 1
  }
  step(`browser: ${browser}`)
  const env = { KIT_CHROME: browser, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }

  if (!only.length || only.includes('types')) {
    if (!run('type check (vue-tsc)', 'node_modules/vue-tsc/bin/vue-tsc.js', ['--noEmit', '-p', 'tsconfig.json'])) failures.push('type check')
  }
  if (!only.length || only.includes('unit')) {
    const out = join(reports, 'vitest.json')
    if (!run('unit tests (vitest)', 'node_modules/vitest/vitest.mjs', ['run', '--reporter=default', '--reporter=json', `--outputFile=${out}`], env)) failures.push('unit tests')
    countVitest(out)
  }
  if (!only.length || only.includes('e2e')) {
    step('build (what is stale)')
    if (!(await runBuild({ pdf: true, labs: true, ifStale: true }))) failures.push('build')
    const out = join(reports, 'playwright.json')
    if (!run('browser and PDF tests (playwright)', 'node_modules/@playwright/test/cli.js', ['test'], { ...env, KIT_PLAYWRIGHT_JSON: out })) failures.push('browser tests')
    countPlaywright(out)
  }
  if (failures.length) console.error(`\nFailed: ${failures.join(', ')}`)
  console.log(`\n${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`)
  return failures.length ? 1 : 0
}

process.exit(await main())
