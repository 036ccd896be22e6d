// The scan and policy components on the gallery deck, driven the way a presenter drives them: chips,
// search, sort, pages, the CVE panel, policy switches and the impact matrix, by mouse and by keyboard
// only; axe on every slide; nothing outside its slide; and the exported PDF's print states.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { readReportFile } from '../../core/files.ts'
import { countBySeverity } from '../../core/summary.ts'
import type { ScanResult, Severity } from '../../core/types.ts'
import { DIST_DIR, ROOT, listDecks, loadSlides } from '../../scripts/decks.ts'
import { gotoSlide, pdfPages, slide } from './helpers.ts'

const DECK = 'gallery'
const SOURCE = 'slides/gallery/scan-components.md'
const TITLES = {
  summary: 'SeveritySummary',
  table: 'ScanTable',
  big: 'ScanTable with 5,000 findings',
  cve: 'CveDetail',
  risk: 'ImageRisk',
  editor: 'PolicyEditor',
  impact: 'PolicyImpact',
  broken: 'When a report cannot be read',
} as const
type SlideKey = keyof typeof TITLES

const REPORTS = {
  alpine: 'data/reports/aqua/postee-pokemongo-map-alpine-3.4.0.json',
  allInOne: 'data/reports/aqua/postee-all-in-one-3.5.json',
}

let NO: Record<SlideKey, number>
let alpine: ScanResult
let allInOne: ScanResult

test.beforeAll(async () => {
  const deck = listDecks().find((d) => d.id === DECK)
  if (!deck) throw new Error('the gallery deck is missing')
  const slides = (await loadSlides(deck)).filter((s) => s.file === SOURCE)
  const byTitle = new Map(slides.map((s) => [s.title, s.no]))
  NO = Object.fromEntries(
    Object.entries(TITLES).map(([key, title]) => {
      const no = byTitle.get(title)
      if (!no) throw new Error(`no slide titled "${title}" in ${SOURCE}`)
      return [key, no]
    }),
  ) as Record<SlideKey, number>
  alpine = await readReportFile(join(ROOT, REPORTS.alpine))
  allInOne = await readReportFile(join(ROOT, REPORTS.allInOne))
})

async function open(page: Page, key: SlideKey): Promise<Locator> {
  return gotoSlide(page, DECK, NO[key])
}

/** Rows of every page of the table, turning pages with the Next button. */
async function allRows(table: Locator): Promise<Array<{ id: string; severity: string; score: string }>> {
  const rows: Array<{ id: string; severity: string; score: string }> = []
  const next = table.locator('[data-page="next"]')
  for (let guard = 0; guard < 200; guard++) {
    const status = await table.locator('[data-page-status]').textContent()
    for (const row of await table.locator('tbody tr[data-finding]').all()) {
      rows.push({
        id: (await row.getAttribute('data-finding')) ?? '',
        severity: (await row.getAttribute('data-severity')) ?? '',
        score: (await row.getAttribute('data-score')) ?? '',
      })
    }
    if (await next.isDisabled()) return rows
    await next.click()
    await expect(table.locator('[data-page-status]')).not.toHaveText(status ?? '')
  }
  throw new Error('too many pages')
}

