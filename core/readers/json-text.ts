// Text → JSON with errors a person can act on. JSON.parse runs once on the happy path; only when it
// fails do we re-scan the text ourselves, because V8's messages do not always carry a position.
import { ReportError } from './errors.ts'

export interface JsonSyntaxProblem {
  /** 0-based offset where scanning stopped. */
  offset: number
  reason: string
  /** True when the text ended before the JSON was complete (a truncated file). */
  atEnd: boolean
}

/** What the text is supposed to be; only changes the wording of errors. */
export type JsonKind = 'report' | 'policy'

/** Parses report text; throws ReportError naming the file, line and column when it is not JSON. */
export function parseJsonText(text: string, file: string, kind: JsonKind = 'report'): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '') {
    throw new ReportError({
      file,
      path: '$',
      expected: kind === 'report' ? 'a JSON scan report' : 'a JSON image assurance policy',
      found: body.length === 0 ? 'an empty file' : 'only whitespace',
      headline: 'the file is empty',
      hint:
        kind === 'report'
          ? 'Export the scan again (trivy image -f json -o file.json, or scannercli scan --jsonfile file.json).'
          : 'Save the policy JSON again (GET /api/v2/assurance_policy/image/<name>).',
    })
  }
  try {
    return JSON.parse(body)
  } catch (error) {
    throw syntaxError(body, file, error, kind)
  }
}

function syntaxError(text: string, file: string, error: unknown, kind: JsonKind): ReportError {
  if (error instanceof RangeError) {
    return new ReportError({ file, path: '$', expected: 'JSON of reasonable depth', headline: 'the JSON is nested too deeply to read' })
  }
  const problem = findJsonSyntaxError(text) ?? { offset: 0, reason: String((error as Error)?.message ?? error), atEnd: false }
  const { line, column } = lineAndColumn(text, problem.offset)
  const where = `line ${line}, column ${column}`
  const first = text.trimStart()[0] ?? ''
  let headline: string
  let hint: string | undefined
  if (problem.atEnd) {
    headline = `the JSON stops early at ${where} (the file looks truncated): ${problem.reason}`
    hint = `Copy or download the ${kind === 'report' ? 'report' : 'policy'} again; it was cut off.`
  } else if (!'{["-0123456789tfn'.includes(first)) {
    headline = `not JSON: parsing stopped at ${where}, the text starts with ${JSON.stringify(text.trimStart().slice(0, 24))}`
    hint =
      kind === 'report'
        ? 'Give the kit a JSON report (trivy -f json, scannercli --jsonfile), not the HTML or table output.'
        : 'A policy file must be the JSON object the Aqua API returns for an image assurance policy.'
  } else {
    headline = `not valid JSON: parsing stopped at ${where}: ${problem.reason}`
  }
  return new ReportError({ file, path: '$', expected: 'well-formed JSON', headline, hint, line, column })
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}

type State = 'value' | 'firstValueOrEnd' | 'afterValue' | 'key' | 'firstKeyOrEnd'

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES = '"\\/bfnrtu'

/**
 * Finds the first syntax error in `text`, or null when it is valid JSON. Iterative (no recursion),
 * so a hostile, deeply nested file cannot overflow the stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const n = text.length
  const stack: string[] = []
  let i = 0
  let state: State = 'value'
  const fail = (reason: string): JsonSyntaxProblem => ({ offset: Math.min(i, n), reason, atEnd: i >= n })

  const skipWs = () => {
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++
      else break
    }
  }
  // Returns an error reason, or null once i is past the closing quote.
  const scanString = (): string | null => {
    i++
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return null
      }
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === undefined) {
          i = n
          return 'the text ends inside a string'
        }
        if (!ESCAPES.includes(e)) {
          i++
          return `invalid escape \\${e} in a string`
        }
        if (e === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          i += 2
          return 'invalid \\u escape in a string'
        }
        i += e === 'u' ? 6 : 2
        continue
      }
      if (c < 0x20) return 'a control character (such as a raw line break) inside a string'
      i++
    }
    return 'the text ends inside a string'
  }

  for (;;) {
    skipWs()
    const top = stack[stack.length - 1]
    if (state === 'afterValue') {
      if (top === undefined) {
        if (i >= n) return null
        return fail('more text after the end of the JSON value (several JSON documents in one file, such as JSON Lines?)')
      }
      if (i >= n) return fail(`the text ends inside an ${top === '{' ? 'object' : 'array'}`)
      const c = text[i]
      if (c === ',') {
        i++
        state = top === '{' ? 'key' : 'value'
      } else if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
        stack.pop()
        i++
      } else {
        return fail(`expected ',' or '${top === '{' ? '}' : ']'}' but found ${JSON.stringify(c)}`)
      }
      continue
    }
    if (state === 'key' || state === 'firstKeyOrEnd') {
      if (i >= n) return fail('the text ends where a property name should be')
      if (state === 'firstKeyOrEnd' && text[i] === '}') {
        stack.pop()
        i++
        state = 'afterValue'
        continue
      }
      if (text[i] !== '"') return fail(`expected a double-quoted property name but found ${JSON.stringify(text[i])}`)
      const bad = scanString()
      if (bad) return fail(bad)
      skipWs()
      if (i >= n) return fail("the text ends where ':' should be")
      if (text[i] !== ':') return fail(`expected ':' after a property name but found ${JSON.stringify(text[i])}`)
      i++
      state = 'value'
      continue
    }
    // state is 'value' or 'firstValueOrEnd'
    if (i >= n) return fail('the text ends where a value should be')
    const c = text[i]!
    if (state === 'firstValueOrEnd' && c === ']') {
      stack.pop()
      i++
      state = 'afterValue'
      continue
    }
    if (c === '{') {
      stack.push('{')
      i++
      state = 'firstKeyOrEnd'
      continue
    }
    if (c === '[') {
      stack.push('[')
      i++
      state = 'firstValueOrEnd'
      continue
    }
    state = 'afterValue'
    if (c === '"') {
      const bad = scanString()
      if (bad) return fail(bad)
      continue
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i
      const m = NUMBER.exec(text)
      if (!m || m[0] === '-') return fail('an invalid number')
      i += m[0].length
      continue
    }
    const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i))
    if (literal) {
      i += literal.length
      continue
    }
    const partial = ['true', 'false', 'null'].find((word) => word.startsWith(text.slice(i, n)))
    if (partial && n - i < partial.length) {
      i = n
      return fail(`the text ends inside the word ${partial}`)
    }
    return fail(`unexpected character ${JSON.stringify(c)} where a value should be`)
  }
}
