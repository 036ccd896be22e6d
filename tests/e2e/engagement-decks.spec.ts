// Issue 12 point 3: the kit built for an engagement. Decks 02, 03 and 04 are built once per run for a
// copy of engagements/example-public (tests/e2e/engagement-build.ts); every name, count and verdict
// on the "your images" slides must be the one `kit engagement summary --json` gives. A build without
// the engagement, and one for another engagement, must hold none of its names.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPORTS_DIR } from '../../core/engagement/config.ts'
import { jsonFiles, policiesInPlay, readEngagementConfig } from '../../core/engagement/folder.ts'
import type { EngagementSummary } from '../../core/engagement/images.ts'
import { readReportFile } from '../../core/files.ts'
import { evaluate } from '../../core/policy.ts'
import { SEVERITIES, type ControlId } from '../../core/types.ts'
import { withEnabled, isEnabled } from '../../display/policyControls.ts'
import { listDecks, loadSlides } from '../../scripts/decks.ts'
import { serveStatic, type StaticServer } from '../../scripts/server.ts'
import { addUniqueImage, buildDecks, copyFixture, engagementSummary } from './engagement-build.ts'
import { findOverflow, pdfPages, watchPage } from './helpers.ts'

test.describe.configure({ mode: 'serial' })

const UNIQUE_A = 'k1-test-customer-a-payments-api'
const UNIQUE_B = 'k1-test-customer-b-ledger-service'
let out = ''
let engagement = ''
let summary: EngagementSummary
let server: StaticServer

test.beforeAll(async () => {
  test.setTimeout(900_000)
  engagement = await copyFixture('example-public')
  await addUniqueImage(engagement, UNIQUE_A)
  summary = engagementSummary(engagement)
  out = join(await mkdtemp(join(tmpdir(), 'kit-engagement-build-')), 'out')
  await buildDecks(out, ['03-image-assurance'], { engagement, pdf: true })
  await buildDecks(out, ['02-vulnerability-scanning', '04-cicd-integration'], { engagement })
  server = await serveStatic(out, 0)
})

test.afterAll(async () => {
  await server?.close()
})

/** Slide numbers by title. The engagement's extra pages come last in their deck, so earlier numbers hold. */
async function slideNo(deckId: string, title: string): Promise<number> {
  const deck = listDecks().find((d) => d.id === deckId)!
  const found = (await loadSlides(deck, { engagement: true })).find((s) => s.title === title)
  expect(found, `a slide titled "${title}" in ${deckId}`).toBeTruthy()
  return found!.no
}

/** Opens a "your images" slide and waits until its engagement data has loaded. */
async function openSlide(page: Page, deck: string, title: string): Promise<Locator> {
  const no = await slideNo(deck, title)
  await page.goto(`${server.url}/${deck}/#/${no}`)
  const el = page.locator(`[data-slidev-no="${no}"]`)
  await expect(el.getByRole('heading', { level: 1 })).toHaveText(title)
  await expect(el.locator('.kit-engagement-ready').first()).toBeVisible()
  return el
}

const nonCompliant = () => summary.images.filter((i) => i.verdict === 'non-compliant').length

test('the picker lists every image of kit engagement summary, with the same strings and verdicts', async ({ page }) => {
  const problems = watchPage(page)
  for (const [deck, title] of [
    ['02-vulnerability-scanning', 'Your images: the scan'],
    ['03-image-assurance', 'Your images: one policy, one image'],
    ['04-cicd-integration', 'Your images in the pipeline'],
  ] as const) {
    const el = await openSlide(page, deck, title)
    const listed = await el.locator('[data-image-picker] option').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-image'), n.getAttribute('data-verdict')]))
    expect(listed, deck).toEqual(summary.images.map((i) => [i.image, i.verdict]))
    // It opens on the worst image: the most critical findings.
    const rank = (i: (typeof summary.images)[number]) => SEVERITIES.map((s) => i.vulnerabilities[s])
    const worst = [...summary.images].sort((a, b) => {
      const [x, y] = [rank(a), rank(b)]
      const at = x.findIndex((n, k) => n !== y[k])
      return at === -1 ? 0 : y[at]! - x[at]!
    })[0]!
    if (deck === '02-vulnerability-scanning') await expect(el.locator('[data-image-picker]')).toHaveValue(worst.image)
    await page.screenshot({ path: `test-results/engagement-${deck.slice(0, 2)}-picker.png` })
  }
  expect(problems).toEqual([])
})

