// Knowledge checks (issue 14 point 4) in the built site: answered by keyboard only, kept across a
// reload, shown as progress on the index page, printed without answers, and their answer key found
// only in the trainer's key PDF, never in a customer output (deck JS and PDF, lab pages, handouts).
// The component tests run on the gallery's copy of section 03's check (routeAlias knowledge-check),
// like every component test; the section decks' own check slides are walked by decks.spec.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { loadAllChecks } from '../../core/checks-files.ts'
import { sectionProgressKey } from '../../core/progress.ts'
import { DIST_DIR, listDecks, loadSlides, ROOT } from '../../scripts/decks.ts'
import { CHECKS_KEY_PDF } from '../../scripts/labs/checks-key.ts'
import { gotoSlide, pdfPages, slide, watchPage } from './helpers.ts'

const DECK = 'gallery'
/** The section whose check the gallery shows. */
const SECTION = '03-image-assurance'
const checks = loadAllChecks(ROOT)
const section = checks.find((c) => c.section === SECTION)!
const sectionDecks = listDecks().filter((d) => d.kind === 'section')

async function checkSlideNo(): Promise<number> {
  const deck = listDecks().find((d) => d.id === DECK)!
  const found = (await loadSlides(deck)).find((s) => s.frontmatter.routeAlias === 'knowledge-check')
  if (!found) throw new Error('no gallery slide with routeAlias "knowledge-check" (slides/gallery/flow-components.md)')
  return found.no
}

/** Tab from the page until a radio button of the check has focus. */
async function tabToOptions(page: Page): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio')) return
  }
  throw new Error('Tab never reached an option of the knowledge check')
}

const chosen = (page: Page, no: number) => slide(page, no).locator('input[type=radio]:checked').locator('xpath=..')

test.describe('knowledge check', () => {
  test('KnowledgeCheck: answered by keyboard only, kept across a reload', async ({ page }) => {
    const problems = watchPage(page)
    const no = await checkSlideNo()
    await gotoSlide(page, DECK, no)
    await page.evaluate(() => localStorage.clear())
    // Reload only once the page has finished loading, so no request is cut off by the reload.
    await page.waitForLoadState('networkidle')
    await page.reload()
    const el = await gotoSlide(page, DECK, no)
    const first = section.questions[0]!
    const wrong = first.answer === 1 ? 2 : 1
    await expect(el.locator('legend')).toHaveText(first.question)
    const axe = await new AxeBuilder({ page }).include(`[data-slidev-no="${no}"]`).analyze()
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

    await tabToOptions(page)
    // Focus is visible on the option that has it.
    const outline = await page.evaluate(() => getComputedStyle((document.activeElement as HTMLElement).closest('label')!).outlineStyle)
    expect(outline).not.toBe('none')
    // Space chooses the focused (first) option; arrow keys move the choice; Enter checks it.
    await page.keyboard.press('Space')
    for (let n = 1; n < wrong; n++) await page.keyboard.press('ArrowDown')
    await expect(chosen(page, no)).toHaveText(first.options[wrong - 1]!)
    await page.keyboard.press('Enter')
    await expect(el.locator('[data-feedback]')).toHaveText(/Not this one/)
    // The arrow keys stayed with the options: still on the same slide.
    expect(page.url()).toContain(`#/${no}`)
    const moves = first.answer - wrong
    for (let n = 0; n < Math.abs(moves); n++) await page.keyboard.press(moves > 0 ? 'ArrowDown' : 'ArrowUp')
    await page.keyboard.press('Enter')
    await expect(el.locator('[data-feedback]')).toHaveText('Correct.')
    await expect(el.locator('[data-passed]')).toHaveText(`1 of ${section.questions.length} correct`)
    await page.screenshot({ path: test.info().outputPath('knowledge-check-live.png') })

    const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), sectionProgressKey(SECTION))
    expect(stored).toMatchObject({ seen: true, answers: { [first.id]: { choice: first.answer, checked: true, correct: true } } })

    await page.waitForLoadState('networkidle')
    await page.reload()
    const again = await gotoSlide(page, DECK, no)
    await expect(again.locator('[data-passed]')).toHaveText(`1 of ${section.questions.length} correct`)
    // After a reload the check opens at the first question not yet answered correctly...
    await expect(again.locator('legend')).toHaveText(section.questions[1]!.question)
    // ...and the answered one still shows its choice and result.
    await again.getByRole('button', { name: /^Question 1, answered correctly/ }).click()
    await expect(chosen(page, no)).toHaveText(first.options[first.answer - 1]!)
    await expect(again.locator('[data-feedback]')).toHaveText('Correct.')
    expect(problems).toEqual([])
  })

  test('KnowledgeCheck: the index page shows sections seen, labs done and checks passed', async ({ page }) => {
    const no = await checkSlideNo()
    await page.goto('/index.html')
    await page.evaluate(() => localStorage.clear())
    const cell = page.locator(`[data-progress="${SECTION}"]`)
    await page.reload()
    await expect(cell).toHaveText(`Not seen · Lab not done · Checks 0/${section.questions.length}`)

    const el = await gotoSlide(page, DECK, no)
    const first = section.questions[0]!
    await el.locator('label', { hasText: first.options[first.answer - 1]! }).click()
    await el.locator('[data-control="check"]').click()
    await expect(el.locator('[data-feedback]')).toHaveText('Correct.')

    await page.goto(`/labs/${SECTION}/index.html`)
    const done = page.getByLabel('I have done this lab')
    await done.focus()
    await page.keyboard.press('Space')
    await expect(done).toBeChecked()
    await page.reload()
    await expect(page.getByLabel('I have done this lab')).toBeChecked()
    await page.locator('#lab-done').screenshot({ path: test.info().outputPath('lab-done.png') })

    await page.goto('/index.html')
    await expect(cell).toHaveText(`Seen · Lab done · Checks 1/${section.questions.length}`)
    await expect(page.locator('#progress-summary')).toBeVisible()
    await expect(page.locator('#progress-summary')).toContainText(`1 of ${sectionDecks.length} sections seen, 1 of`)
    await expect(page.locator(`[data-progress="00-welcome"]`)).toHaveText(/^Not seen · Checks 0\/\d$/)
    await page.screenshot({ path: test.info().outputPath('index-progress.png'), fullPage: true })
  })

  test('KnowledgeCheck: the print view shows every question with empty boxes and no answer', async ({ page }) => {
    const no = await checkSlideNo()
    // An answered check must still print blank.
    const el = await gotoSlide(page, DECK, no)
    const first = section.questions[0]!
    await el.locator('label', { hasText: first.options[first.answer - 1]! }).click()
    await el.locator('[data-control="check"]').click()
    await page.goto(`/${DECK}/?print=true#/print`)
    const printed = page.locator(`.print-slide-container [data-slidev-no="${no}"]`).first()
    const check = printed.locator('[data-component="knowledge-check"]')
    await expect(check).toBeVisible()
    for (const q of section.questions) await expect(check.locator(`[data-question="${q.id}"]`)).toContainText(q.question)
    await expect(check.locator('.kit-check__box')).toHaveCount(section.questions.reduce((n, q) => n + q.options.length, 0))
    await expect(check.locator('input, [data-feedback], [data-passed]')).toHaveCount(0)
    await expect(check).not.toContainText('Correct')
    await printed.screenshot({ path: test.info().outputPath('knowledge-check-print.png') })
  })
})

