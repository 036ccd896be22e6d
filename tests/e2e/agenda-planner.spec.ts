// Deck 00's agenda planner in a real browser: keyboard edits change the time-allocation table, a
// reload keeps them, a day that does not fit shows the core's sentence beside the table, an empty
// day is refused with a way out, the print view shows the tables without controls, no text in them
// below the kit's UI size; and served with a copy of an engagement folder, a change lands in its
// engagement.yaml, `kit engagement agenda` prints the same end time as the slide, and an agenda the
// CLI sets in the folder afterwards wins over the browser's copy (which stays restorable).
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { runEngagementAgenda } from '../../cli/commands/engagement-agenda.ts'
import { parseEngagementConfig } from '../../core/engagement/config.ts'
import { DIST_DIR, ROOT, listDecks, loadSlides } from '../../scripts/decks.ts'
import { engagementEndpoint } from '../../scripts/engagement-endpoint.ts'
import { serveStatic } from '../../scripts/server.ts'
import { findOverflow, gotoSlide, slide, watchPage } from './helpers.ts'

test.describe.configure({ timeout: 300_000 })

const DECK = '00-welcome'

async function plannerSlide(tag: string): Promise<number> {
  const deck = listDecks().find((d) => d.id === DECK)!
  const found = (await loadSlides(deck)).find((s) => s.content.includes(tag))
  if (!found) throw new Error(`${DECK}: no slide with ${tag}`)
  return found.no
}

/** The agreed agenda's planner (day 1's table beside the controls) and the slide after it (day 2). */
const AGREED = '<AgendaPlanner record="agenda" :show-days="[1]"'
const AGREED_DAY_2 = '<AgendaPlanner record="agenda" :show-days="[2]"'
const EMPTY_DAY_2 = 'Day 2 has no section: move one there or make it a one-day agenda.'

/** Texts inside `root` set smaller than the kit's UI size (--kit-text-ui), as "<px>px: <text>". */
async function textBelowUiSize(root: Locator): Promise<string[]> {
  return root.evaluate((el) => {
    const probe = document.createElement('span')
    probe.style.fontSize = 'var(--kit-text-ui)'
    el.appendChild(probe)
    const ui = parseFloat(getComputedStyle(probe).fontSize)
    probe.remove()
    const small: string[] = []
    for (const node of Array.from(el.querySelectorAll('*'))) {
      if (node.closest('.sr-only') || node.closest('select, option')) continue
      const own = Array.from(node.childNodes).some((c) => c.nodeType === Node.TEXT_NODE && (c.textContent ?? '').trim())
      const size = parseFloat(getComputedStyle(node).fontSize)
      if (own && node.getBoundingClientRect().width > 0 && size < ui - 0.01) small.push(`${size}px: ${(node.textContent ?? '').trim().slice(0, 40)}`)
    }
    return ui > 0 ? small : ['--kit-text-ui is not set']
  })
}

const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))

/** Focus a section's control and move it with the arrow keys, as a presenter does. */
async function pressOn(control: Locator, key: string) {
  await control.focus()
  await expect(control).toBeFocused()
  await control.press(key)
}

