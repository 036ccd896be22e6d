// Runs the `check` command blocks of the lab handouts and compares what they print with the
// `expected` block under them, and checks that every repository file, `npm run` script, `kit`
// command and environment variable a handout names exists. Used by tests/unit/labs-commands.test.ts,
// and usable alone:
//
//   tsx scripts/labs/checks.ts            run every check, print a report, exit 1 on any mismatch
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, relative, resolve, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { main as kitMain } from '../../cli/kit.ts'
import { parseInfo } from './load.ts'
import { loadLabs } from './load.ts'
import type { CheckBlock, Lab } from './model.ts'

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

// ---------------------------------------------------------------------------------------------
// What a handout names: files, npm scripts, kit commands, environment variables

export type ReferenceKind = 'file' | 'npm-script' | 'kit-command' | 'variable'

export interface HandoutReference {
  lab: string
  /** lab.md or trainer.md, relative to the kit folder. */
  file: string
  line: number
  kind: ReferenceKind
  /** A path, a script name, the kit command's words ("policy lint"), or a variable name. */
  name: string
}

/** Folders of the kit a handout may point into. */
const KIT_FOLDERS = ['snippets', 'data', 'labs', 'scripts', 'core', 'cli', 'tests', 'slides', 'components', 'composables']
const PATH = new RegExp(`(?<![\\w/.:-])((?:${KIT_FOLDERS.join('|')})/[A-Za-z0-9_./-]*[A-Za-z0-9_])`, 'g')
const NPM_RUN = /\bnpm run(?: --silent)? ([a-z][\w:-]*)/g
const KIT = /\bkit -- ([a-z]+)(?: ([a-z]+)\b(?![./-]))?/g
/** In commands: $NAME, ${NAME}, export/unset/read NAME. */
const VAR_IN_CODE = /\$\{?([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b|\b(?:export|unset|read -rs)((?: [A-Z][A-Z0-9]*_[A-Z0-9_]+)+)/g
/** In prose: a code span that is exactly an UPPER_SNAKE name. */
const VAR_SPAN = /`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`/g
const INLINE_CODE = /`([^`]+)`/g
const INCLUDE_LINE = /^\s*<<<\s+(\S+?)(?:#\S+)?(?:\s+\{[a-z0-9-]+\})?\s*$/

function scanText(text: string, code: boolean, add: (kind: ReferenceKind, name: string) => void): void {
  for (const m of text.matchAll(PATH)) add('file', m[1]!.replace(/\.$/, ''))
  const commands = code ? [text] : [...text.matchAll(INLINE_CODE)].map((m) => m[1]!)
  for (const c of commands) {
    for (const m of c.matchAll(NPM_RUN)) add('npm-script', m[1]!)
    for (const m of c.matchAll(KIT)) add('kit-command', m[2] ? `${m[1]} ${m[2]}` : m[1]!)
    for (const m of c.matchAll(VAR_IN_CODE)) {
      if (m[1]) add('variable', m[1])
      else for (const v of m[2]!.trim().split(' ')) add('variable', v)
    }
  }
  if (!code) for (const m of text.matchAll(VAR_SPAN)) add('variable', m[1]!)
}

/**
 * Everything a lab's lab.md and trainer.md name. Read from the source files, so included file
 * contents and the `expected` output blocks (what a command prints) are not taken for names.
 */
export function collectReferences(root: string, lab: Lab): HandoutReference[] {
  const refs: HandoutReference[] = []
  for (const path of [join(lab.dir, 'lab.md'), join(lab.dir, 'trainer.md')]) {
    const file = relative(root, path).split(sep).join('/')
    const lines = readFileSync(path, 'utf8').replace(/\r\n/g, '\n').split('\n')
    let fence: { marker: string; skip: boolean } | null = null
    lines.forEach((text, i) => {
      const add = (kind: ReferenceKind, name: string) => refs.push({ lab: lab.id, file, line: i + 1, kind, name })
      const open = /^\s{0,3}(`{3,}|~{3,})(.*)$/.exec(text)
      if (fence) {
        if (open && open[1]!.startsWith(fence.marker) && open[2]!.trim() === '') fence = null
        else if (!fence.skip) scanText(text, true, add)
        return
      }
      if (open) {
        fence = { marker: open[1]!, skip: parseInfo(open[2]!).flags.has('expected') }
        return
      }
      const include = INCLUDE_LINE.exec(text)
      if (include) return add('file', include[1]!)
      scanText(text, false, add)
    })
  }
  return refs
}

/** Words a kit command line can start with, and whether `kit <words> --help` answers with exit 0. */
async function kitCommandExists(words: string): Promise<boolean> {
  const quiet = { out: () => {}, err: () => {} }
  return (await kitMain([...words.split(' '), '--help'], quiet)) === 0
}

/**
 * Problems with the references of every lab, one line each naming the handout file and line: a
 * file that is not in the kit, an npm script package.json lacks, a kit command the CLI does not
 * know, a variable that no file the lab names reads.
 */
export async function referenceProblems(root: string, labs: Lab[] = loadLabs(root)): Promise<string[]> {
  const scripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {})
  const problems: string[] = []
  const kitKnown = new Map<string, boolean>()
  for (const lab of labs) {
    const refs = collectReferences(root, lab)
    const named = [...new Set(refs.filter((r) => r.kind === 'file').map((r) => r.name))]
      .map((p) => resolve(root, p))
      .filter((abs) => abs.startsWith(resolve(root) + sep) && existsSync(abs) && !readdirSafe(abs))
      .map((abs) => readFileSync(abs, 'utf8'))
    for (const r of refs) {
      const at = `${r.file}:${r.line}`
      if (r.kind === 'file') {
        const abs = resolve(root, r.name)
        if (!abs.startsWith(resolve(root) + sep) || !existsSync(abs)) problems.push(`${at}: names ${r.name}, which is not in the kit`)
      } else if (r.kind === 'npm-script') {
        if (!scripts.includes(r.name)) problems.push(`${at}: "npm run ${r.name}" is not a script in package.json`)
      } else if (r.kind === 'kit-command') {
        if (!kitKnown.has(r.name)) kitKnown.set(r.name, await kitCommandExists(r.name))
        if (!kitKnown.get(r.name)) problems.push(`${at}: "kit ${r.name}" is not a kit command`)
      } else {
        const word = new RegExp(`(?<![A-Za-z0-9_])${r.name}(?![A-Za-z0-9_])`)
        if (!named.some((text) => word.test(text))) problems.push(`${at}: names the variable ${r.name}, but no file the lab names reads it`)
      }
    }
  }
  return problems
}

function readdirSafe(abs: string): boolean {
  try {
    readdirSync(abs)
    return true
  } catch {
    return false
  }
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
