// Safe in a real tenant (non-negotiable 5): every lab declares in its frontmatter what it changes in
// the customer's console, each change is scoped narrower than Global, fail CI/CD is switched on only
// in the CI/CD lab, block in none, and a clean-up step undoes it; the handout prints the list.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changeProblems, crossLabProblems, FAIL_CI_LAB } from '../../scripts/labs/changes.ts'
import { loadLab, loadLabs } from '../../scripts/labs/load.ts'
import { LabRenderer } from '../../scripts/labs/markdown.ts'
import { LabError, type ConsoleChange, type Lab } from '../../scripts/labs/model.ts'
import { CHANGES_TITLE, renderPrintPage, renderSitePage } from '../../scripts/labs/render.ts'
import { LAB_TAIL, writeFixtureLab } from './labs-fixture.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const labs: Lab[] = loadLabs(ROOT)
const byId = (id: string): Lab => labs.find((l) => l.id === id)!

describe('what every lab changes in the console', () => {
  it.each(labs.map((l) => [l.id, l] as const))('%s keeps the safety rule', (_id, lab) => {
    expect(changeProblems(lab)).toEqual([])
    for (const c of lab.meta.changes) {
      // the clean-up step says what it is
      const step = lab.steps.find((s) => s.number === c.cleanup)!
      expect(step.title, `${lab.id} Step ${c.cleanup} removes "${c.object}"`).toMatch(/clean up/i)
    }
  })

  it('agrees across labs: a later lab that switches an action on lists the object, with its own clean-up', () => {
    expect(crossLabProblems(labs)).toEqual([])
  })

  it('switches fail CI/CD on for the lab policy only in the CI/CD lab, and blocks nowhere', () => {
    const all = labs.flatMap((l) => l.meta.changes.map((c) => ({ lab: l.id, c })))
    expect(all.filter(({ c }) => (c.actions ?? []).includes('block') || c.changed.some((x) => x.actions.includes('block')))).toEqual([])
    expect([...new Set(all.filter(({ c }) => (c.actions ?? []).includes('fail-ci')).map(({ lab }) => lab))]).toEqual([FAIL_CI_LAB])
    const lab03 = byId('03-image-assurance').meta.changes.find((c) => c.object.includes('workshop-custom-example'))!
    expect(lab03.actions).toEqual(['audit'])
    expect(lab03.changed).toEqual([{ step: 4, actions: ['audit', 'fail-ci'], lab: FAIL_CI_LAB }])
    const lab04 = byId(FAIL_CI_LAB).meta.changes.find((c) => c.object === lab03.object)!
    expect(lab04.scope).toBe(lab03.scope)
    expect(lab04.cleanup).toBe(byId(FAIL_CI_LAB).steps.length) // the last step
  })

  it('the kit policy file of Lab 03 has the scope the header declares', () => {
    const policy = JSON.parse(readFileSync(join(ROOT, 'snippets/policies/custom-example.json'), 'utf8')) as {
      name: string
      scope: { expression: string; variables: Array<{ attribute: string; value: string }> }
    }
    const entry = byId('03-image-assurance').meta.changes[0]!
    expect(entry.object).toContain(policy.name)
    expect(policy.scope.expression).toBe('v1 && v2') // both conditions, not either
    expect(policy.scope.variables).toEqual([
      { attribute: 'aqua.registry', value: 'Docker Hub' },
      { attribute: 'image.repo', value: 'alpine' },
    ])
    for (const v of policy.scope.variables) expect(entry.scope).toContain(v.value)
  })
})

describe('the rule can fail', () => {
  const lab = (id: string, changes: Array<Partial<ConsoleChange>>, steps = 5) => ({
    id,
    steps: Array.from({ length: steps }, (_, i) => ({ number: i + 1 })),
    meta: {
      changes: changes.map((c) => ({ object: 'Policy p', kind: 'assurance-policy', scope: 'repository alpine', actions: ['audit'], created: 2, cleanup: 5, changed: [], line: 9, ...c }) as ConsoleChange),
    },
  })
  const problems = (id: string, c: Partial<ConsoleChange>) => changeProblems(lab(id, [c])).map((p) => p.message)

  it('accepts a narrow, audited, cleaned-up change', () => {
    expect(problems('03-x', {})).toEqual([])
  })
  it.each([
    ['a Global scope', { scope: 'Global' }, /not narrower than Global/],
    ['an all-images scope', { scope: 'all images' }, /not narrower than Global/],
    ['a wildcard scope', { scope: '*' }, /not narrower than Global/],
    ['a creating step that does not exist', { created: 9 }, /no Step 9/],
    ['a clean-up step that does not exist', { cleanup: 6 }, /no Step 6/],
    ['a clean-up before the creation', { created: 4, cleanup: 3 }, /must come after/],
    ['fail CI/CD outside the CI/CD lab', { actions: ['audit', 'fail-ci'] }, /only 04-cicd-integration/],
    ['block', { actions: ['block'] }, /no lab may/],
    ['a later fail CI/CD by another lab', { changed: [{ step: 2, actions: ['fail-ci'], lab: '05-sso-saml' }] }, /only 04-cicd-integration/],
  ] as const)('with %s', (_why, change, message) => {
    expect(problems('03-x', change as Partial<ConsoleChange>).join('\n')).toMatch(message)
  })
  it('allows fail CI/CD in the CI/CD lab, never block', () => {
    expect(problems(FAIL_CI_LAB, { actions: ['audit', 'fail-ci'] })).toEqual([])
    expect(problems(FAIL_CI_LAB, { actions: ['audit', 'block'] }).join()).toMatch(/no lab may/)
  })
  it('across labs: the later lab must list the object from that step, with the actions', () => {
    const earlier = { ...lab('03-x', [{ changed: [{ step: 4, actions: ['audit', 'fail-ci'], lab: FAIL_CI_LAB }] }]), file: 'labs/03-x/lab.md' }
    const missing = { ...lab(FAIL_CI_LAB, []), file: 'labs/04/lab.md' }
    expect(crossLabProblems([earlier, missing]).join()).toMatch(/must list "Policy p" with created: 4/)
    const audited = { ...lab(FAIL_CI_LAB, [{ created: 4, actions: ['audit'] }]), file: 'labs/04/lab.md' }
    expect(crossLabProblems([earlier, audited]).join()).toMatch(/must list the actions fail-ci/)
    const ok = { ...lab(FAIL_CI_LAB, [{ created: 4, actions: ['audit', 'fail-ci'] }]), file: 'labs/04/lab.md' }
    expect(crossLabProblems([earlier, ok])).toEqual([])
  })
})

