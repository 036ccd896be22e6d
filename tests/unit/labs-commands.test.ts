// Every command a lab handout marks as `check` is run here, from the kit checkout, and must exit and
// print what the handout says. So every command in a handout has been run by `npm test`.
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { collectChecks, makeSandbox, matchOutput, runCheck, WILDCARD } from '../../scripts/labs/checks.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const checks = collectChecks(ROOT)
const sandbox = makeSandbox(ROOT)
afterAll(() => sandbox.dispose())

describe('output matching', () => {
  it('ignores whitespace differences and trailing blank lines', () => {
    expect(matchOutput('a   b  \n\n  c\n\n', 'a b\n\nc').ok).toBe(true)
  })
  it('treats a … line as any number of lines, and … in a line as any text', () => {
    expect(matchOutput('head\n1\n2\n3\ntail', 'head\n…\ntail').ok).toBe(true)
    expect(matchOutput('head\ntail', 'head\n…\ntail').ok).toBe(true)
    expect(matchOutput('took 123 ms', 'took … ms').ok).toBe(true)
    expect(matchOutput('head\nextra\ntail', 'head\ntail').ok).toBe(false)
    expect(matchOutput('head', 'head\ntail').message).toContain('"tail"')
  })
})

describe('lab handout commands', () => {
  it('are there to run', () => {
    expect(checks.length).toBeGreaterThanOrEqual(8)
  })

  it.each(checks.map((c) => [`${c.file}:${c.line} ${c.command.split('\n')[0]}`, c] as const))('%s', (_name, check) => {
    if (check.expected !== null) {
      // A placeholder is not an expected output: paste what the command really prints.
      const real = check.expected.split('\n').filter((l) => l.trim() && l.trim() !== WILDCARD)
      expect(real.length, `${check.file}:${check.line}: the expected block is only a placeholder`).toBeGreaterThan(0)
    }
    const run = runCheck(check, ROOT, sandbox.dir)
    expect(run.exitCode, `${check.file}:${check.line}: exit code\n${run.stderr}`).toBe(check.expectExit)
    if (check.expected !== null) {
      const m = matchOutput(run.stdout, check.expected)
      expect(m.ok, `${check.file}:${check.line}: ${m.message}`).toBe(true)
    }
  }, 180_000)
})
