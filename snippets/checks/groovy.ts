// Jenkinsfiles read by a real Groovy parser: Debian's `groovy` package (Groovy's own compiler,
// the parser Jenkins Pipeline uses too), on the JRE that is there. groovy/parse.groovy hands back
// each file's AST as JSON (the GroovyNode tree below), so the Jenkinsfile shape checks read what
// Groovy read. npm cannot bring a JVM, so this needs a command outside node_modules: `.ci/run`
// installs it with apt-get; elsewhere, findGroovy() says why it is missing and the tests skip it by
// name (in CI they fail instead). A JVM start takes seconds: groovyTrees() reads every source it is
// given in one run and keeps the answers for the rest of the process (one test run).

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PARSE_SCRIPT = fileURLToPath(new URL('./groovy/parse.groovy', import.meta.url))

export type Groovy = { ok: true; command: string; env: NodeJS.ProcessEnv } | { ok: false; reason: string }

/** A Groovy expression as parse.groovy writes it; `line` is the source line (1-based). */
export type GroovyExpr =
  | { type: 'string'; line: number; value: string; interpolated?: true }
  | { type: 'constant'; line: number; value: string }
  | { type: 'var'; line: number; name: string }
  | { type: 'property'; line: number; object: GroovyExpr; name: string }
  | { type: 'binary'; line: number; op: string; left: GroovyExpr | null; right: GroovyExpr | null }
  | { type: 'list'; line: number; items: GroovyExpr[] }
  | { type: 'closure'; line: number; body: GroovyNode[] }
  | { type: 'other'; line: number; text: string }
  | GroovyCall

/** A method call, `name(args, key: value) { body }` or `name key: value`; `body` is a trailing closure. */
export interface GroovyCall {
  type: 'call'
  line: number
  name: string
  object: GroovyExpr | null
  args: GroovyExpr[]
  named: Record<string, GroovyExpr>
  body: GroovyNode[] | null
}

/** A statement: an expression, or an `if`. */
export type GroovyNode = GroovyExpr | { type: 'if'; line: number; cond: GroovyExpr; then: GroovyNode[]; else: GroovyNode[] }

/** One file as Groovy read it: its statements, or the compiler's message. */
export type GroovyFile = { path: string; body: GroovyNode[]; error?: undefined } | { path: string; error: string; body?: undefined }

function onPath(command: string): string | null {
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', [command], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.split(/\r?\n/)[0]!.trim() : null
}

/** Debian's groovy launcher looks for the JVM in JAVA_HOME or /usr/lib/jvm/default-java; a JRE from
 * another package (openjdk-17 without default-jre) has neither, so JAVA_HOME comes from `java`. */
function javaHome(): string | null {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin', 'java'))) return process.env.JAVA_HOME
  const java = onPath('java')
  return java ? dirname(dirname(realpathSync(java))) : null
}

export function findGroovy(): Groovy {
  const command = onPath('groovy')
  if (!command) return { ok: false, reason: 'no `groovy` command (Debian/Ubuntu: apt-get install groovy; macOS: brew install groovy)' }
  const home = javaHome()
  if (!home) return { ok: false, reason: 'no Java runtime for groovy (install a JRE, e.g. apt-get install default-jre-headless)' }
  return { ok: true, command, env: { ...process.env, JAVA_HOME: home } }
}

