// The flow and planning components on the gallery deck, as a presenter drives them (keyboard first),
// and their print state in the exported PDF: CapabilityVenn, PipelineRun, RegistryPlanner,
// AgendaPlanner, SamlFlow. Slides are found by their routeAlias, so the gallery can grow.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { SHIPPED_TWO_DAY, allocateAgenda, allocationDayHeading } from '../../core/agenda.ts'
import { loadSectionCatalog } from '../../scripts/agenda.ts'
import { DIST_DIR, listDecks, loadSlides } from '../../scripts/decks.ts'
import { findOverflow, gotoSlide, pdfPages, watchPage } from './helpers.ts'

const DECK = 'gallery'
const ALIASES = ['capability-venn', 'pipeline-run', 'registry-planner', 'agenda-planner', 'saml-flow'] as const
type Alias = (typeof ALIASES)[number]

async function slideNumbers(): Promise<Record<Alias, number>> {
  const deck = listDecks().find((d) => d.id === DECK)
  if (!deck) throw new Error('the gallery deck is missing')
  const slides = await loadSlides(deck)
  const numbers = {} as Record<Alias, number>
  for (const alias of ALIASES) {
    const found = slides.find((s) => s.frontmatter.routeAlias === alias)
    if (!found) throw new Error(`no gallery slide with routeAlias "${alias}" (slides/gallery/flow-components.md)`)
    numbers[alias] = found.no
  }
  return numbers
}

// axe on a full slide is slow on a loaded machine: give each test room beyond the 120 s default.
test.describe.configure({ timeout: 300_000 })

let NO: Record<Alias, number>
test.beforeAll(async () => {
  NO = await slideNumbers()
})

async function open(page: Page, alias: Alias): Promise<Locator> {
  return gotoSlide(page, DECK, NO[alias])
}

/** Serious and critical axe violations inside the slide, as "rule: target" lines. */
async function axeProblems(page: Page, alias: Alias): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(`[data-slidev-no="${NO[alias]}"]`).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))
}

/** The component must end above the slide footer (deck title and page number), not run into it. */
async function expectClearOfFooter(s: Locator) {
  const component = await s.locator('[data-component]').first().boundingBox()
  const footer = await s.locator('.kit-slide-footer').first().boundingBox()
  expect(component, 'component rendered').not.toBeNull()
  if (footer && component) expect(component.y + component.height, 'component bottom vs footer top').toBeLessThanOrEqual(footer.y)
}

/** Press Enter on a control, the way a presenter with a keyboard (or clicker) does. */
async function press(control: Locator) {
  await control.focus()
  await expect(control).toBeFocused()
  await control.press('Enter')
}

test.describe('CapabilityVenn', () => {
  test('steps change the text alternative and the highlighted circles', async ({ page }) => {
    const problems = watchPage(page)
    const s = await open(page, 'capability-venn')
    const venn = s.locator('[data-component="capability-venn"]')
    const statement = venn.locator('[data-venn-statement]')
    await expect(statement).toContainText('Docker Hub')
    await expect(venn.locator('[data-circle="registry"]')).toHaveAttribute('aria-label', /Container registry \(highlighted\)/)
    await expect(venn.locator('[data-circle="scanning"]')).toHaveAttribute('aria-label', 'Vulnerability scanning')

    await press(venn.getByRole('button', { name: /Next/ }))
    await expect(statement).toContainText('Scanning needs a registry')
    await expect(venn.locator('[data-circle="scanning"]')).toHaveAttribute('aria-label', /highlighted/)
    // The overlap that carries the dependency is hatched: registry ∩ scanning only.
    await expect(venn.locator('[data-lens]')).toHaveCount(1)
    await expect(venn.locator('[data-lens="registry-scanning"] circle')).toHaveAttribute('clip-path', /clip-registry/)

    await press(venn.locator('[data-venn-step="3"]'))
    await expect(statement).toContainText('Default and DTA')
    // The centre is one circle inside the other two.
    await expect(venn.locator('[data-lens]')).toHaveCount(1)
    await expect(venn.locator('[data-lens="centre"]')).toHaveAttribute('clip-path', /clip-policies/)
    await expect(venn.locator('[data-lens="centre"] circle')).toHaveAttribute('clip-path', /clip-registry/)
    await expect(venn.locator('[data-venn-step="3"]')).toHaveAttribute('aria-current', 'step')
    await expect(venn.getByRole('button', { name: /Next/ })).toBeDisabled()

    await expectClearOfFooter(s)
    await press(venn.getByRole('button', { name: /Previous/ }))
    await expect(statement).toContainText('Policies need scanned images')
    // Every circle has a name; the SVG has a title and a description.
    for (const name of ['Container registry', 'Vulnerability scanning', 'Image Assurance policies']) {
      await expect(venn.getByRole('img', { name: new RegExp(name) })).toHaveCount(1)
    }
    await expect(venn.locator('svg > title')).toHaveCount(1)
    await expect(venn.locator('svg > desc')).toHaveCount(1)
    expect(await axeProblems(page, 'capability-venn')).toEqual([])
    expect(await findOverflow(s)).toEqual([])
    expect(problems).toEqual([])
  })

  test("Slidev clicks drive the steps (slide opened at ?clicks=2)", async ({ page }) => {
    const s = await gotoSlide(page, DECK, NO['capability-venn'], { clicks: 2 })
    await expect(s.locator('[data-venn-statement]')).toContainText('Policies need scanned images')
  })
})

