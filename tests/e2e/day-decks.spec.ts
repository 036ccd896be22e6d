// The day decks of the agreed agenda (scripts/agenda.ts), as built in dist/ by the last build:
// the time-allocation table opens day 1 and fits its slide, the presenter view shows the current
// section's planned against elapsed time, and the table prints in day 1's PDF.
import { expect, test } from '@playwright/test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { formatClock } from '../../core/agenda.ts'
import { DAY_DECKS_DIR } from '../../scripts/agenda.ts'
import { DIST_DIR, readHeadmatter } from '../../scripts/decks.ts'
import { findOverflow, gotoSlide, pdfPages, slide, watchPage } from './helpers.ts'

const entry = join(DAY_DECKS_DIR, 'day-1', 'slides.md')
const built = existsSync(join(DIST_DIR, 'day-1', 'index.html')) && existsSync(entry)
test.skip(!built, 'day-1 is not built: npm run build -- --only day-1')

interface Span {
  id: string
  title: string
  from: number
  to: number
  minutes: number
}
const spans = (): Span[] => readHeadmatter(entry).kitSections as Span[]

test('day 1 opens with the time-allocation table, which fits its slide', async ({ page }) => {
  const problems = watchPage(page)
  const el = await gotoSlide(page, 'day-1', 2)
  await expect(el.getByRole('heading', { name: 'Time allocation: day 1' })).toBeVisible()
  const first = spans()[0]!
  const row = el.getByRole('row').filter({ hasText: first.title }).first()
  await expect(row).toContainText('09:00–')
  for (const issue of await findOverflow(slide(page, 2))) problems.push(`slide 2: ${issue}`)
  await page.screenshot({ path: 'test-results/day-1-allocation.png' })
  expect(problems).toEqual([])
})

test('presenter view: SectionClock shows the current section, planned against elapsed', async ({ page }) => {
  const problems = watchPage(page)
  const [first, second] = spans()
  await page.goto(`/day-1/#/presenter/${first!.from}`)
  const clock = page.getByRole('status').filter({ hasText: first!.title })
  await expect(clock).toContainText(`0 of ${first!.minutes} min`)
  await expect(clock).toContainText('on time')
  // The start of each section is kept across a reload: pretend the second one began longer ago than planned.
  const key = `kit-section-clock:${String(readHeadmatter(entry).title)}`
  await page.evaluate(
    ([storageKey, id, ms]) => {
      const started = JSON.parse(localStorage.getItem(storageKey as string) ?? '{}') as Record<string, number>
      localStorage.setItem(storageKey as string, JSON.stringify({ ...started, [id as string]: Date.now() - (ms as number) }))
    },
    [key, second!.id, (second!.minutes + 3) * 60_000],
  )
  await page.reload()
  await expect(clock).toContainText(`of ${first!.minutes} min`)
  await page.goto(`/day-1/#/presenter/${second!.from}`)
  const late = page.getByRole('status').filter({ hasText: second!.title })
  await expect(late).toContainText(`${second!.minutes + 3} of ${second!.minutes} min`)
  await expect(late).toContainText('over time')
  await page.screenshot({ path: 'test-results/day-1-presenter-clock.png' })
  // Not on the projector: the audience's view has no section clock.
  await gotoSlide(page, 'day-1', second!.from)
  await expect(page.getByRole('status').filter({ hasText: 'of ' + second!.minutes + ' min' })).toHaveCount(0)
  expect(problems).toEqual([])
})

test('the time-allocation table prints in day 1’s PDF', async () => {
  const file = join(DIST_DIR, 'pdf', 'day-1.pdf')
  test.skip(!existsSync(file), 'no day-1 PDF: build without --no-pdf')
  const pages = await pdfPages(file)
  expect(pages[1]).toContain('Time allocation: day 1')
  const first = spans()[0]!
  expect(pages[1]).toContain(first.title)
  expect(pages[1]).toContain(formatClock(9 * 60))
  // One page per slide: the opening slides, then every slide the agenda keeps.
  expect(pages).toHaveLength(spans().at(-1)!.to)
})
