// A structural reader for Kotlin script, used only for TeamCity's Kotlin DSL (settings.kts). It is
// not a compiler: it strips comments, understands the string forms (including ${...} inside
// double-quoted strings and raw """ strings), checks that (), [] and {} balance, and builds a tree
// of "statement { block }" items that tests can query.
//
// Why it still exists: TeamCity's Kotlin DSL has no checker that runs offline from npm or Debian.
// TeamCity compiles settings.kts against its own DSL jars (served by the TeamCity server, in no
// registry); Debian's kotlin 1.3.31 compiler has no parse-only mode and fails on every DSL name it
// cannot resolve without those jars. So settings.kts is checked with this reader alone. Every other
// CI file is read by its own ecosystem's parser: the Jenkinsfiles by Groovy's (groovy.ts).

export interface Token {
  type: 'ident' | 'string' | 'number' | 'punct' | 'newline'
  value: string
  line: number
}

export interface Block {
  /** tokens of the statement before the `{` */
  head: Token[]
  body: Item[]
  line: number
}

export interface Item {
  tokens: Token[]
  blocks: Block[]
  line: number
}

export class StructureError extends Error {}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' }
const CLOSERS = new Set([')', ']', '}'])
const MULTI = ['==', '!=', '&&', '||', '->', '?:', '?.', '<=', '>=', '..']

/** Tokens outside comments; throws StructureError on unterminated strings/comments or unbalanced brackets. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  let line = 1
  const fail = (msg: string, at = line): never => {
    throw new StructureError(`line ${at}: ${msg}`)
  }

  // Skips a ${...} template body; i points just after "${". Returns with i after the matching "}".
  const skipTemplate = (startLine: number): void => {
    let depth = 1
    while (i < src.length) {
      const c = src[i]!
      if (c === '\n') line++
      if (c === '"' || c === "'") {
        readString()
        continue
      }
      if (c === '{') depth++
      if (c === '}' && --depth === 0) {
        i++
        return
      }
      i++
    }
    fail('unterminated ${...} in a string', startLine)
  }

  // Reads a string literal starting at i; returns its raw content.
  const readString = (): string => {
    const startLine = line
    const q = src[i]!
    const triple = src.startsWith(q.repeat(3), i)
    const delim = triple ? q.repeat(3) : q
    const interpolates = q === '"'
    // a raw string (triple quotes) has no escapes
    const escapes = !triple
    i += delim.length
    const begin = i
    while (i < src.length) {
      const c = src[i]!
      if (escapes && c === '\\') {
        if (src[i + 1] === '\n') line++
        i += 2
        continue
      }
      if (src.startsWith(delim, i)) {
        // a raw string may end in extra quotes: `"""say "hi""""` holds `say "hi"`
        if (triple) while (src[i + delim.length] === q) i++
        const raw = src.slice(begin, i)
        i += delim.length
        return raw
      }
      if (c === '\n') {
        if (!triple) fail('line break inside a single-line string', startLine)
        line++
      }
      if (interpolates && c === '$' && src[i + 1] === '{') {
        i += 2
        skipTemplate(startLine)
        continue
      }
      i++
    }
    return fail(`unterminated string (opened with ${delim})`, startLine)
  }

  const stack: Array<{ ch: string; line: number }> = []
  while (i < src.length) {
    const c = src[i]!
    if (c === '\n') {
      tokens.push({ type: 'newline', value: '\n', line })
      line++
      i++
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++
      continue
    }
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    if (src.startsWith('/*', i)) {
      const startLine = line
      const end = src.indexOf('*/', i + 2)
      if (end < 0) fail('unterminated /* comment', startLine)
      for (let k = i; k < end; k++) if (src[k] === '\n') line++
      i = end + 2
      continue
    }
    if (c === '"' || c === "'") {
      const l = line
      tokens.push({ type: 'string', value: readString(), line: l })
      continue
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(src.slice(i, i + 200))
    if (word) {
      tokens.push({ type: 'ident', value: word[0], line })
      i += word[0].length
      continue
    }
    const num = /^\d[\w.]*/.exec(src.slice(i, i + 50))
    if (num) {
      tokens.push({ type: 'number', value: num[0], line })
      i += num[0].length
      continue
    }
    const op = MULTI.find((m) => src.startsWith(m, i)) ?? c
    if (OPENERS[op]) stack.push({ ch: op, line })
    if (CLOSERS.has(op)) {
      const open = stack.pop()
      if (!open) fail(`unmatched "${op}"`)
      else if (OPENERS[open.ch] !== op) fail(`"${op}" closes "${open.ch}" opened on line ${open.line}`)
    }
    tokens.push({ type: 'punct', value: op, line })
    i += op.length
  }
  const open = stack.pop()
  if (open) fail(`"${open.ch}" is never closed`, open.line)
  return tokens
}