/** Presses Tab until `target` has focus (keyboard only), failing after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  const handle = await target.elementHandle()
  if (!handle) throw new Error('tab target not found')
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await handle.evaluate((el) => el === document.activeElement)) return
  }
  throw new Error(`could not reach the element with ${max} Tab presses`)
}

/** The component ends inside the slide's content box and the slide does not scroll. */
async function expectInsideSlide(el: Locator): Promise<void> {
  const result = await el.evaluate((s) => {
    const layout = s.querySelector<HTMLElement>('.slidev-layout')!
    const box = layout.getBoundingClientRect()
    const scale = box.height / layout.offsetHeight
    const padBottom = Number.parseFloat(getComputedStyle(layout).paddingBottom) * scale
    const parts = Array.from(layout.querySelectorAll<HTMLElement>('[data-component], [data-data-error]'))
    const worst = Math.max(0, ...parts.map((p) => p.getBoundingClientRect().bottom - (box.bottom - padBottom)))
    const widest = Math.max(0, ...parts.map((p) => p.getBoundingClientRect().right - box.right))
    return {
      parts: parts.length,
      overflowX: layout.scrollWidth - layout.clientWidth,
      overflowY: layout.scrollHeight - layout.clientHeight,
      pastBottom: worst / scale,
      pastRight: widest / scale,
    }
  })
  expect(result.parts, 'the slide shows a component').toBeGreaterThan(0)
  expect(result.overflowX, 'slide scrolls sideways').toBeLessThanOrEqual(1)
  expect(result.overflowY, 'slide scrolls down').toBeLessThanOrEqual(1)
  expect(result.pastBottom, 'component ends below the slide’s content box').toBeLessThanOrEqual(1)
  expect(result.pastRight, 'component ends right of the slide').toBeLessThanOrEqual(1)
}

test.describe('SeveritySummary', () => {
  test('chips carry the report’s counts and the donut has a text alternative', async ({ page }) => {
    const el = await open(page, 'summary')
    const counts = countBySeverity(alpine.findings)
    const first = el.locator('[data-component="severity-summary"]').first()
    for (const s of ['critical', 'high', 'medium', 'low', 'negligible'] as Severity[]) {
      await expect(first.locator(`li[data-severity="${s}"]`)).toHaveText(new RegExp(`^\\s*${counts[s]}\\s`))
    }
    await expect(first.getByRole('img')).toHaveAttribute('aria-label', /^283 findings: 2 critical, 52 high, 184 medium, 11 low, 34 negligible$/)
    await expect(first.locator('.kit-donut-total')).toHaveText('283')
  })
})

