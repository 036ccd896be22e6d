// The lab handouts' content rules: frontmatter, literal headings, steps with durations and expected
// results, includes that resolve, trainer notes for every step, worksheets with writing room, and
// loader errors that name the file and line.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { extractRegion, listLabIds, loadLab, loadLabs } from '../../scripts/labs/load.ts'
import { CODE_BG, LabRenderer } from '../../scripts/labs/markdown.ts'
import { LEVELS, LabError, type Lab } from '../../scripts/labs/model.ts'
import { renderPrintPage, renderSitePage } from '../../scripts/labs/render.ts'
import { parsePath, worksheet } from '../../core/engagement/worksheets.ts'
import { LAB_TAIL, writeFixtureLab } from './labs-fixture.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const LAB_IDS = [
  '01-registry-integration',
  '02-vulnerability-scanning',
  '03-image-assurance',
  '04-cicd-integration',
  '05-sso-saml',
  '06-siem-logging',
  '07-policy-as-code',
]

/** What each lab's worksheet is about: a heading with this word must be in it. */
const WORKSHEET_TOPIC: Record<string, RegExp> = {
  '01-registry-integration': /Registry inventory/,
  '02-vulnerability-scanning': /Images to scan next|Findings to follow up/,
  '03-image-assurance': /Policy design/,
  '04-cicd-integration': /CI tools and agents/,
  '05-sso-saml': /Service-provider values|Groups and roles/,
  '06-siem-logging': /SIEM target/,
  '07-policy-as-code': /Environments and approvers/,
}

let renderer: LabRenderer
let labs: Lab[]

beforeAll(async () => {
  renderer = await LabRenderer.create()
  labs = loadLabs(ROOT)
}, 60_000)

afterAll(() => renderer?.dispose())

function stripTags(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
}

describe('the set of labs', () => {
  it('has exactly the seven section labs', () => {
    expect(listLabIds(ROOT)).toEqual(LAB_IDS)
  })

  it('adds up to a sane amount of hands-on time for a one- to two-day workshop', () => {
    const total = labs.reduce((s, l) => s + l.meta.minutes, 0)
    expect(total).toBeGreaterThanOrEqual(7 * 30)
    expect(total).toBeLessThanOrEqual(10 * 60)
  })
})