/** Reads the files in one JVM run. */
function runParser(groovy: Extract<Groovy, { ok: true }>, files: string[]): GroovyFile[] {
  const r = spawnSync(groovy.command, [PARSE_SCRIPT, ...files], { env: groovy.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.error || (r.status !== 0 && r.status !== 1) || !r.stdout.trim()) {
    throw new Error(`groovy ${PARSE_SCRIPT} did not run: ${r.error?.message ?? `${r.stderr}`.trim()}`)
  }
  return JSON.parse(r.stdout) as GroovyFile[]
}

/** Parses the files in one JVM; `ok` false with the compiler's messages when any does not parse. */
export async function groovyParse(groovy: Extract<Groovy, { ok: true }>, files: string[]): Promise<{ ok: boolean; output: string; files: GroovyFile[] }> {
  const parsed = runParser(groovy, files)
  const errors = parsed.flatMap((f) => (f.error === undefined ? [] : [f.error.trim()]))
  return { ok: errors.length === 0, output: errors.join('\n'), files: parsed }
}

const treeOfSource = new Map<string, GroovyFile>()

/**
 * Groovy's reading of each source text: those not read before in this process are written to a
 * temporary folder and parsed in one JVM run. Throws when Groovy cannot run here (findGroovy's reason).
 */
export function groovyTrees(sources: readonly string[]): GroovyFile[] {
  const unread = [...new Set(sources.filter((s) => !treeOfSource.has(s)))]
  if (unread.length) {
    const groovy = findGroovy()
    if (!groovy.ok) throw new Error(`Groovy cannot read the Jenkinsfiles: ${groovy.reason}`)
    const dir = mkdtempSync(join(tmpdir(), 'groovy-'))
    try {
      const files = unread.map((source, k) => {
        const file = join(dir, `Jenkinsfile.${k}`)
        writeFileSync(file, source)
        return file
      })
      // the temporary file's name means nothing to a reader of the message: it names a source text
      runParser(groovy, files).forEach((parsed, k) => {
        treeOfSource.set(unread[k]!, parsed.error === undefined ? parsed : { path: parsed.path, error: parsed.error.replaceAll(`${parsed.path}: `, '') })
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return sources.map((s) => treeOfSource.get(s)!)
}

/** Groovy's reading of one source (cached; see groovyTrees). */
export function groovyTree(source: string): GroovyFile {
  return groovyTrees([source])[0]!
}

/** The calls of that name directly in these statements (`pipeline`, `stages`, `steps`…). */
export function callsNamed(nodes: readonly GroovyNode[] | null, name: string): GroovyCall[] {
  return (nodes ?? []).filter((n): n is GroovyCall => n.type === 'call' && n.name === name)
}

/** Every node in the subtree, depth first: statements, their arguments and the closures they hold. */
export function allNodes(nodes: readonly (GroovyNode | null)[]): GroovyNode[] {
  return nodes.flatMap((n): GroovyNode[] => {
    if (!n) return []
    switch (n.type) {
      case 'call':
        return [n, ...allNodes([n.object, ...n.args, ...Object.values(n.named), ...(n.body ?? [])])]
      case 'if':
        return [n, ...allNodes([n.cond, ...n.then, ...n.else])]
      case 'property':
        return [n, ...allNodes([n.object])]
      case 'binary':
        return [n, ...allNodes([n.left, n.right])]
      case 'list':
        return [n, ...allNodes(n.items)]
      case 'closure':
        return [n, ...allNodes(n.body)]
      default:
        return [n]
    }
  })
}

/** Every string literal (plain or GString, as written between its quotes) in a subtree. */
export function stringsIn(nodes: readonly (GroovyNode | null)[]): string[] {
  return allNodes(nodes).flatMap((n) => (n.type === 'string' ? [n.value] : []))
}

/** The value of a string literal, or null for anything else. */
export function stringValue(node: GroovyNode | null | undefined): string | null {
  return node?.type === 'string' ? node.value : null
}

/** Groovy-like text of a node for messages and simple matching: strings in single quotes. */
export function show(node: GroovyNode | null | undefined): string {
  if (!node) return ''
  switch (node.type) {
    case 'string':
      return `'${node.value}'`
    case 'constant':
    case 'var':
      return node.type === 'var' ? node.name : node.value
    case 'property':
      return `${show(node.object)}.${node.name}`
    case 'binary':
      return `${show(node.left)} ${node.op} ${show(node.right)}`
    case 'list':
      return `[${node.items.map(show).join(', ')}]`
    case 'closure':
      return '{ … }'
    case 'if':
      return `if (${show(node.cond)}) { … }`
    case 'call': {
      const args = [...node.args.map(show), ...Object.entries(node.named).map(([k, v]) => `${k}: ${show(v)}`)]
      return `${node.object ? `${show(node.object)}.` : ''}${node.name}(${args.join(', ')})${node.body ? ' { … }' : ''}`
    }
    default:
      return node.text
  }
}