test('keyboard edits change the table, survive a reload, and an overrun shows the sentence', async ({ page }) => {
  const problems = watchPage(page)
  const no = await plannerSlide(AGREED)
  let s = await gotoSlide(page, DECK, no)
  const planner = s.locator('[data-component="agenda-planner"]')
  // Without an engagement it starts from the kit's two-day agenda: day 1's table beside the controls, day 2's end in a line.
  await expect(planner).toHaveAttribute('data-days', '2')
  await expect(planner.locator('table[data-day]')).toHaveCount(1)
  await expect(planner.locator('[data-other-day="2"]')).toHaveText(/^Day 2, 09:00–\d\d:\d\d: ends by 17:00$/)
  await expect(planner.locator('[data-refusal]')).toHaveCount(0)
  expect(await textBelowUiSize(planner.locator('.kit-agenda__plan'))).toEqual([])
  expect(await findOverflow(s)).toEqual([])
  const day1 = planner.locator('table[data-day="1"]')
  const endBefore = (await day1.getAttribute('data-end'))!
  const scanning = planner.locator('select[data-control="placement"][data-section="02-vulnerability-scanning"]')
  await expect(scanning).toHaveValue('1:full')
  await page.screenshot({ path: 'test-results/agenda-planner-two-day.png' })

  // Day 1, full → Day 1, short (no lab): the lab leaves the day, so day 1 ends earlier.
  await pressOn(scanning, 'ArrowDown')
  await expect(scanning).toHaveValue('1:short')
  await expect(day1).not.toHaveAttribute('data-end', endBefore)
  const endShort = (await day1.getAttribute('data-end'))!
  expect(toMinutes(endShort)).toBeLessThan(toMinutes(endBefore))
  // Beside the controls the section's control says "short (no lab)"; its row has no lab minutes left.
  await expect(day1.locator('tr[data-section="02-vulnerability-scanning"] td:last-child')).toHaveText(['—'])
  // Still on slide `no`: the arrow key changed the control, not the slide.
  await expect(page).toHaveURL(new RegExp(`#/${no}$`))

  await page.reload()
  s = slide(page, no)
  await expect(s.locator('select[data-control="placement"][data-section="02-vulnerability-scanning"]')).toHaveValue('1:short')
  await expect(s.locator('table[data-day="1"]')).toHaveAttribute('data-end', endShort)

  // Day 1 planned to end at 13:00: it does not fit; the sentence shows beside the table, which stays.
  const end = s.locator('select[data-control="end"][data-day="1"]')
  await end.focus()
  await end.selectOption('13:00')
  const refusal = s.locator('[data-component="agenda-planner"] [role="alert"]')
  // (Lunch at 12:30 no longer fits the day, so it leaves with the new end.)
  await expect(refusal).toHaveText(/^Day 1 ends at \d\d:\d\d, \d+ minutes past 13:00\.$/)
  const lateEnd = (await s.locator('table[data-day="1"]').getAttribute('data-end'))!
  await expect(refusal).toContainText(`Day 1 ends at ${lateEnd}, ${toMinutes(lateEnd) - 13 * 60} minutes past 13:00.`)
  await expect(s.locator('table[data-day="1"]')).toHaveAttribute('data-overrun', String(toMinutes(lateEnd) - 13 * 60))
  await expect(s.locator('table[data-day="1"] tr[data-kind="lunch"]')).toHaveCount(0)
  await expect(s.locator('table[data-day="1"] tr[data-late]').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/agenda-planner-overrun.png' })
  expect(await findOverflow(s)).toEqual([])
  expect(problems).toEqual([])
})

test('an empty day is refused beside its control, which offers one day; keyboard only', async ({ page }) => {
  const problems = watchPage(page)
  const no = await plannerSlide('<AgendaPlanner agenda="one-day"')
  const s = await gotoSlide(page, DECK, no)
  const planner = s.locator('[data-component="agenda-planner"]')
  const twoDays = planner.locator('input[data-control="days"]').nth(1)
  await twoDays.focus()
  await twoDays.press('Space')
  await expect(planner).toHaveAttribute('data-days', '2')
  // Day 2 starts empty: the core's sentence, no table, and the way out beside it.
  await expect(planner.locator('[role="alert"]')).toHaveText(EMPTY_DAY_2)
  await expect(planner.locator('table[data-day]')).toHaveCount(0)
  const oneDay = planner.getByRole('button', { name: 'Make it one day' })
  await expect(oneDay).toBeVisible()
  expect(await textBelowUiSize(planner.locator('[data-refusal]'))).toEqual([])
  await page.screenshot({ path: 'test-results/agenda-planner-empty-day.png' })
  await oneDay.focus()
  await expect(oneDay).toBeFocused()
  await oneDay.press('Enter')
  await expect(planner).toHaveAttribute('data-days', '1')
  await expect(planner.locator('[data-refusal]')).toHaveCount(0)
  await expect(planner.locator('table[data-day="1"]')).toBeVisible()
  // Focus lands on the length it set, not on the page.
  await expect(planner.locator('input[data-control="days"]').first()).toBeFocused()
  await expect(page).toHaveURL(new RegExp(`#/${no}$`))
  expect(problems).toEqual([])
})

test('the print view shows the allocation tables without controls, at the UI size, nothing clipped', async ({ page }) => {
  const problems = watchPage(page)
  const no = await plannerSlide(AGREED)
  const dayTwo = await plannerSlide(AGREED_DAY_2)
  const alternative = await plannerSlide('<AgendaPlanner agenda="one-day"')
  await page.goto(`/${DECK}/?print=true#/print`)
  await expect(page.locator('.print-slide-container').first()).toBeVisible()
  await expect(page.locator('.slidev-slide-loading')).toHaveCount(0)
  const printed = (n: number) => page.locator(`.print-slide-container [data-slidev-no="${n}"]`).first()
  // The kit's two days take two pages (day 1, then day 2 with the follow-ups); its one day one page.
  for (const [n, day, later] of [
    [no, '1', 0],
    [dayTwo, '2', 1],
    [alternative, '1', 1],
  ] as const) {
    const planner = printed(n).locator('[data-component="agenda-planner"]')
    await expect(planner.locator('table[data-day]')).toHaveCount(1)
    await expect(planner.locator(`table[data-day="${day}"]`)).toBeVisible()
    await expect(planner.locator('select, input, button')).toHaveCount(0)
    await expect(planner.locator('[data-later]')).toHaveCount(later)
    // Printed, each row names its depth.
    if (n === alternative) await expect(planner.locator('tr[data-section="02-vulnerability-scanning"]')).toContainText('short (no lab)')
    expect(await textBelowUiSize(planner), `slide ${n}`).toEqual([])
    expect(await findOverflow(printed(n)), `slide ${n}`).toEqual([])
  }
  await printed(no).screenshot({ path: 'test-results/agenda-planner-print.png' })
  await printed(alternative).screenshot({ path: 'test-results/agenda-planner-print-one-day.png' })
  expect(problems).toEqual([])
})

async function agendaOf(dir: string) {
  return parseEngagementConfig(await readFile(join(dir, 'engagement.yaml'), 'utf8'), 'engagement.yaml').agenda
}

/** Deck 00's agreed-agenda slide served with a temporary copy of example-public (never the fixture itself). */
async function withServedCopy(browser: Browser, run: (page: Page, no: number, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kit-agenda-e2e-'))
  await cp(join(ROOT, 'engagements', 'example-public'), dir, { recursive: true })
  const site = await serveStatic(DIST_DIR, 0, '127.0.0.1', engagementEndpoint(dir))
  const page: Page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage()
  try {
    const problems = watchPage(page)
    const no = await plannerSlide(AGREED)
    await page.goto(`${site.url}/${DECK}/#/${no}`)
    await run(page, no, dir)
    expect(problems).toEqual([])
  } finally {
    await page.context().close()
    site.server.closeAllConnections()
    await site.close()
    await rm(dir, { recursive: true, force: true })
  }
}

test('served with an engagement: starts from its engagement.yaml, writes a change back, and the CLI agrees', async ({ browser }) =>
  withServedCopy(browser, async (page, no, dir) => {
    const s = slide(page, no)
    const planner = s.locator('[data-component="agenda-planner"]')
    // example-public agrees a one-day agenda with the welcome short: the planner shows it, not the kit's two days.
    await expect(planner).toHaveAttribute('data-days', '1')
    const welcome = planner.locator('select[data-control="placement"][data-section="00-welcome"]')
    await expect(welcome).toHaveValue('1:short')
    const day1 = planner.locator('table[data-day="1"]')
    const endBefore = (await day1.getAttribute('data-end'))!

    // Day 1, short → Day 1, full: its deep-dive slides come back and the day ends later; engagement.yaml follows.
    await pressOn(welcome, 'ArrowUp')
    await expect(welcome).toHaveValue('1:full')
    await expect(day1).not.toHaveAttribute('data-end', endBefore)
    const endSlide = (await day1.getAttribute('data-end'))!
    await expect.poll(async () => (await agendaOf(dir))?.depth['00-welcome']).toBe('full')
    await expect(planner.locator('[data-yaml-state]')).toHaveText('saved in engagement.yaml')
    await page.screenshot({ path: 'test-results/agenda-planner-engagement.png' })

    const out: string[] = []
    const code = await runEngagementAgenda([dir], { out: (t) => void out.push(t), err: () => undefined })
    expect(code).toBe(0)
    expect(out.join('\n')).toContain(`Day 1, 09:00–${endSlide}: ends by 17:00`)

    // A change that does not fit stays in the record but is not written: engagement.yaml keeps the last good one.
    await pressOn(planner.locator('select[data-control="placement"][data-section="01-registry-integration"]'), 'Home')
    await expect(planner.locator('[role="alert"]')).toHaveText(/^Day 1 ends at \d\d:\d\d, \d+ minutes past 17:00\.$/)
    await expect(planner.locator('[data-yaml-state]')).toHaveText('engagement.yaml keeps its last agenda that fits.')
    expect((await agendaOf(dir))?.days[0]!.sections).not.toContain('01-registry-integration')
  }))

test('served with an engagement: an empty day is not written, and an agenda the CLI sets in the folder since wins over the browser’s copy', async ({ browser }) =>
  withServedCopy(browser, async (page, no, dir) => {
    let planner = slide(page, no).locator('[data-component="agenda-planner"]')
    const welcome = () => planner.locator('select[data-control="placement"][data-section="00-welcome"]')
    const registry = () => planner.locator('select[data-control="placement"][data-section="01-registry-integration"]')
    await expect(welcome()).toHaveValue('1:short')
    await expect(registry()).toHaveValue('follow-up')

    // A planner change, saved in engagement.yaml.
    await pressOn(welcome(), 'ArrowUp')
    await expect(welcome()).toHaveValue('1:full')
    await expect.poll(async () => (await agendaOf(dir))?.depth['00-welcome']).toBe('full')
    await expect(planner.locator('[data-yaml-state]')).toHaveText('saved in engagement.yaml')

    // Two days with nothing on day 2: the sentence, and engagement.yaml keeps its one day.
    await planner.locator('input[data-control="days"]').nth(1).check()
    await expect(planner.locator('[role="alert"]')).toHaveText(EMPTY_DAY_2)
    await expect(planner.locator('[data-yaml-state]')).toHaveText('engagement.yaml keeps its last agenda that fits.')
    expect((await agendaOf(dir))?.days).toHaveLength(1)
    await planner.getByRole('button', { name: 'Make it one day' }).click()
    await expect(planner).toHaveAttribute('data-days', '1')

    // The consultant sets the kit's one-day agenda from the command line; the page reloads.
    const out: string[] = []
    expect(await runEngagementAgenda([dir, '--set', 'one-day'], { out: (t) => void out.push(t), err: () => undefined })).toBe(0)
    const folder = (await agendaOf(dir))!
    expect(folder.depth['01-registry-integration']).toBe('short')
    await page.reload()
    planner = slide(page, no).locator('[data-component="agenda-planner"]')
    // The folder's agenda shows (every section short, registries back on the day), and one line says why.
    await expect(registry()).toHaveValue('1:short')
    await expect(welcome()).toHaveValue('1:short')
    const changed = planner.locator('[data-folder-changed]')
    await expect(changed).toContainText('The agenda in engagement.yaml changed since this browser')
    await expect(planner.locator('table[data-day="1"]')).toHaveAttribute('data-end', out.join('\n').match(/Day 1, 09:00–(\d\d:\d\d)/)![1]!)
    await page.screenshot({ path: 'test-results/agenda-planner-folder-changed.png' })
    // Nothing lost: the browser's copy comes back on request, and is written as it fits.
    await planner.getByRole('button', { name: 'Restore it' }).click()
    await expect(welcome()).toHaveValue('1:full')
    await expect(registry()).toHaveValue('follow-up')
    await expect(changed).toHaveCount(0)
    await expect.poll(async () => (await agendaOf(dir))?.depth['01-registry-integration']).toBe('follow-up')
  }))
