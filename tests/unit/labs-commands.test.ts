// Every command a lab handout marks as `check` is run here, from the kit checkout, and must exit and
// print what the handout says. So every command in a handout has been run by `npm test`. And every
// repository file, npm script, kit command and environment variable a handout names must exist.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { collectChecks, collectReferences, makeSandbox, matchOutput, referenceProblems, runCheck, WILDCARD } from '../../scripts/labs/checks.ts'
import { loadLab, loadLabs } from '../../scripts/labs/load.ts'
import { LAB_TAIL, writeFixtureLab } from './labs-fixture.ts'

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

describe('what a handout names exists', () => {
  it('every file, npm script, kit command and variable of every handout', async () => {
    expect(await referenceProblems(ROOT)).toEqual([])
  })

  it('collects the names from the text, not from included files or expected output', () => {
    const names = (id: string) => new Set(collectReferences(ROOT, loadLabs(ROOT).find((l) => l.id === id)!).map((r) => `${r.kind}:${r.name}`))
    const lab04 = names('04-cicd-integration')
    for (const n of ['file:snippets/jenkins/Jenkinsfile.scan', 'file:snippets/postee/docker-run.sh', 'variable:AQUA_CONSOLE_URL', 'variable:SLACK_WEBHOOK_URL', 'variable:IMAGE_NAME', 'kit-command:gate', 'npm-script:kit']) {
      expect(lab04, n).toContain(n)
    }
    expect(lab04).not.toContain('variable:WORKSPACE') // only inside the included Jenkinsfile
    const lab07 = names('07-policy-as-code')
    for (const n of ['variable:AQUA_API_KEY', 'variable:AQUA_API_SECRET', 'file:snippets/policy-push/push-policies.ts', 'kit-command:policy lint']) expect(lab07, n).toContain(n)
  })

  it('fails for a missing file, script, kit command or an unread variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labs-refs-'))
    try {
      mkdirSync(join(dir, 'snippets'), { recursive: true })
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { kit: 'tsx cli/kit.ts' } }))
      writeFileSync(join(dir, 'snippets', 'run.sh'), 'echo "$KNOWN_VAR"\n')
      writeFixtureLab(
        dir,
        '99-refs-lab',
        `---
title: A references test lab
section: 99-refs-lab
minutes: 5
level: beginner
prerequisites: [nothing]
objectives: [something]
changes: []
---
## Step 1 — Run things

Duration: 5 min

Export \`KNOWN_VAR\` and \`UNREAD_VAR\`, then run \`bash snippets/run.sh\` and \`bash snippets/missing.sh\`:

\`\`\`sh check
npm run --silent kit -- gate --help; npm run nope; npm run --silent kit -- frobnicate x.json
\`\`\`

\`\`\`text expected
snippets/printed-only.sh $PRINTED_VAR
\`\`\`

**Expected result:** done.

${LAB_TAIL}`,
      )
      const problems = await referenceProblems(dir, [loadLab(dir, '99-refs-lab')])
      expect(problems).toEqual([
        'labs/99-refs-lab/lab.md:14: names snippets/missing.sh, which is not in the kit',
        'labs/99-refs-lab/lab.md:14: names the variable UNREAD_VAR, but no file the lab names reads it',
        'labs/99-refs-lab/lab.md:17: "npm run nope" is not a script in package.json',
        'labs/99-refs-lab/lab.md:17: "kit frobnicate" is not a kit command',
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