test.describe('PipelineRun', () => {
  test('a failed policy set to fail CI/CD fails the Aqua scan stage with exit code 4 and skips Push', async ({ page }) => {
    const problems = watchPage(page)
    const s = await open(page, 'pipeline-run')
    const run = s.locator('[data-component="pipeline-run"]')
    await expect(run.locator('[data-control="image-name"]')).toHaveValue('ashex/pokemongo-map:latest')
    await expect(run.locator('[data-stage="Aqua scan"]')).toHaveAttribute('data-status', 'idle')
    await expect(run.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'pending')

    await press(run.locator('[data-action="build"]'))
    await expect(run.locator('[data-stage="Push"]')).toHaveAttribute('data-status', 'skipped')
    await expect(run.locator('[data-stage="Checkout"]')).toHaveAttribute('data-status', 'success')
    await expect(run.locator('[data-stage="Build"]')).toHaveAttribute('data-status', 'success')
    await expect(run.locator('[data-stage="Aqua scan"]')).toHaveAttribute('data-status', 'failed')
    await expect(run.locator('[data-stage="Aqua scan"]')).toContainText('exit code 4')
    const verdict = run.locator('[data-verdict]')
    // Both policies fail CI/CD without marking images non-compliant: the build fails, the image stays compliant.
    await expect(verdict).toHaveAttribute('data-cicd', 'fails')
    await expect(verdict).toHaveAttribute('data-verdict', 'compliant')
    await expect(verdict).toHaveAttribute('data-exit-code', '4')
    await expect(verdict).toContainText('FAILURE')
    await expect(verdict).toContainText('Aqua CI/CD step fails (exit code 4)')
    await expect(verdict).toContainText('Image is compliant')
    // Postee: disallowed (non-compliant) → Jira, so not here; critical findings → Slack and Teams.
    await expect(run.locator('[data-route="jira"]')).toHaveAttribute('data-fires', 'false')
    await expect(run.locator('[data-route="slack"]')).toHaveAttribute('data-fires', 'true')
    await expect(run.locator('[data-route="teams"]')).toHaveAttribute('data-fires', 'true')
    await expect(run.locator('[data-route="jira"]')).toContainText('input.image_assurance_results.disallowed == true')

    // The HTML report artefact opens inside the slide and closes with Escape.
    await press(run.locator('[data-action="open-report"]'))
    const panel = run.locator('[data-report-panel]')
    await expect(panel).toBeVisible()
    await expect(panel).toContainText('Compliant — Aqua CI/CD step fails (exit code 4)')
    await expect(panel).toContainText('workshop-custom-example')
    expect(await axeProblems(page, 'pipeline-run')).toEqual([])
    expect(await findOverflow(s)).toEqual([])
    await expectClearOfFooter(s)
    await page.keyboard.press('Escape')
    await expect(panel).toHaveCount(0)
    await expect(run.locator('[data-action="open-report"]')).toBeFocused()
    expect(problems).toEqual([])
  })

  test('a compliant report and policy give a green build that pushes', async ({ page }) => {
    const problems = watchPage(page)
    const s = await open(page, 'pipeline-run')
    const run = s.locator('[data-component="pipeline-run"]')
    await run.locator('[data-control="report"]').selectOption({ label: 'all-in-one:3.5.19223' })
    await run.locator('[data-control="policies"]').selectOption({ label: 'Default' })
    await expect(run.locator('[data-control="image-name"]')).toHaveValue('all-in-one:3.5.19223')
    await press(run.locator('[data-action="build"]'))
    await expect(run.locator('[data-stage="Push"]')).toHaveAttribute('data-status', 'success')
    for (const stage of ['Checkout', 'Build', 'Aqua scan']) {
      await expect(run.locator(`[data-stage="${stage}"]`)).toHaveAttribute('data-status', 'success')
    }
    const verdict = run.locator('[data-verdict]')
    await expect(verdict).toHaveAttribute('data-verdict', 'compliant')
    await expect(verdict).toHaveAttribute('data-cicd', 'passes')
    await expect(verdict).toHaveAttribute('data-exit-code', '0')
    await expect(verdict).toContainText('SUCCESS')
    await expect(run.locator('[data-stage="Aqua scan"]')).toContainText('exit code 0')
    await expect(run.locator('[data-route="jira"]')).toHaveAttribute('data-fires', 'false')
    await expect(run.locator('[data-route="slack"]')).toHaveAttribute('data-fires', 'false')
    // Changing the data resets the run: no stale verdict is shown.
    await run.locator('[data-control="policies"]').selectOption({ index: 0 })
    await expect(run.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'pending')
    expect(problems).toEqual([])
  })

  test('reduced motion: the run ends at once', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' })
    const s = await open(page, 'pipeline-run')
    await s.locator('[data-action="build"]').click()
    await expect(s.locator('[data-component="pipeline-run"]')).toHaveAttribute('data-phase', 'done', { timeout: 500 })
  })
})