test.describe('ScanTable', () => {
  test('a severity chip shows exactly that many rows, across pages', async ({ page }) => {
    const el = await open(page, 'table')
    const table = el.locator('[data-component="scan-table"]')
    const counts = countBySeverity(alpine.findings)
    for (const severity of ['critical', 'high'] as Severity[]) {
      const chip = table.locator(`button[data-severity="${severity}"]`)
      await chip.click()
      await expect(chip).toHaveAttribute('aria-pressed', 'true')
      const rows = await allRows(table)
      expect(rows).toHaveLength(counts[severity])
      expect(new Set(rows.map((r) => r.severity))).toEqual(new Set([severity]))
    }
    expect(counts.critical).toBe(2)
    await table.locator('button[data-severity="all"]').click()
    await expect(table.locator('[data-range]')).toHaveText(`Showing 1–5 of ${alpine.findings.length} findings`)
  })

  test('search narrows the rows to the CVE or package typed', async ({ page }) => {
    const el = await open(page, 'table')
    const table = el.locator('[data-component="scan-table"]')
    const search = table.locator('[data-search]')
    await search.fill('CVE-2020-1747')
    await expect(table.locator('[data-range]')).toHaveText(/of 2 findings$/)
    expect((await allRows(table)).map((r) => r.id)).toEqual(['CVE-2020-1747', 'CVE-2020-1747'])
    const expected = alpine.findings.filter((f) => [f.id, f.pkg.name, f.pkg.path].some((t) => t.toLowerCase().includes('busybox'))).length
    expect(expected).toBeGreaterThan(0)
    await search.fill('BusyBox')
    await expect(table.locator('[data-range]')).toHaveText(new RegExp(`of ${expected} findings?$`))
    expect(await allRows(table)).toHaveLength(expected)
    await search.fill('no-such-package-anywhere')
    await expect(table.locator('tbody')).toContainText('No findings match')
  })

  test('sorting by score orders the rows, both ways', async ({ page }) => {
    const el = await open(page, 'table')
    const table = el.locator('[data-component="scan-table"]')
    await table.locator('button[data-severity="medium"]').click()
    const header = table.locator('th[data-sort="score"]')
    await header.locator('button').click()
    await expect(header).toHaveAttribute('aria-sort', 'descending')
    const down = (await allRows(table)).map((r) => (r.score === '' ? -1 : Number(r.score)))
    expect(down).toHaveLength(countBySeverity(alpine.findings).medium)
    expect(down).toEqual([...down].sort((a, b) => b - a))
    expect(down[0]).toBeGreaterThan(down[down.length - 1]!)
    await header.locator('button').click()
    await expect(header).toHaveAttribute('aria-sort', 'ascending')
    const up = (await allRows(table)).map((r) => (r.score === '' ? -1 : Number(r.score)))
    expect(up).toEqual([...up].sort((a, b) => a - b))
    await expect(table.locator('th[data-sort="severity"]')).not.toHaveAttribute('aria-sort', /.+/)
  })

  test('a row opens its CVE panel; Escape closes it and gives focus back to the row', async ({ page }) => {
    const el = await open(page, 'table')
    const table = el.locator('[data-component="scan-table"]')
    const row = table.locator('tbody tr[data-finding]').nth(2)
    const id = (await row.getAttribute('data-finding'))!
    const opener = row.locator('.kit-scan__open')
    await opener.focus()
    await page.keyboard.press('Enter')
    const dialog = table.getByRole('dialog')
    await expect(dialog).toBeVisible()
    await expect(dialog).toHaveAttribute('aria-modal', 'true')
    await expect(dialog.getByRole('heading', { name: id })).toBeVisible()
    await expect(dialog.locator('[data-field="fixed"]')).not.toBeEmpty()
    await expect(dialog.getByRole('button', { name: /close/i })).toBeFocused()
    // Tab stays inside the dialog.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab')
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true)
    }
    await page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    await expect(opener).toBeFocused()
    // The deck did not move while the panel was open.
    await expect(slide(page, NO.table)).toBeVisible()
    expect(page.url()).toContain(`#/${NO.table}`)
  })

  test('keyboard only: chip, search, page, sort and detail', async ({ page }) => {
    const el = await open(page, 'table')
    const table = el.locator('[data-component="scan-table"]')
    const critical = table.locator('button[data-severity="critical"]')
    await tabTo(page, critical)
    await page.keyboard.press('Space')
    await expect(critical).toHaveAttribute('aria-pressed', 'true')
    await expect(table.locator('tbody tr[data-finding]')).toHaveCount(2)
    await page.keyboard.press('Enter') // Enter toggles too: back to all
    await expect(critical).toHaveAttribute('aria-pressed', 'false')
    await tabTo(page, table.locator('[data-search]'))
    await page.keyboard.type('musl')
    await expect(table.locator('[data-range]')).toHaveText(/of \d+ findings?$/)
    const rows = table.locator('tbody tr[data-finding]')
    await expect(rows.first()).toContainText('musl')
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Backspace')
    await tabTo(page, table.locator('[data-page="next"]'))
    await page.keyboard.press('Enter')
    await expect(table.locator('[data-page-status]')).toHaveText(/^Page 2 of/)
    await tabTo(page, table.locator('th[data-sort="package"] button'))
    await page.keyboard.press('Enter')
    await expect(table.locator('th[data-sort="package"]')).toHaveAttribute('aria-sort', 'ascending')
    await tabTo(page, rows.first().locator('button'))
    await page.keyboard.press('Enter')
    await expect(table.getByRole('dialog')).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(table.getByRole('dialog')).toHaveCount(0)
    await expect(rows.first().locator('button')).toBeFocused()
    expect(page.url()).toContain(`#/${NO.table}`)
  })

  test('stays quick on 5,000 findings', async ({ page }) => {
    const el = await open(page, 'big')
    const table = el.locator('[data-component="scan-table"]')
    await expect(table.locator('[data-range]')).toHaveText('Showing 1–5 of 5000 findings')
    // Timed inside the page (action → range line updated → next frame painted), so the test
    // measures the component, not the test runner.
    const timed = (action: string) =>
      table.evaluate(async (root, what) => {
        const t0 = performance.now()
        if (what === 'search') {
          const input = root.querySelector<HTMLInputElement>('[data-search]')!
          input.value = 'busybox'
          input.dispatchEvent(new Event('input', { bubbles: true }))
        } else root.querySelector<HTMLElement>(what)!.click()
        // Vue re-renders in a microtask after the event: one task later the DOM is up to date.
        await new Promise((r) => setTimeout(r, 0))
        await new Promise((r) => requestAnimationFrame(() => r(null)))
        return performance.now() - t0
      }, action)
    const range = table.locator('[data-range]')
    const times: Record<string, number> = {}
    times.filter = await timed('button[data-severity="medium"]')
    await expect(range).toHaveText(/of 3255 findings$/)
    times.sort = await timed('th[data-sort="score"] button')
    await expect(table.locator('th[data-sort="score"]')).toHaveAttribute('aria-sort', 'descending')
    times.search = await timed('search')
    await expect(range).toHaveText(/of \d{1,3} findings$/)
    times.all = await timed('button[data-severity="all"]')
    for (const [what, ms] of Object.entries(times)) expect(ms, `${what} took ${Math.round(ms)} ms`).toBeLessThan(500)
    await expect(table.locator('[data-range]')).toHaveText(/of \d+ findings$/)
    await expect(table.locator('tbody tr[data-finding]')).toHaveCount(5)
  })
})