describe.each(LAB_IDS)('lab %s', (id) => {
  const lab = (): Lab => labs.find((l) => l.id === id)!

  it('has frontmatter with every field of the right type', () => {
    const text = readFileSync(join(ROOT, 'labs', id, 'lab.md'), 'utf8')
    const fm = parseYaml(text.split(/^---$/m)[1] ?? '') as Record<string, unknown>
    expect(typeof fm.title).toBe('string')
    expect((fm.title as string).length).toBeGreaterThan(5)
    expect(fm.section).toBe(id)
    expect(Number.isInteger(fm.minutes)).toBe(true)
    expect(LEVELS).toContain(fm.level)
    for (const key of ['prerequisites', 'objectives']) {
      expect(Array.isArray(fm[key]), key).toBe(true)
      expect((fm[key] as unknown[]).length, key).toBeGreaterThan(0)
      for (const item of fm[key] as unknown[]) expect(typeof item, key).toBe('string')
    }
  })

  it('takes between 30 and 120 minutes, and the steps add up to it', () => {
    const l = lab()
    expect(l.meta.minutes).toBeGreaterThanOrEqual(30)
    expect(l.meta.minutes).toBeLessThanOrEqual(120)
    expect(l.steps.reduce((s, st) => s + st.minutes, 0)).toBe(l.meta.minutes)
    for (const st of l.steps) expect(st.minutes, `Step ${st.number}`).toBeGreaterThan(0)
  })

  it('shows the literal headings, numbered steps with durations, and an expected result in every step', () => {
    const l = lab()
    const html = renderSitePage(l, renderer, null)
    for (const h of ['Objectives', 'Prerequisites', 'Estimated time', 'Troubleshooting', 'Worksheet']) {
      expect(html, h).toMatch(new RegExp(`<h2[^>]*>${h}</h2>`))
    }
    expect(l.steps.length).toBeGreaterThanOrEqual(4)
    l.steps.forEach((st, i) => {
      expect(st.number).toBe(i + 1)
      const start = html.indexOf(`<section id="${st.anchor}" class="step"`)
      expect(start, `Step ${st.number} section`).toBeGreaterThan(0)
      const end = html.indexOf('</section>', start)
      const section = html.slice(start, end)
      expect(section).toContain(`>Step ${st.number} — `)
      expect(section).toContain(`Duration: ${st.minutes} min`)
      expect(section, `Step ${st.number} expected result`).toContain('class="expected-result"')
    })
  })

  it('folds hints and a solution away on screen and prints them open', () => {
    const l = lab()
    const site = renderSitePage(l, renderer, null)
    const print = renderPrintPage(l, renderer, { trainer: false, fontBase: 'assets/' })
    expect(site).toMatch(/<details class="hint">/)
    expect(site).toMatch(/<details class="solution">/)
    expect(site).not.toMatch(/<details open/)
    expect(print).not.toMatch(/<details(?! open)[ >]/)
  })

  it('resolves every include to an existing file and region', () => {
    for (const inc of lab().includes) {
      const path = join(ROOT, inc.path)
      expect(existsSync(path), `${inc.file}:${inc.line} ${inc.path}`).toBe(true)
      expect(extractRegion(readFileSync(path, 'utf8'), inc.region), `${inc.file}:${inc.line} ${inc.path}#${inc.region}`).not.toBeNull()
    }
  })

  it('has trainer notes with timing for every step, kept out of the customer page', () => {
    const l = lab()
    expect(existsSync(join(ROOT, 'labs', id, 'trainer.md'))).toBe(true)
    for (const st of l.steps) {
      const notes = l.trainer.steps.get(st.number)
      expect(notes, `trainer notes for Step ${st.number}`).toBeDefined()
      expect(notes!.body.lines.some((x) => /^Timing:/.test(x.text)), `Timing: line for Step ${st.number}`).toBe(true)
    }
    const site = stripTags(renderSitePage(l, renderer, null))
    const customerPrint = stripTags(renderPrintPage(l, renderer, { trainer: false, fontBase: 'assets/' }))
    const trainerPrint = stripTags(renderPrintPage(l, renderer, { trainer: true, fontBase: 'assets/' }))
    expect(site).not.toContain('Trainer notes')
    expect(customerPrint).not.toContain('Trainer notes')
    expect(trainerPrint).toContain('Trainer notes — not for customers')
  })

  it('has a worksheet on its topic with blank ruled tables to write in', () => {
    const l = lab()
    const ws = l.post.find((s) => s.kind === 'worksheet')!
    const text = ws.body.lines.map((x) => x.text).join('\n')
    expect(text).toMatch(WORKSHEET_TOPIC[id]!)
    const blankRows = ws.body.lines.filter((x) => /^\|(\s*\|)+\s*$/.test(x.text.trim()) || /^\|[^|]+\|(\s*\|)+\s*$/.test(x.text.trim()))
    expect(blankRows.length).toBeGreaterThanOrEqual(5)
    expect(renderSitePage(l, renderer, null)).toContain('<table class="ruled">')
  })

  it('keeps customer text free of internal markers and raw Markdown', () => {
    const site = stripTags(renderSitePage(lab(), renderer, null))
    expect(site).not.toMatch(/UNVERIFIED|TODO|TBD|\bFIXME\b/)
    expect(site).not.toContain('```')
    expect(site).not.toContain('<<<')
    expect(site).not.toMatch(/\*\*\w/)
  })
})