test.describe('RegistryPlanner', () => {
  test('adds a row by keyboard, flags on-premises for the connector, exports CSV and JSON', async ({ page }) => {
    const problems = watchPage(page)
    const s = await open(page, 'registry-planner')
    const planner = s.locator('[data-component="registry-planner"]')
    const rows = planner.locator('tbody tr')
    await expect(rows).toHaveCount(1)

    await press(planner.locator('[data-action="add-row"]'))
    await expect(rows).toHaveCount(2)
    const row = rows.nth(1)
    // Focus moved to the new row's name field: type straight away.
    await expect(row.locator('[data-field$=".name"]')).toBeFocused()
    await page.keyboard.type('dc1-harbor')
    await row.locator('[data-field$=".type"]').selectOption('harbor')
    await expect(row.locator('[data-field$=".auth"]')).toHaveValue('username-password')
    await expect(row.locator('td[data-connector]')).toHaveAttribute('data-connector', 'unknown')
    await row.locator('[data-field$=".hosting"]').selectOption('on-premises')
    await expect(row.locator('td[data-connector]')).toHaveAttribute('data-connector', 'yes')
    await expect(row.locator('td[data-connector]')).toContainText('Yes')
    await expect(rows.nth(0).locator('td[data-connector]')).toHaveAttribute('data-connector', 'no')

    const download = page.waitForEvent('download')
    await press(planner.locator('[data-action="export-csv"]'))
    const file = await download
    expect(file.suggestedFilename()).toBe('registries.csv')
    // The file: UTF-8 BOM (for spreadsheets), CRLF line ends, a header and one line per registry.
    const csv = await readFile(await file.path(), 'utf8')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    expect(lines[0]).toBe('Registry name,Type,API type,Hosting,Authentication,Needs cloud connector,Reason,Connector tunnel,Notes')
    expect(lines[2]).toMatch(/^dc1-harbor,Harbor,HARBOR,On-premises,Username \+ password,Yes,"?On-premises registry/)
    expect(lines).toHaveLength(4) // header, two rows, and the empty string after the final CRLF
    // The same text is in the box to copy from (a textarea reports line ends as LF).
    const csvBox = planner.locator('textarea[data-export="csv"]')
    await expect(csvBox).toBeFocused()
    expect(await csvBox.inputValue()).toBe(csv.slice(1).replace(/\r\n/g, '\n'))
    expect(await axeProblems(page, 'registry-planner')).toEqual([])
    await page.keyboard.press('Escape')
    await expect(csvBox).toHaveCount(0)

    await press(planner.locator('[data-action="export-json"]'))
    const json = JSON.parse(await planner.locator('textarea[data-export="json"]').inputValue()) as {
      registries: Array<{ name: string; apiType: string; cloudConnector: { needed: boolean } }>
    }
    expect(json.registries.find((r) => r.name === 'dc1-harbor')).toMatchObject({ apiType: 'HARBOR', cloudConnector: { needed: true } })
    await page.keyboard.press('Escape')

    // Remove by keyboard: the row goes, focus stays in the table.
    await press(rows.nth(1).locator('[data-field="remove"]'))
    await expect(rows).toHaveCount(1)
    await expect(rows.nth(0).locator('[data-field="remove"]')).toBeFocused()
    expect(await findOverflow(s)).toEqual([])
    expect(problems).toEqual([])
  })

  test('loads the fictional example inventory and it fits the slide', async ({ page }) => {
    const s = await open(page, 'registry-planner')
    await press(s.locator('[data-action="load-example"]'))
    await expect(s.locator('tbody tr')).toHaveCount(5)
    await expect(s.locator('td[data-connector="yes"]')).toHaveCount(3)
    expect(await findOverflow(s)).toEqual([])
    await expectClearOfFooter(s)
    // Every choice is shown whole in its select (nothing cut off on the projector). A select does not
    // report overflow, so measure the chosen option's text against the room left beside the arrow.
    const cut = await s.locator('select').evaluateAll((selects) => {
      const ctx = document.createElement('canvas').getContext('2d')!
      return selects
        .map((el) => {
          const select = el as HTMLSelectElement
          const style = getComputedStyle(select)
          ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
          const text = select.selectedOptions[0]?.text ?? ''
          const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20
          return ctx.measureText(text).width > room ? text : ''
        })
        .filter(Boolean)
    })
    expect(cut).toEqual([])
  })
})

test.describe('AgendaPlanner', () => {
  test('changing day 1’s start moves every section of day 1 and leaves day 2 alone', async ({ page }) => {
    const problems = watchPage(page)
    const s = await open(page, 'agenda-planner')
    const planner = s.locator('[data-component="agenda-planner"]')
    const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))
    /** First start of each section on a day (breaks keep their clock times). */
    const sectionStarts = async (day: number) => {
      const rows = await planner.locator(`table[data-day="${day}"] tbody tr[data-kind="section"]`).evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-section') ?? '', tr.getAttribute('data-start') ?? ''] as const),
      )
      const first = new Map<string, number>()
      for (const [id, start] of rows) if (!first.has(id)) first.set(id, toMinutes(start))
      return first
    }
    const before = await sectionStarts(1)
    // Day 2's table has a slide of its own in deck 00; beside the controls its heading says when it runs.
    const day2 = planner.locator('[data-other-day="2"]')
    await expect(day2).toHaveText(/^Day 2, 09:00–\d\d:\d\d: ends by 17:00$/)
    const day2Before = await day2.textContent()
    expect([...before.keys()]).toEqual(['00-welcome', '01-registry-integration', '02-vulnerability-scanning'])
    await expect(planner.locator('table[data-day="1"] tbody tr').first()).toHaveAttribute('data-start', '09:00')

    const start = planner.locator('select[data-control="start"][data-day="1"]')
    await start.focus()
    await start.selectOption('10:00')
    await expect(planner.locator('table[data-day="1"] tbody tr').first()).toHaveAttribute('data-start', '10:00')
    const after = await sectionStarts(1)
    expect([...after.keys()]).toEqual([...before.keys()])
    const notMoved = [...before].filter(([id, at]) => !(after.get(id)! > at)).map(([id]) => id)
    expect(notMoved, 'sections that did not start later').toEqual([])
    await expect(day2).toHaveText(day2Before!)
    // Day 1 now ends after 17:00: the sentence and the marked table.
    await expect(planner.locator('[role="alert"]')).toHaveText(/^Day 1 ends at \d\d:\d\d, \d+ minutes past 17:00\.$/)
    await expect(planner.locator('table[data-day="1"]')).toHaveAttribute('data-overrun', /^\d+$/)

    // One day: day 2's sections join day 1, which runs late.
    await planner.locator('input[data-control="days"]').first().check()
    await expect(planner.locator('table[data-day="2"]')).toHaveCount(0)
    const sections = await planner.locator('table[data-day="1"] tbody tr[data-section]').evaluateAll((trs) => [...new Set(trs.map((tr) => tr.getAttribute('data-section')))])
    expect(sections).toHaveLength(5)
    await expect(planner.locator('table[data-day="1"]')).toHaveAttribute('data-overrun', /^\d+$/)
    expect(await axeProblems(page, 'agenda-planner')).toEqual([])
    expect(problems).toEqual([])
  })
})