/** Text with every run of non-letters made one space, so PDF line breaks do not matter. */
const normalise = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().toLowerCase()
const explanations = checks.flatMap((c) => c.questions.map((q) => normalise(q.explanation)))

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name))
}

test.describe('knowledge check answer key', () => {
  test('KnowledgeCheck: the trainer key PDF holds every explanation', async () => {
    const file = join(DIST_DIR, CHECKS_KEY_PDF)
    expect(existsSync(file), `${file} exists (build with PDFs)`).toBe(true)
    const text = normalise((await pdfPages(file)).join(' '))
    expect(explanations.filter((e) => !text.includes(e))).toEqual([])
  })

  for (const deck of sectionDecks) {
    test(`KnowledgeCheck: the key is absent from ${deck.id}'s customer outputs`, async () => {
      const outputs = [
        ...filesUnder(join(DIST_DIR, deck.id), /\.(js|html|css|json)$/),
        join(DIST_DIR, 'pdf', `${deck.id}.pdf`),
        ...(existsSync(join(ROOT, 'labs', deck.id)) ? [join(DIST_DIR, 'labs', deck.id, 'index.html'), join(DIST_DIR, 'pdf', 'labs', `${deck.id}.pdf`)] : []),
        join(DIST_DIR, 'index.html'),
      ]
      const problems: string[] = []
      for (const file of outputs) {
        expect(existsSync(file), `${file} exists`).toBe(true)
        const text = normalise(file.endsWith('.pdf') ? (await pdfPages(file)).join(' ') : readFileSync(file, 'utf8'))
        for (const e of explanations) if (text.includes(e)) problems.push(`${file}: "${e.slice(0, 50)}…"`)
        // The deck's PDF does print its questions (so the scan above reads the right pages).
        if (file.endsWith(`${deck.id}.pdf`) && !file.includes('labs')) {
          for (const q of checks.find((c) => c.section === deck.id)!.questions) if (!text.includes(normalise(q.question))) problems.push(`${file}: question "${q.id}" not printed`)
        }
      }
      expect(problems).toEqual([])
    })
  }
})