describe('the loader holds every lab to it, naming the file and line', () => {
  let dir: string
  const write = (changes: string): void => {
    writeFixtureLab(
      dir,
      '98-safety-lab',
      `---
title: A safety test lab
section: 98-safety-lab
minutes: 10
level: beginner
prerequisites: [nothing]
objectives: [something]
${changes}
---

## Step 1 — Make it

Duration: 5 min

**Expected result:** made.

## Step 2 — Clean up

Duration: 5 min

**Expected result:** gone.

${LAB_TAIL}`,
    )
  }
  const error = (): string => {
    try {
      loadLab(dir, '98-safety-lab')
    } catch (e) {
      if (e instanceof LabError) return e.message
      throw e
    }
    return 'no error'
  }
  const entry = (extra: string) => `changes:\n  - object: "Policy p"\n    kind: assurance-policy\n    scope: "repository alpine"\n    actions: [audit]\n    created: 1\n    cleanup: 2\n${extra}`

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'labs-safety-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('accepts a safe lab, and an empty list', () => {
    write(entry(''))
    expect(loadLab(dir, '98-safety-lab').meta.changes).toHaveLength(1)
    write('changes: []')
    expect(loadLab(dir, '98-safety-lab').meta.changes).toEqual([])
  })
  it('requires the field', () => {
    write('')
    expect(error()).toBe('labs/98-safety-lab/lab.md:2: frontmatter field "changes" is missing')
  })
  it.each([
    ['a Global scope', entry('').replace('repository alpine', 'Global'), 'labs/98-safety-lab/lab.md:9: "Policy p": scope "Global" is not narrower than Global / all: scope it to one repository, registry, group or user'],
    ['fail CI/CD outside Lab 04', entry('').replace('[audit]', '[audit, fail-ci]'), 'labs/98-safety-lab/lab.md:9: "Policy p": switches "fail-ci" on, which only 04-cicd-integration may do'],
    ['no clean-up step', entry('').replace('cleanup: 2', 'cleanup: 3'), 'labs/98-safety-lab/lab.md:9: "Policy p": cleaned up in Step 3, but the lab has no Step 3'],
    ['an unknown action', entry('').replace('[audit]', '[warn]'), 'labs/98-safety-lab/lab.md:12: changes[0]: action "warn" is not one of audit, fail-ci, block'],
    ['a missing scope', entry('').replace('    scope: "repository alpine"\n', ''), 'labs/98-safety-lab/lab.md:9: changes[0]: "scope" is missing'],
    ['actions on a registry', entry('').replace('assurance-policy', 'registry'), 'labs/98-safety-lab/lab.md:12: changes[0]: "actions" is only for assurance policies'],
    ['a typo in a field', entry('    cleanUp: 2\n'), 'labs/98-safety-lab/lab.md:15: changes[0]: field "cleanUp" is not known (expected: object, kind, scope, actions, created, cleanup, changed)'],
  ])('reports %s', (_why, changes, message) => {
    write(changes)
    expect(error()).toBe(message)
  })
})

describe('the handout prints "What this lab changes in your console" near the top', () => {
  let renderer: LabRenderer
  beforeAll(async () => {
    renderer = await LabRenderer.create()
  }, 60_000)
  afterAll(() => renderer?.dispose())

  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/\s+/g, ' ')

  it.each(labs.map((l) => [l.id, l] as const))('%s: site page and both print editions', (_id, lab) => {
    const pages = [
      renderSitePage(lab, renderer, null),
      renderPrintPage(lab, renderer, { trainer: false, fontBase: 'assets/' }),
      renderPrintPage(lab, renderer, { trainer: true, fontBase: 'assets/' }),
    ]
    for (const html of pages) {
      const section = /<section id="console-changes"[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
      expect(section).toContain(`<h2>${CHANGES_TITLE}</h2>`)
      expect(html).toContain(`href="#console-changes"`) // listed in the contents
      // after the time table, before the first step
      expect(html.indexOf('id="console-changes"')).toBeGreaterThan(html.indexOf('id="estimated-time"'))
      expect(html.indexOf('id="console-changes"')).toBeLessThan(html.indexOf('id="step-1"'))
      const t = text(section)
      for (const c of lab.meta.changes) {
        expect(t).toContain(text(renderer.inline(c.object)).trim())
        expect(t).toContain(text(renderer.inline(c.scope)).trim())
        expect(t).toContain(`Step ${c.cleanup}`)
        for (const later of c.changed) expect(t).toContain(`Lab ${later.lab.slice(0, 2)} Step ${later.step} switches on`)
      }
    }
  })

  it('says "Nothing" for a lab that changes nothing', () => {
    const lab = { ...labs[0]!, meta: { ...labs[0]!.meta, changes: [] } }
    expect(text(renderSitePage(lab, renderer, null))).toContain(`${CHANGES_TITLE} Nothing: this lab creates and changes nothing in your Aqua console.`)
  })
})