describe('code highlighting', () => {
  it('keeps every token colour at 4.5:1 or better against the code background (WCAG AA)', () => {
    const lum = (hex: string): number => {
      const h = hex.replace('#', '').slice(0, 6)
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    const ratio = (a: string, b: string): number => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05)
    const colours = new Set<string>()
    for (const l of labs) {
      for (const m of renderSitePage(l, renderer, null).matchAll(/<pre class="code"[\s\S]*?<\/pre>/g)) {
        for (const c of m[0].matchAll(/color:(#[0-9a-fA-F]{6})/g)) colours.add(c[1]!.toLowerCase())
      }
    }
    expect(colours.size).toBeGreaterThan(3)
    for (const c of colours) expect(ratio(c, CODE_BG), c).toBeGreaterThanOrEqual(4.5)
  })
})

describe('loader errors name the file and the line', () => {
  let dir: string
  const good = (extra = ''): string => `---
title: A test lab
section: 99-test-lab
minutes: 10
level: beginner
prerequisites: [nothing]
objectives: [something]
changes: []
---
Intro.

## Step 1 — Do it

Duration: 10 min

Text.
${extra}
**Expected result:** done.

${LAB_TAIL}`
  const write = (lab: string, trainer?: string): void => writeFixtureLab(dir, '99-test-lab', lab, trainer)
  const error = (): LabError => {
    try {
      loadLab(dir, '99-test-lab')
    } catch (e) {
      if (e instanceof LabError) return e
      throw e
    }
    throw new Error('no LabError')
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'labs-content-'))
    mkdirSync(join(dir, 'snippets'), { recursive: true })
    writeFileSync(join(dir, 'snippets', 'a.sh'), '# #region one\necho one\n# #endregion one\n')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('accepts a well-formed lab', () => {
    write(good())
    expect(loadLab(dir, '99-test-lab').steps).toHaveLength(1)
  })

  it('reports a wrongly typed field with its line', () => {
    write(good().replace('minutes: 10', 'minutes: ten'))
    expect(error().message).toBe('labs/99-test-lab/lab.md:4: frontmatter field "minutes" must be a whole number of minutes')
  })

  it('reports a missing field', () => {
    write(good().replace('level: beginner\n', ''))
    expect(error().message).toMatch(/^labs\/99-test-lab\/lab\.md:\d+: frontmatter field "level" is missing$/)
  })

  it('reports broken YAML with its line', () => {
    write(good().replace('objectives: [something]', 'objectives: [something'))
    expect(error().message).toMatch(/^labs\/99-test-lab\/lab\.md:\d+: frontmatter is not valid YAML/)
  })

  it('reports an unknown field (a typo) with its line', () => {
    write(good().replace('objectives:', 'objective:'))
    expect(error().message).toBe('labs/99-test-lab/lab.md:7: frontmatter field "objective" is not known (expected: title, section, minutes, level, prerequisites, objectives, changes)')
  })

  it('reports a step without an expected result', () => {
    write(good().replace('**Expected result:** done.', 'Done.'))
    expect(error().message).toBe('labs/99-test-lab/lab.md:12: Step 1 has no "**Expected result:**" paragraph')
  })

  it('reports a missing duration and durations that do not add up', () => {
    write(good().replace('Duration: 10 min', 'Takes ten minutes.'))
    expect(error().message).toBe('labs/99-test-lab/lab.md:12: Step 1 needs a "Duration: N min" line right under its heading')
    write(good().replace('Duration: 10 min', 'Duration: 5 min'))
    expect(error().message).toBe('labs/99-test-lab/lab.md:2: frontmatter "minutes" is 10 but the step durations add up to 5')
  })

  it('reports includes of missing files and regions', () => {
    write(good('<<< snippets/missing.sh'))
    expect(error().message).toBe('labs/99-test-lab/lab.md:17: include file "snippets/missing.sh" does not exist')
    write(good('<<< snippets/a.sh#two'))
    expect(error().message).toMatch(/^labs\/99-test-lab\/lab\.md:17: include region "#two" not found in snippets\/a\.sh/)
    write(good('<<< snippets/a.sh#one'))
    const lab = loadLab(dir, '99-test-lab')
    expect(lab.steps[0]!.body.lines.map((l) => l.text)).toContain('echo one')
  })

  it('reports HTML other than details/summary at its line', async () => {
    write(good('<div>raw</div>'))
    const lab = loadLab(dir, '99-test-lab')
    expect(() => renderSitePage(lab, renderer, null)).toThrow('labs/99-test-lab/lab.md:17: HTML is limited to <details>, <summary> and <kbd>')
  })

  it('reports an expected block without a command and a badly named step', () => {
    write(good('```text expected\nx\n```'))
    expect(error().message).toBe('labs/99-test-lab/lab.md:17: an "expected" block must come right after a "check" command block')
    write(good().replace('## Step 1 — Do it', '## Step 1 - Do it'))
    expect(error().message).toBe('labs/99-test-lab/lab.md:12: step headings must read "## Step N — Title" (with an em dash "—")')
  })

  it('reports trainer notes for a step that does not exist', () => {
    write(good(), '# Trainer notes — test\n\n## Step 3 — nope\n\nTiming: 1 min\n')
    expect(error().message).toBe('labs/99-test-lab/trainer.md:3: notes for Step 3, but lab.md has no Step 3')
  })
})

// The lab pages' worksheets as forms: every empty cell of a worksheet table is an input of the
// engagement record; a table titled like a defined worksheet uses that worksheet's id and keys, so
// the slide's form and the lab page fill the same fields. Print pages stay ruled blank tables.
const fields = (html: string) => [...html.matchAll(/<input class="ws-input" data-field="([^"]+)"/g)].map((m) => m[1]!)

describe('lab worksheets', () => {
  it('every worksheet cell is an input with a contract path; defined worksheets use their own keys', () => {
    for (const lab of labs) {
      const html = renderSitePage(lab, renderer, null)
      const paths = fields(html)
      expect(paths.length, lab.id).toBeGreaterThanOrEqual(10)
      expect(new Set(paths).size, `${lab.id}: duplicate field paths`).toBe(paths.length)
      for (const path of paths) {
        const parsed = parsePath(path)
        expect(parsed, path).not.toBeNull()
        // A defined worksheet's rows take its keys where the labels match (asserted below); a row the
        // lab adds keeps a key from its own label. Other tables are the lab's own worksheets.
        if (!worksheet(parsed!.sheet)) expect(parsed!.sheet).toMatch(new RegExp(`^lab${lab.id.slice(0, 2)}-`))
      }
      expect(html).toContain('<script type="module" src="../assets/worksheets.js"></script>')
    }
  })

  it('the slide worksheets and the lab pages share fields', () => {
    const byLab = (id: string) => fields(renderSitePage(labs.find((l) => l.id === id)!, renderer, null))
    expect(byLab('06-siem-logging')).toEqual(expect.arrayContaining(['siem-target.platform', 'siem-target.retention', 'siem-target.token-location', 'siem-events.0.event']))
    expect(byLab('05-sso-saml')).toEqual(expect.arrayContaining(['sso-decisions.console', 'sso-decisions.ticket', 'saml-values.acs-url', 'group-roles.5.scopes']))
    expect(byLab('04-cicd-integration')).toEqual(expect.arrayContaining(['ci-scan-step.exit-4', 'ci-tools.0.tool']))
    expect(byLab('02-vulnerability-scanning')).toEqual(expect.arrayContaining(['severity-counts.1.critical', 'severity-counts.0.scanned']))
    // Lab 01's registry inventory is the RegistryPlanner's list, plus two lab-only columns.
    expect(byLab('01-registry-integration')).toEqual(
      expect.arrayContaining(['registry-values.tested-on', 'cloud-connector.2.ready', 'registries.0.name', 'registries.0.auth', 'registries.5.teams-repos', 'registries.5.reach']),
    )
    expect(byLab('06-siem-logging')).toContain('siem-target.keep-target')
    expect(byLab('07-policy-as-code')).toEqual(expect.arrayContaining(['gitops-environments.3.approvers', 'lab07-api-key.console-region-region']))
  })

  it('print pages keep blank ruled tables (no inputs, no answers, no script)', () => {
    for (const lab of labs) {
      for (const trainer of [false, true]) {
        const html = renderPrintPage(lab, renderer, { trainer, fontBase: 'assets/' })
        expect(html).not.toMatch(/<input\b/)
        expect(html).not.toContain('src="../assets/worksheets.js"')
        expect(html).toContain('<table class="ruled">')
      }
    }
  })
})