test.describe('CveDetail', () => {
  test('shows the description as text, versions, every score with its source and links as plain text', async ({ page }) => {
    const el = await open(page, 'cve')
    const card = el.locator('[data-component="cve-detail"]')
    await expect(card.getByRole('heading', { name: 'CVE-2020-1747' })).toBeVisible()
    await expect(card).toContainText('PyYAML library')
    await expect(card.locator('[data-field="fixed"]')).toHaveText('5.3.1')
    await expect(card.locator('[data-field="scores"] li')).toHaveCount(5)
    await expect(card.locator('[data-field="scores"]')).toContainText('NVD v3 9.8')
    await expect(card.locator('[data-field="published"]')).toHaveText('2020-03-24')
    await expect(card.locator('[data-field="links"]')).toContainText('https://')
    await expect(card.locator('a')).toHaveCount(0)
  })
})

test.describe('ImageRisk', () => {
  test('banner with both outcomes, a card per control per policy with icon and text, audit-only marked, actions and donut', async ({ page }) => {
    const el = await open(page, 'risk')
    const risk = el.locator('[data-component="image-risk"]')
    // Default (copy) fails CI/CD and does not mark images non-compliant: compliant, and the CI/CD step fails.
    await expect(risk.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'compliant')
    await expect(risk.locator('[data-verdict]')).toHaveAttribute('data-cicd', 'fails')
    await expect(risk).toContainText('Image is compliant')
    await expect(risk).toContainText('Aqua CI/CD step fails (exit code 4)')
    await expect(risk).toContainText('ashex/pokemongo-map (alpine 3.4.0)')
    await expect(risk).toContainText('scanned 2020-05-11')
    const defaultPolicy = risk.locator('[data-policy="Default"]')
    await expect(defaultPolicy.locator('[data-control="max_severity"]')).toHaveAttribute('data-status', 'failed')
    await expect(defaultPolicy.locator('[data-control="max_severity"]')).toContainText('Failed')
    await expect(defaultPolicy.locator('[data-control="malware"]')).toContainText('Passed')
    const audit = risk.locator('[data-policy="gitops-dev-test"]')
    await expect(audit).toContainText('Failed (audit only)')
    await expect(audit.locator('[data-control="root_user"]')).toContainText('Not evaluated')
    await expect(risk.locator('.kit-risk__action-list li').first()).toContainText(/vulnerabilit/i)
    await expect(risk.locator('.kit-donut-total')).toHaveText('283')
  })
})