test.describe('SamlFlow', () => {
  test('steps highlight one message and show the exact SP values', async ({ page }) => {
    const problems = watchPage(page)
    const s = await open(page, 'saml-flow')
    const flow = s.locator('[data-component="saml-flow"]')
    const statement = flow.locator('[data-saml-statement]')
    await expect(statement).toContainText('https://cloud.aquasec.com/sso')
    await press(flow.locator('[data-saml-step="3"]'))
    await expect(statement).toContainText('https://cloudsploit.auth.us-east-1.amazoncognito.com/saml2/idpresponse')
    await expect(statement).toContainText('urn:amazon:cognito:sp:us-east-1_voZ9dTvpW')
    await expect(flow.locator('[data-saml-arrow="4"]')).toHaveAttribute('aria-label', /current/)
    await expect(flow.locator('[data-saml-arrow="1"]')).not.toHaveAttribute('aria-label', /current/)
    await expect(flow.locator('[data-saml-mapping] tbody tr')).toHaveCount(3)
    for (let step = 0; step < 5; step++) {
      await flow.locator(`[data-saml-step="${step}"]`).click()
      await expectClearOfFooter(s)
    }
    await flow.locator('[data-saml-step="3"]').click()
    expect(await axeProblems(page, 'saml-flow')).toEqual([])
    expect(await findOverflow(s)).toEqual([])
    expect(problems).toEqual([])
  })
})

