// Handouts built for an engagement carry its worksheet answers (issue 13, point 5): on the lab page
// each input starts with its answer, in both print editions each cell holds it as text; HTML in an
// answer stays text; a cell without an answer stays an empty ruled line. Without answers, the pages
// are the trainer's as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadLabAnswers } from '../../scripts/labs/index.ts'
import { loadLabs } from '../../scripts/labs/load.ts'
import { LabRenderer } from '../../scripts/labs/markdown.ts'
import type { Lab } from '../../scripts/labs/model.ts'
import { renderPrintPage, renderSitePage } from '../../scripts/labs/render.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const FIXTURE = join(ROOT, 'engagements', 'example-public')
const HOSTILE = 'Harbor (on premises) <img src=x onerror=alert(1)>'

let renderer: LabRenderer
let lab01: Lab
let lab06: Lab
beforeAll(async () => {
  renderer = await LabRenderer.create()
  const labs = loadLabs(ROOT)
  lab01 = labs.find((l) => l.id === '01-registry-integration')!
  lab06 = labs.find((l) => l.id === '06-siem-logging')!
})
afterAll(() => renderer?.dispose())

const printed = (page: string) => Object.fromEntries([...page.matchAll(/<span class="ws-answer" data-field="([^"]+)">([^<]*)<\/span>/g)].map((m) => [m[1]!, m[2]!]))
const inputs = (page: string) => [...page.matchAll(/<input class="ws-input" data-field="([^"]+)"([^>]*)>/g)].map((m) => ({ path: m[1]!, value: /value="([^"]*)"/.exec(m[2]!)?.[1] }))
/** The worksheet section of a page: from its heading to the end of the section. */
const worksheetSection = (page: string) => page.slice(page.indexOf('<section id="worksheet"'), page.indexOf('</section>', page.indexOf('<section id="worksheet"')))

describe('lab handouts with an engagement’s answers', () => {
  it('prints each answer in its cell as text, in the customer and the trainer edition', async () => {
    const { answers } = await loadLabAnswers(FIXTURE)
    expect(answers['registries.0.name']).toBe(HOSTILE)
    for (const trainer of [false, true]) {
      const page = renderPrintPage(lab01, renderer, { trainer, fontBase: 'assets/', answers })
      expect(printed(page)).toEqual({
        'registries.0.name': 'Harbor (on premises) &lt;img src=x onerror=alert(1)&gt;',
        'registries.0.type': 'Harbor',
        'registries.0.hosting': 'on premises',
        'registries.0.auth': 'robot account',
        'registry-values.name': 'harbor-prod',
      })
      expect(page).not.toContain('<img')
      expect(page).not.toMatch(/<input\b/)
    }
  })

  it('keeps an empty ruled cell where nothing was entered', async () => {
    const { answers } = await loadLabAnswers(FIXTURE)
    const section = worksheetSection(renderPrintPage(lab01, renderer, { trainer: false, fontBase: 'assets/', answers }))
    const blank = worksheetSection(renderPrintPage(lab01, renderer, { trainer: false, fontBase: 'assets/' }))
    const cells = (html: string) => html.match(/<td>/g)?.length ?? 0
    const empty = (html: string) => html.match(/<td><\/td>/g)?.length ?? 0
    expect(cells(section)).toBe(cells(blank))
    // Five answers on lab 01's page; every other writing cell stays empty.
    expect(empty(section)).toBe(empty(blank) - 5)
    expect(empty(section)).toBeGreaterThan(40)
  })

  it('starts each input of the lab page with its answer (escaped), and leaves the others empty', async () => {
    const { answers } = await loadLabAnswers(FIXTURE)
    const page = renderSitePage(lab01, renderer, null, answers)
    const fields = inputs(page)
    const filled = Object.fromEntries(fields.filter((f) => f.value !== undefined).map((f) => [f.path, f.value]))
    expect(filled).toEqual({
      'registries.0.name': 'Harbor (on premises) &lt;img src=x onerror=alert(1)&gt;',
      'registries.0.type': 'Harbor',
      'registries.0.hosting': 'on premises',
      'registries.0.auth': 'robot account',
      'registry-values.name': 'harbor-prod',
    })
    expect(fields.length).toBeGreaterThan(40)
    expect(page).not.toContain('<img')
  })

  it('prints a lab-only row and a lab page’s own worksheet from the record', () => {
    const answers = { 'siem-target.keep-target': 'Yes, SOC lead <b>agreed</b>', 'lab06-searches-and-alerts.1.how-urgent': 'page the on-call' }
    const page = renderPrintPage(lab06, renderer, { trainer: false, fontBase: 'assets/', answers })
    expect(printed(page)).toEqual({
      'siem-target.keep-target': 'Yes, SOC lead &lt;b&gt;agreed&lt;/b&gt;',
      'lab06-searches-and-alerts.1.how-urgent': 'page the on-call',
    })
  })

  it('without answers the pages are as the trainer build makes them', async () => {
    // An engagement without answers: the same pages (the trainer's worksheets only gain their ids).
    const ids = (page: string) => page.replace(/ data-worksheet="[^"]*"/g, '')
    for (const trainer of [false, true]) {
      expect(ids(renderPrintPage(lab01, renderer, { trainer, fontBase: 'assets/', answers: {} }))).toBe(ids(renderPrintPage(lab01, renderer, { trainer, fontBase: 'assets/' })))
    }
    expect(renderSitePage(lab01, renderer, null, {})).toBe(renderSitePage(lab01, renderer, null))
    expect(printed(renderPrintPage(lab01, renderer, { trainer: false, fontBase: 'assets/' }))).toEqual({})
  })

  it('reads a corrupted answers.json from the journal and says which file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labs-answers-'))
    try {
      cpSync(FIXTURE, dir, { recursive: true })
      writeFileSync(join(dir, 'answers.json'), '{\n  "version": 1,\n  "seq": 1,\n  "fields": {\n')
      const lines: string[] = []
      const { answers } = await loadLabAnswers(dir, (line) => lines.push(line))
      expect(answers['registries.0.name']).toBe(HOSTILE)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^labs: ${join(dir, 'answers.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} line \\d+: not valid JSON; started from the last good journal entry$`))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names the engagement and its answers in its identity, so another engagement or a changed answer is another build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labs-answers-'))
    try {
      cpSync(FIXTURE, dir, { recursive: true })
      const a = await loadLabAnswers(FIXTURE)
      const b = await loadLabAnswers(dir)
      expect(b.answers).toEqual(a.answers)
      expect(b.identity).not.toBe(a.identity)
      const { saveAnswers } = await import('../../core/engagement/answers.ts')
      await saveAnswers(dir, { 'registries.0.notes': { value: 'changed', at: new Date().toISOString() } })
      expect((await loadLabAnswers(dir)).identity).not.toBe(b.identity)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
