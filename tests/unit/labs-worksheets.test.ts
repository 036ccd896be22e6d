// The lab pages' worksheets as forms: every empty cell of a worksheet table is an input of the
// engagement record; a table titled like a defined worksheet uses that worksheet's id and keys, so
// the slide's form and the lab page fill the same fields. Print pages stay ruled blank tables.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldOf, parsePath, worksheet } from '../../core/engagement/worksheets.ts'
import { loadLabs } from '../../scripts/labs/load.ts'
import { LabRenderer } from '../../scripts/labs/markdown.ts'
import type { Lab } from '../../scripts/labs/model.ts'
import { renderPrintPage, renderSitePage } from '../../scripts/labs/render.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
let renderer: LabRenderer
let labs: Lab[]

beforeAll(async () => {
  renderer = await LabRenderer.create()
  labs = loadLabs(ROOT)
}, 60_000)
afterAll(() => renderer?.dispose())

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
        // A defined worksheet: each of its cells must be one of its fields (labels drifted otherwise).
        if (worksheet(parsed!.sheet)) expect(fieldOf(path), `${lab.id}: ${path} is not a field of ${parsed!.sheet}`).toBeDefined()
        else expect(parsed!.sheet).toMatch(new RegExp(`^lab${lab.id.slice(0, 2)}-`))
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
    expect(byLab('01-registry-integration')).toEqual(expect.arrayContaining(['registry-values.tested-on', 'cloud-connector.2.ready', 'lab01-registry-inventory.0.registry-host']))
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