test('ScanTable and ImageRisk show the picked image with the counts and verdict of the summary', async ({ page }) => {
  const problems = watchPage(page)
  const el = await openSlide(page, '02-vulnerability-scanning', 'Your images: the scan')
  const picker = el.locator('[data-image-picker]')
  // Keyboard first: focus the picker and move down to the next image.
  const before = await picker.inputValue()
  await picker.focus()
  await page.keyboard.press('ArrowDown')
  await expect(picker).not.toHaveValue(before)
  const picked = summary.images.find((i) => i.image === UNIQUE_A)!
  await picker.selectOption(picked.image)
  const table = el.locator(`[data-component="scan-table"][data-image="${picked.image}"]`)
  await expect(table).toBeVisible()
  for (const severity of ['critical', 'high', 'medium', 'low', 'negligible'] as const) {
    const chip = table.locator(`.kit-sev-chip[data-severity="${severity}"]`)
    if (picked.vulnerabilities[severity] > 0) await expect(chip).toHaveAttribute('data-count', String(picked.vulnerabilities[severity]))
  }
  await expect(table).toContainText(`of ${picked.vulnerabilities.total} findings`)
  await page.screenshot({ path: 'test-results/engagement-02-scan.png' })

  // The risk slide follows the same pick (one state for the page).
  const risk = await openSlide(page, '02-vulnerability-scanning', 'Your images: risk and verdict')
  await expect(risk.locator('[data-image-picker]')).toHaveValue(picked.image)
  const card = risk.locator(`[data-component="image-risk"][data-image="${picked.image}"]`)
  await expect(card).toBeVisible()
  await expect(card.locator('.kit-risk__banner')).toHaveAttribute('data-verdict', picked.verdict)
  for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
    const chip = card.locator(`.kit-sev-chip[data-severity="${severity}"]`).first()
    if (picked.vulnerabilities[severity] > 0) await expect(chip).toHaveAttribute('data-count', String(picked.vulnerabilities[severity]))
  }
  await page.screenshot({ path: 'test-results/engagement-02-risk.png' })
  expect(problems).toEqual([])
})

test('PolicyImpact counts the non-compliant images as the summary does, and a switch changes the count as kit gate would', async ({ page }) => {
  const problems = watchPage(page)
  const el = await openSlide(page, '03-image-assurance', 'Your images: the impact of one control')
  const sentence = el.locator('[data-impact-sentence]')
  await expect(sentence).toHaveAttribute('data-noncompliant', String(nonCompliant()))
  await expect(sentence).toHaveText(`${nonCompliant()} of ${summary.images.length} of your images ${nonCompliant() === 1 ? 'is' : 'are'} non-compliant.`)
  // Every row shown carries the summary's verdict in its "All policies" cell.
  for (const row of await el.locator('tbody tr[data-image]').all()) {
    const image = (await row.getAttribute('data-image'))!
    await expect(row.locator('td[data-policy="all"]')).toHaveAttribute('data-verdict', summary.images.find((i) => i.image === image)!.verdict)
  }

  // What the engine says for each switch of the first policy in play, over the whole reports.
  const config = await readEngagementConfig(engagement)
  const policies = await policiesInPlay(engagement, config)
  const folder = join(engagement, REPORTS_DIR)
  const scans = await Promise.all((await jsonFiles(folder)).map((name) => readReportFile(join(folder, name))))
  const controls = (await el.locator('[data-control]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-control')))) as ControlId[]
  // Switch the controls of the first policy one after another; after each, the sentence must give the
  // engine's count for the policies as switched so far, and at least one step must change the count.
  let working = policies[0]!
  const counts: number[] = []
  for (const id of controls) {
    working = withEnabled(working, id, !isEnabled(working, id))
    const expected = scans.filter((scan) => !evaluate(scan, [working, ...policies.slice(1)]).compliant).length
    counts.push(expected)
    await el.locator(`[data-control="${id}"]`).focus()
    await page.keyboard.press('Space')
    await expect(sentence, `after switching ${id}`).toHaveAttribute('data-noncompliant', String(expected))
    await expect(sentence).toContainText(`${expected} of ${summary.images.length} of your images become`)
  }
  expect(counts.some((n) => n !== nonCompliant()), `a switch changes the count (${counts.join(', ')} against ${nonCompliant()})`).toBe(true)
  await page.screenshot({ path: 'test-results/engagement-03-impact.png' })
  await el.locator('[data-action="reset"]').click()
  await expect(sentence).toHaveAttribute('data-noncompliant', String(nonCompliant()))
  expect(problems).toEqual([])
})

