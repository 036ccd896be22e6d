// The look of every deck as the customer sees it: a content slide fills its canvas on purpose. A
// slide whose content covers less than a third of the canvas is "a corner of bullets", unless its
// layout is a divider or a statement, which are meant to be spare.
import { expect, test, type Locator } from '@playwright/test'
import { listDecks, loadSlides } from '../../scripts/decks.ts'
import { watchPage } from './helpers.ts'

const SPARE_LAYOUTS = ['cover', 'section', 'statement']
const MIN_SHARE = 1 / 3

/**
 * The share of the slide's canvas that its content spans: the bounding box of every visible piece
 * of content (text lines, images, diagrams, controls, and boxes with a background or border, such
 * as cards, and the layout's marks) against the slide. The footer does not count.
 */
async function occupiedShare(slideLocator: Locator): Promise<{ share: number; layout: string }> {
  return slideLocator.evaluate((root) => {
    const canvas = root.getBoundingClientRect()
    const layoutEl = root.querySelector('.slidev-layout')
    const layout = layoutEl ? [...layoutEl.classList].find((c) => c !== 'slidev-layout' && !c.startsWith('kit-')) ?? '' : ''
    const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity }
    const add = (r: DOMRect) => {
      if (r.width < 1 || r.height < 1) return
      box.left = Math.min(box.left, r.left)
      box.top = Math.min(box.top, r.top)
      box.right = Math.max(box.right, r.right)
      box.bottom = Math.max(box.bottom, r.bottom)
    }
    const skipped = (el: Element) => {
      for (let e: Element | null = el; e && e !== root; e = e.parentElement) {
        if (e.matches('footer, .sr-only, .slidev-vclick-hidden')) return true
        const style = getComputedStyle(e)
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return true
      }
      return false
    }
    const scope = layoutEl ?? root
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim() || !node.parentElement || skipped(node.parentElement)) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const rect of Array.from(range.getClientRects())) add(rect)
    }
    for (const el of Array.from(scope.querySelectorAll('*'))) {
      if (skipped(el)) continue
      const style = getComputedStyle(el)
      const painted =
        el.matches('img, svg, canvas, video, input, select, textarea, button, .mermaid') ||
        (style.backgroundColor !== 'rgba(0, 0, 0, 0)' && style.backgroundColor !== 'transparent') ||
        (parseFloat(style.borderTopWidth) > 0 && parseFloat(style.borderLeftWidth) > 0)
      if (painted) add(el.getBoundingClientRect())
    }
    if (box.right < box.left) return { share: 0, layout }
    const clip = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)
    const width = clip(box.right, canvas.left, canvas.right) - clip(box.left, canvas.left, canvas.right)
    const height = clip(box.bottom, canvas.top, canvas.bottom) - clip(box.top, canvas.top, canvas.bottom)
    return { share: (width * height) / (canvas.width * canvas.height), layout }
  })
}

for (const deck of listDecks()) {
  test(`content slides of ${deck.id} fill their canvas`, async ({ page }) => {
    const problems = watchPage(page)
    await page.goto(`/${deck.id}/?print=true#/print`)
    const containers = page.locator('.print-slide-container')
    const slides = await loadSlides(deck)
    await expect(containers).toHaveCount(slides.length)
    await expect(page.locator('.slidev-slide-loading')).toHaveCount(0)
    for (const s of slides) {
      const { share, layout } = await occupiedShare(page.locator(`.print-slide-container [data-slidev-no="${s.no}"]`).first())
      if (SPARE_LAYOUTS.includes(layout)) continue
      if (share < MIN_SHARE) problems.push(`slide ${s.no} "${s.title}" (${s.file}:${s.line}, layout ${layout || 'default'}): content covers ${Math.round(share * 100)}% of the canvas`)
    }
    expect(problems).toEqual([])
  })
}

test('the measure flags a corner of bullets and passes a filled slide', async ({ page }) => {
  const slideAt = (body: string) =>
    `<div data-slidev-no="1" style="position:relative;width:980px;height:551px"><div class="slidev-layout default" style="padding:40px">${body}</div></div>`
  await page.setContent(slideAt('<h1 style="margin:0;font-size:30px">Title</h1><ul><li>One short point</li><li>Another</li></ul>'))
  expect((await occupiedShare(page.locator('[data-slidev-no="1"]'))).share).toBeLessThan(MIN_SHARE)
  await page.setContent(slideAt('<h1 style="margin:0">Title</h1><div style="height:380px;background:#eee">card</div>'))
  expect((await occupiedShare(page.locator('[data-slidev-no="1"]'))).share).toBeGreaterThan(MIN_SHARE)
})

test('the index and every lab page share the kit favicon and load without an error', async ({ page }) => {
  const problems = watchPage(page)
  await page.goto('/')
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', 'favicon.svg')
  expect((await page.request.get(new URL('favicon.svg', page.url()).href)).status(), 'index favicon').toBe(200)
  const labs = await page.locator('a[href^="labs/"][href$="/"]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))
  expect(labs.length).toBeGreaterThan(0)
  for (const lab of [...new Set(labs)]) {
    await page.goto(`/${lab}`)
    const icon = await page.locator('link[rel="icon"]').getAttribute('href')
    expect(icon, lab).not.toBeNull()
    expect((await page.request.get(new URL(icon!, page.url()).href)).status(), `${lab} favicon`).toBe(200)
  }
  expect(problems).toEqual([])
})