test('every flow slide passes axe in dark mode too', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  for (const alias of ALIASES) {
    const s = await open(page, alias)
    await expect(page.locator('html')).toHaveClass(/dark/)
    expect(await axeProblems(page, alias), alias).toEqual([])
    expect(await findOverflow(s), alias).toEqual([])
  }
})

test('the print view shows every component in its final, complete state', async ({ page }) => {
  const problems = watchPage(page)
  await page.goto(`/${DECK}/?print=true#/print`)
  await expect(page.locator('.print-slide-container').first()).toBeVisible()
  await expect(page.locator('.slidev-slide-loading')).toHaveCount(0)
  const printed = (alias: Alias) => page.locator(`.print-slide-container [data-slidev-no="${NO[alias]}"]`).first()
  await expect(printed('capability-venn').locator('[data-venn-all] li')).toHaveCount(4)
  const pipe = printed('pipeline-run')
  await expect(pipe.locator('[data-stage="Aqua scan"]')).toHaveAttribute('data-status', 'failed')
  await expect(pipe.locator('[data-stage="Push"]')).toHaveAttribute('data-status', 'skipped')
  await expect(pipe.locator('[data-verdict]')).toHaveAttribute('data-cicd', 'fails')
  await expect(printed('registry-planner').locator('[data-print="registry-planner"] tbody tr')).toHaveCount(8)
  // The gallery shows day 1's table; day 2 prints as its heading line (deck 00 gives it a slide of its own).
  await expect(printed('agenda-planner').locator('table[data-day]')).toHaveCount(1)
  await expect(printed('agenda-planner').locator('[data-other-day="2"]')).toHaveText(/^Day 2, \d\d:\d\d–\d\d:\d\d/)
  await expect(printed('saml-flow').locator('[data-saml-all] li')).toHaveCount(5)
  for (const alias of ALIASES) expect(await findOverflow(printed(alias)), alias).toEqual([])
  expect(problems).toEqual([])
})

test('the exported gallery PDF carries the print state of every flow component', async () => {
  const file = join(DIST_DIR, 'pdf', `${DECK}.pdf`)
  expect(existsSync(file), `${file} exists (npm run build exports it)`).toBe(true)
  const pages = await pdfPages(file)
  const page = (alias: Alias) => pages[NO[alias] - 1] ?? ''
  const compact = (text: string) => text.replace(/\s+/g, '')
  const expectText = (alias: Alias, parts: string[]) => {
    const text = compact(page(alias))
    const missing = parts.filter((part) => !text.includes(compact(part)))
    expect(missing, `PDF page ${NO[alias]} (${alias})`).toEqual([])
  }
  expectText('capability-venn', [
    'It starts with a registry.',
    'Scanning needs a registry.',
    'Policies need scanned images.',
    'Baseline policies ship with Aqua.',
    'Default and DTA',
  ])
  expectText('pipeline-run', ['Aqua scan', 'Failed', 'exit code 4', 'Push', 'Skipped', 'FAILURE', 'Jira ticket', 'Slack message', 'Teams message', 'sent'])
  expectText('registry-planner', ['Registry', 'Connector', 'Docker Hub'])
  // The kit's two-day agenda, worded by the core from the decks' own timings.
  const catalog = await loadSectionCatalog()
  const table = allocateAgenda(SHIPPED_TWO_DAY, catalog)
  expectText('agenda-planner', [...table.days.map(allocationDayHeading), 'Registry integration', 'Lunch', 'Policies as code (follow-up session'])
  expectText('saml-flow', [
    'https://cloud.aquasec.com/sso',
    'https://cloudsploit.auth.us-east-1.amazoncognito.com/saml2/idpresponse',
    'urn:amazon:cognito:sp:us-east-1_voZ9dTvpW',
    'SSO Group Mapping',
    "Aqua signs the user in",
  ])
})