test.describe('PolicyEditor', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

  test('Vulnerability Severity at High makes all-in-one fail CI/CD; off flips it back', async ({ page }) => {
    const el = await open(page, 'editor')
    const editor = el.locator('[data-component="policy-editor"]')
    const verdict = editor.locator('[data-image^="all-in-one"]')
    const toggle = editor.locator('button[data-control="max_severity"]')
    await expect(toggle).toHaveAttribute('role', 'switch')
    await expect(toggle).toHaveAttribute('aria-checked', 'true')
    await expect(verdict).toHaveAttribute('data-cicd', 'passes')
    expect(countBySeverity(allInOne.findings).high).toBeGreaterThan(0)
    await editor.locator('[data-severity-option="high"]').check()
    await expect(verdict).toHaveAttribute('data-cicd', 'fails')
    // The Default copy does not mark failed images non-compliant: the image stays compliant.
    await expect(verdict).toHaveAttribute('data-verdict', 'compliant')
    await expect(verdict).toContainText('Aqua CI/CD step fails (exit code 4)')
    await expect(verdict.locator('[data-failed="max_severity"]')).toHaveText('Severity')
    await toggle.click()
    await expect(toggle).toHaveAttribute('aria-checked', 'false')
    await expect(verdict).toHaveAttribute('data-cicd', 'passes')
    await toggle.click()
    await expect(verdict).toHaveAttribute('data-cicd', 'fails')
    await editor.locator('[data-action="json"]').click()
    await expect(editor.locator('[data-json]')).toContainText('"cvss_severity": "high"')
    await expect(editor.locator('[data-json]')).toContainText('"cvss_severity_enabled": true')
    await editor.locator('[data-action="copy"]').click()
    await expect(editor.locator('[data-status]')).toHaveText(/copied/i)
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<string, unknown>
    expect(copied).toMatchObject({ name: 'Default', cvss_severity: 'high', cvss_severity_enabled: true })
  })

  test('keyboard only: switches, severity radios, score slider and the CVE list', async ({ page }) => {
    const el = await open(page, 'editor')
    const editor = el.locator('[data-component="policy-editor"]')
    const pokemongo = editor.locator('[data-image^="ashex/pokemongo"]')
    const allInOneVerdict = editor.locator('[data-image^="all-in-one"]')
    // Severity: off, then on, then arrows to High.
    const severity = editor.locator('button[data-control="max_severity"]')
    await tabTo(page, severity)
    await page.keyboard.press('Space')
    await expect(severity).toHaveAttribute('aria-checked', 'false')
    await expect(pokemongo).toHaveAttribute('data-cicd', 'passes')
    await page.keyboard.press('Enter')
    await expect(severity).toHaveAttribute('aria-checked', 'true')
    await expect(pokemongo).toHaveAttribute('data-cicd', 'fails')
    await tabTo(page, editor.locator('[data-severity-option="critical"]'))
    await page.keyboard.press('ArrowLeft')
    await expect(editor.locator('[data-severity-option="high"]')).toBeChecked()
    await expect(allInOneVerdict).toHaveAttribute('data-cicd', 'fails')
    // Score: switch on with the keyboard; arrows move the slider by 0.1.
    const score = editor.locator('button[data-control="max_score"]')
    await tabTo(page, score)
    await page.keyboard.press('Space')
    await expect(score).toHaveAttribute('aria-checked', 'true')
    const slider = editor.locator('[data-score-slider]')
    await tabTo(page, slider)
    const before = Number(await slider.inputValue())
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await expect(slider).toHaveValue(String(Math.round((before + 0.2) * 10) / 10))
    await expect(editor.locator('[data-score-value]')).toHaveText(`≥ ${(before + 0.2).toFixed(1)}`)
    // CVEs Blocked: add one of pokemongo's CVEs by keyboard, then remove it again.
    const cves = editor.locator('button[data-control="cves_blocked"]')
    await tabTo(page, cves)
    await page.keyboard.press('Space')
    const add = editor.locator('[data-add="cves_blocked"]')
    await tabTo(page, add)
    await page.keyboard.type('cve-2016-2515')
    await page.keyboard.press('Enter')
    const card = editor.locator('[data-settings="cves_blocked"]')
    await expect(card.locator('.kit-pe__item-text')).toHaveText(['CVE-2016-2515'])
    await expect(editor.locator('[data-status]')).toHaveText(/Added CVE-2016-2515/)
    await expect(pokemongo.locator('[data-failed="cves_blocked"]')).toHaveCount(1)
    await tabTo(page, card.getByRole('button', { name: 'Remove CVE-2016-2515' }))
    await page.keyboard.press('Enter')
    await expect(card.locator('.kit-pe__item')).toHaveCount(0)
    await expect(add).toBeFocused()
    await expect(pokemongo.locator('[data-failed="cves_blocked"]')).toHaveCount(0)
    expect(page.url()).toContain(`#/${NO.editor}`)
  })

  test('controls that need the live platform are marked', async ({ page }) => {
    const el = await open(page, 'editor')
    const editor = el.locator('[data-component="policy-editor"]')
    for (const id of ['dta', 'custom_checks', 'scap', 'microenforcer']) {
      await expect(editor.locator(`button[data-control="${id}"]`)).toContainText('not evaluated offline')
    }
    await expect(editor.locator('button[role="switch"][data-control]')).toHaveCount(17)
    await editor.locator('button[data-control="dta"]').click()
    await expect(editor.locator('[data-settings="dta"]')).toContainText('Not evaluated offline')
  })
})