const CONTINUES = new Set([',', '(', '[', ':', '=', '+', '-', '&&', '||', '?', '.', '->', '|', '?:'])

/** Groups tokens into statements and `{}` blocks. Tokens must come from tokenize (balanced). */
export function parseTree(tokens: Token[]): Item[] {
  let pos = 0
  const body = (): Item[] => {
    const items: Item[] = []
    let cur: Item = { tokens: [], blocks: [], line: 0 }
    let depth = 0
    const flush = () => {
      if (cur.tokens.length > 0) items.push(cur)
      cur = { tokens: [], blocks: [], line: 0 }
    }
    while (pos < tokens.length) {
      const t = tokens[pos++]!
      if (t.type === 'punct' && t.value === '}' && depth === 0) {
        flush()
        return items
      }
      if (t.type === 'newline') {
        const prev = cur.tokens[cur.tokens.length - 1]
        if (depth === 0 && prev && !(prev.type === 'punct' && CONTINUES.has(prev.value))) flush()
        continue
      }
      if (cur.tokens.length === 0) cur.line = t.line
      if (t.type === 'punct' && t.value === '{') {
        const block: Block = { head: [...cur.tokens], body: [], line: t.line }
        block.body = body()
        cur.blocks.push(block)
        cur.tokens.push({ type: 'punct', value: '{…}', line: t.line })
        continue
      }
      if (t.type === 'punct' && (t.value === '(' || t.value === '[')) depth++
      if (t.type === 'punct' && (t.value === ')' || t.value === ']')) depth--
      cur.tokens.push(t)
    }
    flush()
    return items
  }
  return body()
}

export function parse(src: string): Item[] {
  return parseTree(tokenize(src))
}

/** The items of `src`, or the one problem line when its brackets or strings do not balance. */
export function parseOrProblem(src: string): { items: Item[]; problem?: string } {
  try {
    return { items: parse(src) }
  } catch (e) {
    if (e instanceof StructureError) return { items: [], problem: `not balanced: ${e.message}` }
    throw e
  }
}

/** Text of tokens, for messages and simple matching ("stage ( 'Build' )"). */
export function show(tokens: Token[]): string {
  return tokens.map((t) => (t.type === 'string' ? `'${t.value}'` : t.value)).join(' ')
}

/** Blocks at this level whose head starts with the given identifiers. */
export function blocksNamed(items: Item[], ...names: string[]): Block[] {
  return items.flatMap((it) => it.blocks).filter((b) => names.every((n, k) => b.head[k]?.value === n))
}

/** Every item in the subtree, depth first. */
export function allItems(items: Item[]): Item[] {
  return items.flatMap((it) => [it, ...it.blocks.flatMap((b) => allItems(b.body))])
}

/** Named arguments of a call such as `aqua a: 'x', b: true` or `string(name: 'X', ...)`. */
export function namedArgs(tokens: Token[]): Map<string, Token[]> {
  const args = new Map<string, Token[]>()
  let depth = 0
  let current: Token[] = []
  const take = () => {
    if (current.length >= 2 && current[0]!.type === 'ident' && current[1]!.value === ':') {
      args.set(current[0]!.value, current.slice(2))
    }
    current = []
  }
  for (const t of tokens) {
    if (t.type === 'punct' && (t.value === '(' || t.value === '[')) depth++
    if (t.type === 'punct' && (t.value === ')' || t.value === ']')) depth--
    if (depth === 0 && t.type === 'punct' && t.value === ',') {
      take()
      continue
    }
    current.push(t)
  }
  take()
  return args
}
