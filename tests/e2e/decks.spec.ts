// Every slide of every built deck, as the audience sees it and as the PDF prints it: no console
// error, no failed request, no request outside localhost, nothing sticking out of its slide.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { listDecks, loadSlides, ROOT } from '../../scripts/decks.ts'
import { findOverflow, gotoSlide, slide, watchPage } from './helpers.ts'

/** Serious or critical WCAG 2 A/AA violations on one slide (axe-core), as readable lines. */
async function accessibilityProblems(page: Page, no: number, rules?: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page }).include(`[data-slidev-no="${no}"]`)
  builder = rules ? builder.withRules(rules) : builder.withTags(['wcag2a', 'wcag2aa'])
  const results = await builder.analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`)
}

for (const deck of listDecks()) {
  test.describe(`deck ${deck.id}`, () => {
    // The whole-workshop deck shows the sections' own slides: its print view and PDF are checked,
    // the slide-by-slide walks run once, on the section decks.
    const walk = deck.kind === 'workshop' ? test.skip : test

    walk('every slide renders cleanly and fits', async ({ page }) => {
      test.setTimeout(600_000)
      const problems = watchPage(page)
      const slides = await loadSlides(deck)
      expect(slides.length).toBeGreaterThan(2)
      for (const s of slides) {
        await gotoSlide(page, deck.id, s.no)
        for (const issue of await findOverflow(slide(page, s.no), { allowScroll: true })) problems.push(`slide ${s.no} "${s.title}" (${s.file}:${s.line}): ${issue}`)
        for (const issue of await accessibilityProblems(page, s.no)) problems.push(`slide ${s.no} "${s.title}" (${s.file}:${s.line}): ${issue}`)
      }
      expect(problems).toEqual([])
    })

    walk('dark mode keeps every slide readable', async ({ page }) => {
      test.setTimeout(600_000)
      await page.emulateMedia({ colorScheme: 'dark' })
      const problems: string[] = []
      for (const s of await loadSlides(deck)) {
        await gotoSlide(page, deck.id, s.no)
        await expect(page.locator('html')).toHaveClass(/dark/)
        for (const issue of await accessibilityProblems(page, s.no, ['color-contrast'])) problems.push(`slide ${s.no} "${s.title}" (${s.file}:${s.line}): ${issue}`)
      }
      expect(problems).toEqual([])
    })

    test('the print view fits every slide', async ({ page }) => {
      const problems = watchPage(page)
      await page.goto(`/${deck.id}/?print=true#/print`)
      const containers = page.locator('.print-slide-container')
      await expect(containers.first()).toBeVisible()
      const slides = await loadSlides(deck)
      await expect(containers).toHaveCount(slides.length)
      await expect(page.locator('.slidev-slide-loading')).toHaveCount(0)
      for (const s of slides) {
        for (const issue of await findOverflow(page.locator(`.print-slide-container [data-slidev-no="${s.no}"]`).first())) {
          problems.push(`print slide ${s.no} "${s.title}" (${s.file}:${s.line}): ${issue}`)
        }
      }
      expect(problems).toEqual([])
    })
  })
}

test('presenter view opens with notes and timer', async ({ page }) => {
  const problems = watchPage(page)
  await page.goto('/01-registry-integration/#/presenter/2')
  await expect(page.locator('.slidev-presenter, [class*="presenter"]').first()).toBeVisible()
  // The notes of slide 2 are shown to the presenter.
  const notes = (await loadSlides(listDecks().find((d) => d.id === '01-registry-integration')!))[1]!.note
  await expect(page.getByText(notes.split('\n')[0]!.slice(0, 30), { exact: false }).first()).toBeVisible()
  expect(problems).toEqual([])
})

test('the index page links every deck, its PDF and presenter view', async ({ page }) => {
  const problems = watchPage(page)
  await page.goto('/')
  for (const deck of listDecks()) {
    await expect(page.locator(`a[href="${deck.id}/"]`).first()).toBeVisible()
    if (deck.kind !== 'presenter') {
      await expect(page.locator(`a[href="pdf/${deck.id}.pdf"]`)).toHaveCount(1)
      await expect(page.locator(`a[href="${deck.id}/#/presenter/1"]`)).toHaveCount(1)
    }
  }
  for (const lab of readdirSync(join(ROOT, 'labs'), { withFileTypes: true }).filter((e) => e.isDirectory())) {
    await expect(page.locator(`a[href="labs/${lab.name}/"]`)).toHaveCount(1)
    await expect(page.locator(`a[href="pdf/labs/${lab.name}.pdf"]`)).toHaveCount(1)
    await expect(page.locator(`a[href="pdf/labs/${lab.name}-trainer.pdf"]`)).toHaveCount(1)
  }
  // Every link on the page resolves on the local server.
  for (const href of await page.locator('a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))) {
    const response = await page.request.get(href.split('#')[0]!)
    expect(response.status(), href).toBe(200)
  }
  expect(problems).toEqual([])
})
