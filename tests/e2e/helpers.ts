// Shared helpers for the browser tests: open a slide of a built deck and wait until it is ready,
// the way Slidev's own exporter waits, and read the text of an exported PDF.
import { expect, type Locator, type Page, type Request } from '@playwright/test'

export interface SlideOptions {
  /** Open at this click step (default: none). */
  clicks?: number
}

/** The slide element of slide `no` (neighbours are preloaded, so always scope to it). */
export function slide(page: Page, no: number): Locator {
  return page.locator(`[data-slidev-no="${no}"]`)
}

/** Navigate to slide `no` of a built deck (hash routing) and wait until it has rendered. */
export async function gotoSlide(page: Page, deck: string, no: number, options: SlideOptions = {}): Promise<Locator> {
  const query = options.clicks === undefined ? '' : `?clicks=${options.clicks}`
  await page.goto(`/${deck}/#/${no}${query}`)
  const el = slide(page, no)
  await expect(el).toBeVisible()
  await expect(page.locator('.slidev-slide-loading')).toHaveCount(0)
  // Components that load asynchronously mark themselves with data-waitfor (as the exporter expects).
  for (const waiting of await el.locator('[data-waitfor]').all()) {
    const selector = await waiting.getAttribute('data-waitfor')
    if (selector) await expect(waiting.locator(selector).first()).toBeVisible()
  }
  return el
}

/** Text of every page of a PDF, one string per page. */
export { pdfPages } from '../pdf-text.ts'

/** Requests a deck may make: its own server, and inline data. Anything else breaks offline use. */
export function isLocalUrl(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true
  try {
    const { hostname } = new URL(url)
    return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]'
  } catch {
    return false
  }
}

/**
 * Collects everything that would embarrass a presenter: errors, failed or remote requests.
 * A fetch that a navigation of the page cancels (a reload or a goto while chunks or the favicon were
 * still loading) ends as net::ERR_ABORTED: that is the navigation, not a fault, so it is taken back once
 * the main frame has navigated. An abort with no navigation, and every other failure, stays.
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = []
  let navigations = 0
  const startedIn = new WeakMap<Request, number>()
  const aborted: Array<{ line: string; navigation: number }> = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('request', (request) => {
    startedIn.set(request, navigations)
    if (!isLocalUrl(request.url())) problems.push(`request outside localhost: ${request.url()}`)
  })
  page.on('requestfailed', (request) => {
    if (!isLocalUrl(request.url())) return
    const error = request.failure()?.errorText ?? ''
    const line = `failed request: ${request.url()} (${error})`
    const navigation = startedIn.get(request) ?? navigations
    if (error !== 'net::ERR_ABORTED' || request.isNavigationRequest()) return void problems.push(line)
    if (navigation < navigations) return // the page had already navigated away from the document that asked
    aborted.push({ line, navigation })
    problems.push(line)
  })
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) return
    for (const { line, navigation } of aborted.splice(0)) {
      if (navigation > navigations) continue
      const at = problems.indexOf(line)
      if (at >= 0) problems.splice(at, 1)
    }
    navigations++
  })
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  return problems
}

/**
 * Elements of a slide that stick out of it, and containers whose content is cut off or scrolls.
 * Skips what is meant to be invisible (hidden clicks, screen-reader-only text).
 */
export async function findOverflow(slideLocator: Locator, options: { allowScroll?: boolean } = {}): Promise<string[]> {
  // Live, a panel may scroll (axe checks it is reachable by keyboard); in print nothing may.
  return slideLocator.evaluate((root, allowScroll) => {
    const box = root.getBoundingClientRect()
    const problems: string[] = []
    const name = (el: Element) => {
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60)
      const cls = typeof el.className === 'string' ? el.className.split(' ').filter(Boolean).slice(0, 2).join('.') : ''
      return `<${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}> "${text}"`
    }
    const invisible = (el: Element) => {
      for (let e: Element | null = el; e && e !== root; e = e.parentElement) {
        const style = getComputedStyle(e)
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return true
        if (e.classList.contains('slidev-vclick-hidden') || e.classList.contains('sr-only')) return true
      }
      return false
    }
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect()
      if (rect.width < 1 || rect.height < 1 || invisible(el)) continue
      if (rect.right > box.right + 2 || rect.bottom > box.bottom + 2 || rect.left < box.left - 2 || rect.top < box.top - 2) {
        problems.push(`outside the slide: ${name(el)}`)
        continue
      }
      const style = getComputedStyle(el)
      const clips = (v: string) => v === 'hidden' || v === 'clip' || (!allowScroll && (v === 'auto' || v === 'scroll'))
      if ((clips(style.overflowY) && el.scrollHeight > el.clientHeight + 2) || (clips(style.overflowX) && el.scrollWidth > el.clientWidth + 2)) {
        // Text inputs scroll by nature; SVG and mermaid containers report odd scroll sizes.
        if (!el.matches('input, textarea, select, svg, svg *, .mermaid, pre *, .slidev-code-wrapper *')) problems.push(`content cut off or scrolling in ${name(el)}`)
      }
    }
    // Report each offender once, outermost first.
    return [...new Set(problems)].slice(0, 10)
  }, options.allowScroll ?? false)
}
