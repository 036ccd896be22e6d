// Runs the `check` command blocks of the lab handouts and compares what they print with the
// `expected` block under them. Used by tests/unit/labs-commands.test.ts, and usable alone:
//
//   tsx scripts/labs/checks.ts            run every check, print a report, exit 1 on any mismatch
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadLabs } from './load.ts'
import type { CheckBlock } from './model.ts'

/** A line that is exactly this matches any number of lines (also none); inside a line it matches any text. */
export const WILDCARD = '…'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g

/** Whitespace-insensitive form of an output: no colours, no trailing or repeated spaces, no leading or trailing blank lines. */
export function normalizeOutput(text: string): string[] {
  const lines = text
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
  while (lines.length && lines[0] === '') lines.shift()
  while (lines.length && lines[lines.length - 1] === '') lines.pop()
  return lines
}

function lineMatcher(pattern: string): (line: string) => boolean {
  if (!pattern.includes(WILDCARD)) return (line) => line === pattern
  const re = new RegExp(`^${pattern.split(WILDCARD).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  return (line) => re.test(line)
}

export interface MatchResult {
  ok: boolean
  /** Human-readable explanation when not ok. */
  message: string
}

/** Does `actual` match `expected`, with whitespace normalised and `…` wildcards? */
export function matchOutput(actual: string, expected: string): MatchResult {
  const got = normalizeOutput(actual)
  const want = normalizeOutput(expected)
  // Backtracking match: a wildcard line may swallow 0..n lines.
  const memo = new Map<string, boolean>()
  const match = (i: number, j: number): boolean => {
    const key = `${i},${j}`
    const cached = memo.get(key)
    if (cached !== undefined) return cached
    let result: boolean
    if (j === want.length) result = i === got.length
    else if (want[j] === WILDCARD) result = match(i, j + 1) || (i < got.length && match(i + 1, j))
    else result = i < got.length && lineMatcher(want[j]!)(got[i]!) && match(i + 1, j + 1)
    memo.set(key, result)
    return result
  }
  if (match(0, 0)) return { ok: true, message: '' }
  // Explain: the first expected line that could not be found in order.
  let i = 0
  for (const w of want) {
    if (w === WILDCARD) continue
    const m = lineMatcher(w)
    const at = got.findIndex((g, k) => k >= i && m(g))
    if (at < 0) {
      return { ok: false, message: `expected line not found (in order): ${JSON.stringify(w)}\n--- actual output ---\n${got.join('\n')}` }
    }
    i = at + 1
  }
  return { ok: false, message: `output has lines the expected block does not allow (add "${WILDCARD}" lines where output may vary)\n--- actual output ---\n${got.join('\n')}` }
}

/** Every check block of every lab, in lab and line order. */
export function collectChecks(root: string): CheckBlock[] {
  return loadLabs(root).flatMap((lab) => lab.checks)
}

/**
 * A scratch copy of the kit checkout (sources copied, node_modules linked) so that files a command
 * writes, such as `--html report.html`, land there and not in the repository. Copies, not links:
 * scripts that compare import.meta.url with argv[1] to decide whether to run would see two paths.
 */
export function makeSandbox(root: string): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kit-labs-checks-'))
  const skip = new Set(['.git', 'dist', 'node_modules', 'test-results', 'playwright-report', 'bench'])
  for (const name of readdirSync(root)) {
    if (skip.has(name)) continue
    cpSync(join(root, name), join(dir, name), { recursive: true })
  }
  if (existsSync(join(root, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface CheckRun {
  check: CheckBlock
  exitCode: number | null
  stdout: string
  stderr: string
  ms: number
}

/** Runs one check with bash in `cwd`. API credentials are removed from the environment so nothing can reach Aqua. */
export function runCheck(check: CheckBlock, root: string, cwd: string, timeoutMs = 180_000): CheckRun {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) if (/^AQUA_/.test(key)) delete env[key]
  env.PATH = [join(resolve(cwd), 'node_modules', '.bin'), env.PATH ?? ''].join(delimiter)
  env.NO_COLOR = '1'
  env.FORCE_COLOR = '0'
  const started = Date.now()
  const r = spawnSync('bash', ['-c', check.command], { cwd, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 })
  return { check, exitCode: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - started }
}

function main(): number {
  const root = process.cwd()
  if (!existsSync(join(root, 'labs'))) {
    console.error('run from the kit folder (no labs/ here)')
    return 2
  }
  const checks = collectChecks(root)
  const sandbox = makeSandbox(root)
  let failed = 0
  try {
    for (const check of checks) {
      const run = runCheck(check, root, sandbox.dir)
      const exitOk = run.exitCode === check.expectExit
      const out = check.expected === null ? { ok: true, message: '' } : matchOutput(run.stdout, check.expected)
      const ok = exitOk && out.ok
      if (!ok) failed++
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${check.file}:${check.line} (exit ${run.exitCode}, ${run.ms} ms) ${check.command.split('\n')[0]}`)
      if (!exitOk) console.log(`     expected exit ${check.expectExit}, got ${run.exitCode}\n${run.stderr.trim()}`)
      if (!out.ok) console.log(out.message.replace(/^/gm, '     '))
    }
  } finally {
    sandbox.dispose()
  }
  console.log(`${checks.length - failed} of ${checks.length} checks pass`)
  return failed ? 1 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exit(main())