test.describe('PolicyImpact', () => {
  test('switching a control re-evaluates every image and marks the cells that changed', async ({ page }) => {
    const el = await open(page, 'impact')
    const impact = el.locator('[data-component="policy-impact"]')
    await expect(impact.locator('td[data-changed="true"]')).toHaveCount(0)
    const exampleApp = impact.locator('tr[data-image="noppaknopsta/example-app:main-159"]')
    const cell = exampleApp.locator('td[data-policy="Default"]')
    await expect(cell).toHaveAttribute('data-cicd', 'passes')
    const superuser = impact.locator('button[data-control="root_user"]')
    await tabTo(page, superuser)
    await page.keyboard.press('Space')
    await expect(superuser).toHaveAttribute('aria-checked', 'true')
    await expect(cell).toHaveAttribute('data-cicd', 'fails')
    await expect(cell).toContainText('Fails CI/CD')
    await expect(cell).toHaveAttribute('data-changed', 'true')
    await expect(cell).toContainText('changed')
    await expect(cell).toContainText('Superuser')
    // Aqua payloads carry no USER: their Default cells do not change.
    await expect(impact.locator('tr[data-image^="ashex/pokemongo"] td[data-policy="Default"]')).toHaveAttribute('data-changed', 'false')
    const changed = await impact.locator('td[data-changed="true"]').count()
    expect(changed).toBeGreaterThanOrEqual(3)
    await expect(impact.locator('[data-changed-count]')).toHaveText(`${changed} cells changed`)
    await page.keyboard.press('Space')
    await expect(impact.locator('td[data-changed="true"]')).toHaveCount(0)
    await expect(impact.locator('[data-changed-count]')).toHaveText('As saved')
  })
})

test.describe('Bad data', () => {
  test('an unreadable report shows a card naming the file and the field', async ({ page }) => {
    const el = await open(page, 'broken')
    const card = el.locator('[data-data-error]')
    await expect(card).toBeVisible()
    await expect(card).toContainText('broken-trivy.json')
    await expect(card).toContainText('$.Results[0].Vulnerabilities')
  })
})