test('the verdict table lists every image with the summary verdict, the customer name as text, nothing clipped', async ({ page }) => {
  const problems = watchPage(page)
  const first = await slideNo('03-image-assurance', 'Your images: every verdict')
  const pages = Math.ceil(summary.images.length / 7)
  const rows: Array<[string | null, string | null]> = []
  for (let p = 0; p < pages; p++) {
    await page.goto(`${server.url}/03-image-assurance/#/${first + p}`)
    const el = page.locator(`[data-slidev-no="${first + p}"]`)
    await expect(el.locator('.kit-engagement-ready')).toContainText(`page ${p + 1} of ${pages}`)
    // The customer's name is text: its <b> shows as typed and makes no element.
    await expect(el.locator('.kit-ev__head')).toContainText(summary.customer)
    await expect(el.locator('.kit-ev__head b')).toHaveCount(0)
    rows.push(...(await el.locator('tbody tr').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-image'), n.getAttribute('data-verdict')] as [string | null, string | null]))))
    expect(await findOverflow(el), `verdict page ${p + 1}`).toEqual([])
  }
  await page.screenshot({ path: 'test-results/engagement-03-verdicts.png' })
  expect(rows).toEqual(summary.images.map((i) => [i.image, i.verdict]))
  expect(problems).toEqual([])
})

test('the PDF of deck 03 prints the impact sentence and every image', async () => {
  const pages = await pdfPages(join(out, 'pdf', '03-image-assurance.pdf'))
  const text = pages.join('\n')
  expect(text).toContain(`${nonCompliant()} of ${summary.images.length} of your images are non-compliant`)
  for (const image of summary.images) expect(text.replace(/\s+/g, ''), image.image).toContain(image.image.replace(/\s+/g, ''))
})

/** Every file's text under a folder (the built decks are text: HTML, JS, CSS, JSON, SVG). */
async function allText(dir: string): Promise<string> {
  let text = ''
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !/\.(png|jpe?g|woff2?|ttf|pdf)$/.test(entry.name)) text += await readFile(join(entry.parentPath, entry.name), 'utf8')
  }
  return text
}

test('a build without the engagement, or for another, holds none of its names and no "your images" slide', async () => {
  test.setTimeout(900_000)
  // The same output folder, stamps and all: the build must not take the engagement's deck as up to date.
  const dir = join(await mkdtemp(join(tmpdir(), 'kit-engagement-none-')), 'out')
  await cp(out, dir, { recursive: true })
  const none = await buildDecks(dir, ['03-image-assurance'])
  expect(none.decks.find((d) => d.id === '03-image-assurance')?.built).toBe(true)
  expect(existsSync(join(dir, '03-image-assurance', 'kit-engagement'))).toBe(false)
  expect(existsSync(join(dir, 'pdf', '03-image-assurance.pdf')), "the engagement's PDF of deck 03").toBe(false)
  let text = await allText(join(dir, '03-image-assurance'))
  expect(text).not.toContain('Your images')
  expect(text).not.toContain(UNIQUE_A)
  expect(text).not.toContain('Example Public Co')

  const other = await copyFixture('example-other')
  await addUniqueImage(other, UNIQUE_B)
  const b = await buildDecks(dir, ['03-image-assurance'], { engagement: other })
  expect(b.decks.find((d) => d.id === '03-image-assurance')?.built).toBe(true)
  text = await allText(join(dir, '03-image-assurance'))
  expect(text).toContain(UNIQUE_B)
  expect(text).not.toContain(UNIQUE_A)
  expect(text).not.toContain('Example Public Co')
})
