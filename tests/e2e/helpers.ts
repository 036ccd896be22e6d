// Shared helpers for the browser tests: open a slide of a built deck and wait until it is ready,
// the way Slidev's own exporter waits, and read the text of an exported PDF.
import { readFile } from 'node:fs/promises'
import { expect, type Locator, type Page } from '@playwright/test'

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

/** Text of every page of a PDF, one string per page (pdf.js, as a customer's reader would extract it). */
export async function pdfPages(file: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const data = new Uint8Array(await readFile(file))
  const doc = await pdfjs.getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i)
    const content = await page.getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' ').trim())
  }
  await doc.destroy()
  return pages
}