test.describe('every gallery slide of these components', () => {
  for (const key of Object.keys(TITLES) as SlideKey[]) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`${TITLES[key]} (${scheme}): no serious axe violations, nothing outside the slide`, async ({ page }) => {
        test.setTimeout(240_000)
        await page.emulateMedia({ colorScheme: scheme })
        const el = await open(page, key)
        await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), scheme === 'dark')
        const results = await new AxeBuilder({ page })
          .include(`[data-slidev-no="${NO[key]}"]`)
          .withTags(['wcag2a', 'wcag2aa'])
          .analyze()
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        expect(serious.map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
        await expectInsideSlide(el)
      })
    }
  }

  test('open states pass axe too: the CVE panel, the policy JSON, changed impact cells', async ({ page }) => {
    test.setTimeout(240_000)
    const axe = async (no: number) => {
      const results = await new AxeBuilder({ page }).include(`[data-slidev-no="${no}"]`).withTags(['wcag2a', 'wcag2aa']).analyze()
      return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${no}: ${v.id}`)
    }
    const table = await open(page, 'table')
    await table.locator('tbody tr[data-finding] button').first().click()
    await expect(table.getByRole('dialog')).toBeVisible()
    await expectInsideSlide(table)
    const problems = await axe(NO.table)
    const editor = await open(page, 'editor')
    await editor.locator('button[data-control="cves_blocked"]').click()
    await editor.locator('[data-action="json"]').click()
    await expect(editor.locator('[data-json]')).toBeVisible()
    await expectInsideSlide(editor)
    problems.push(...(await axe(NO.editor)))
    const impact = await open(page, 'impact')
    await impact.locator('button[data-control="root_user"]').click()
    await expect(impact.locator('td[data-changed="true"]').first()).toBeVisible()
    await expectInsideSlide(impact)
    problems.push(...(await axe(NO.impact)))
    expect(problems).toEqual([])
  })

  test('print state: the scan table fits its slide and says how many it shows', async ({ page }) => {
    await page.goto(`/${DECK}/?print#/${NO.table}`)
    const el = slide(page, NO.table)
    await expect(el.locator('.kit-fit-done')).toBeVisible()
    const note = el.locator('[data-print-note]')
    await expect(note).toHaveText(/^\s*Showing (\d+) of 283 findings/)
    const shown = Number((await note.textContent())!.match(/Showing (\d+)/)![1])
    expect(shown).toBeGreaterThanOrEqual(3)
    await expect(el.locator('[data-print-state] tbody tr')).toHaveCount(shown)
    await expect(el.locator('[data-print-state] tbody tr').first()).toHaveAttribute('data-severity', 'critical')
    await expectInsideSlide(el)
  })
})

test.describe('exported PDF', () => {
  test('holds every chip count and the print-state texts', async () => {
    const file = join(DIST_DIR, 'pdf', `${DECK}.pdf`)
    expect(existsSync(file), `${file} exists (npm run build)`).toBe(true)
    const pages = await pdfPages(file)
    const page = (key: SlideKey) => pages[NO[key] - 1] ?? ''
    const chips = (counts: ReturnType<typeof countBySeverity>) =>
      (['critical', 'high', 'medium', 'low', 'negligible'] as Severity[]).map((s) => `${counts[s]} ${s[0]!.toUpperCase()}${s.slice(1)}`)
    const alpineChips = chips(countBySeverity(alpine.findings))
    for (const chip of [...alpineChips, ...chips(countBySeverity(allInOne.findings))]) expect(page('summary')).toContain(chip)
    for (const chip of alpineChips) expect(page('table')).toContain(chip)
    expect(page('table')).toMatch(/Showing \d+ of 283 findings \(most urgent first: severity, then score\)/)
    expect(page('table')).toContain('CVE-2020-1747')
    expect(page('big')).toMatch(/Showing \d+ of 5000 findings/)
    expect(page('cve')).toContain('CVE-2020-1747')
    expect(page('cve')).toContain('5.3.1')
    expect(page('risk')).toContain('Image is compliant')
    expect(page('risk')).toContain('Aqua CI/CD step fails (exit code 4)')
    expect(page('risk')).toContain('Actions needed')
    expect(page('risk')).toContain('Failed (audit only)')
    for (const chip of alpineChips) expect(page('risk')).toContain(chip)
    expect(page('editor')).toContain('Enabled controls (2 of 17)')
    expect(page('editor')).toContain('Vulnerability Severity: Fails at critical or above')
    expect(page('editor')).toMatch(/Compliant all-in-one/)
    expect(page('editor')).toMatch(/Compliant ashex\/pokemongo-map \(alpine 3\.4\.0\) Aqua CI\/CD step fails \(exit code 4\)/)
    expect(page('impact')).toContain('Legend')
    expect(page('impact')).toMatch(/Fails CI\/CD: Severity/)
    expect(page('impact')).toMatch(/Non-compliant: a failed policy marks failed images non-\s?compliant/)
    expect(page('broken')).toContain('$.Results[0].Vulnerabilities')
  })
})
