// Issue 12 point 3: the kit built for an engagement. Decks 02, 03 and 04 are built once for a copy of
// engagements/example-public (tests/e2e/engagement-build.ts); every number and verdict on the "your
// images" slides must be the one `kit engagement summary --json` gives, every name the same string.
// A build without the engagement (and one for another engagement) must hold none of its names.
import { expect, test, type Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EngagementSummary } from '../../core/engagement/images.ts'
import { serveStatic, type StaticServer } from '../../scripts/server.ts'
import { buildDecks, copyFixture, engagementSummary } from './engagement-build.ts'
import { findOverflow, watchPage } from './helpers.ts'

test.describe.configure({ mode: 'serial', timeout: 900_000 })

let out = ''
let engagement = ''
let summary: EngagementSummary
let server: StaticServer

test.beforeAll(async () => {
  test.setTimeout(900_000)
  engagement = await copyFixture('example-public')
  summary = engagementSummary(engagement)
  out = join(await mkdtemp(join(tmpdir(), 'kit-engagement-build-')), 'out')
  await buildDecks(out, ['03-image-assurance'], { engagement, pdf: true })
  await buildDecks(out, ['02-vulnerability-scanning', '04-cicd-integration'], { engagement })
  server = await serveStatic(out, 0)
})

test.afterAll(async () => {
  await server?.close()
})

/** Opens the slide of a deck whose title is `title`, waits for its engagement data, returns it. */
async function openSlide(page: Page, deck: string, title: string) {
  await page.goto(`${server.url}/${deck}/#/1`)
  const no = await page.evaluate((t) => {
    const slides = (window as any).__slidev__.nav.slides.value as Array<{ no: number; meta: { slide: { title?: string } } }>
    return slides.find((s) => s.meta.slide.title === t)?.no ?? -1
  }, title)
  expect(no, `a slide titled "${title}" in ${deck}`).toBeGreaterThan(0)
  await page.goto(`${server.url}/${deck}/#/${no}`)
  const el = page.locator(`[data-slidev-no="${no}"]`)
  await expect(el).toBeVisible()
  await expect(el.locator('.kit-engagement-ready').first()).toBeVisible()
  return el
}

const verdictOf = (image: string) => summary.images.find((i) => i.image === image)!.verdict

test('the picker lists every image of kit engagement summary, with the same strings and verdicts', async ({ page }) => {
  const problems = watchPage(page)
  const el = await openSlide(page, '02-vulnerability-scanning', 'Your images: the scan')
  const options = el.locator('[data-image-picker] option')
  await expect(options).toHaveCount(summary.images.length)
  const listed = await options.evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-image'), n.getAttribute('data-verdict')]))
  expect(listed).toEqual(summary.images.map((i) => [i.image, i.verdict]))
  await page.screenshot({ path: 'test-results/engagement-02-scan.png' })
  expect(problems).toEqual([])
})

test('ScanTable and ImageRisk count the picked image as the summary does', async ({ page }) => {
  const problems = watchPage(page)
  const el = await openSlide(page, '02-vulnerability-scanning', 'Your images: the scan')
  // Pick by keyboard: focus the picker, move to another image.
  const target = summary.images.find((i) => i.vulnerabilities.total > 0 && i.image !== (await el.locator('[data-image-picker]').inputValue()))!
  await el.locator('[data-image-picker]').focus()
  await el.locator('[data-image-picker]').selectOption(target.image)
  const table = el.locator('[data-component="scan-table"], [data-image]').filter({ has: page.locator('table') }).first()
  await expect(el.locator(`[data-image="${target.image}"]`).first()).toBeVisible()
  const text = await table.innerText()
  for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
    const n = target.vulnerabilities[severity]
    if (n > 0) expect(text.toLowerCase()).toContain(`${n}`)
  }
  const risk = await openSlide(page, '02-vulnerability-scanning', 'Your images: risk and verdict')
  await expect(risk.locator('[data-image-picker]')).toHaveValue(target.image)
  const card = risk.locator(`[data-image="${target.image}"]`).first()
  await expect(card).toBeVisible()
  await expect(card.locator('[data-verdict]').first()).toHaveAttribute('data-verdict', target.verdict)
  await expect(card).toContainText(String(target.vulnerabilities.total))
  await page.screenshot({ path: 'test-results/engagement-02-risk.png' })
  expect(problems).toEqual([])
})
