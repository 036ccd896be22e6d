// Exports built decks to PDF from the static site, the way Slidev's own exporter does it, but with
// one browser for every deck and no dev server per deck: the PDF is made from exactly what the
// site serves, and it is several times faster than `slidev export`.
import { readFile, writeFile } from 'node:fs/promises'
import { chromium, type Browser } from 'playwright-core'
import { PDFDocument } from 'pdf-lib'
import { launchOptions } from './browser.ts'
import { readHeadmatter, type Deck } from './decks.ts'

export interface ExportResult {
  deck: string
  file: string
  pages: number
}

/** Canvas size in CSS pixels from the headmatter (Slidev's defaults: 980 wide, 16:9). */
export function canvasSize(head: Record<string, unknown>): { width: number; height: number } {
  const width = typeof head.canvasWidth === 'number' ? head.canvasWidth : 980
  const ratio = parseAspectRatio(head.aspectRatio)
  return { width, height: Math.round(width / ratio) }
}

function parseAspectRatio(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string') {
    const [a, b] = value.split(/[/:]/).map(Number)
    if (a && b) return a / b
  }
  return 16 / 9
}

// Chromium writes the title (from document.title) but not author, subject or keywords, so those are
// added here. pdf-lib's rewrite keeps the structure tree and the outline Chromium wrote (checked
// with `pdfinfo -struct`); updateMetadata: false keeps Chromium's producer and dates as they are.
async function setMetadata(file: string, head: Record<string, unknown>, title: string): Promise<void> {
  const pdf = await PDFDocument.load(await readFile(file), { updateMetadata: false })
  pdf.setTitle(title)
  if (typeof head.author === 'string') pdf.setAuthor(head.author)
  if (typeof head.info === 'string') pdf.setSubject(head.info.trim())
  if (typeof head.keywords === 'string') pdf.setKeywords(head.keywords.split(',').map((k) => k.trim()))
  pdf.setCreator('Advanced Tier workshop kit')
  await writeFile(file, await pdf.save())
}

/** Export one built deck served at `${siteUrl}/${deck.id}/` into `file`. */
export async function exportDeck(browser: Browser, siteUrl: string, deck: Deck, file: string, timeout = 180_000): Promise<ExportResult> {
  const head = readHeadmatter(deck.entry)
  const { width, height } = canvasSize(head)
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  // Offline by construction: an export that reaches outside localhost is a defect, not a detail.
  page.on('request', (request) => {
    const url = request.url()
    if (!/^(data:|blob:|about:|https?:\/\/(localhost|127\.0\.0\.1)[:/])/.test(url)) problems.push(`request outside localhost: ${url}`)
  })
  try {
    // Hash routing: the print view lists every slide at its final click state.
    await page.goto(`${siteUrl}/${deck.id}/?print=true#/print`, { waitUntil: 'networkidle', timeout })
    await page.emulateMedia({ colorScheme: 'light', media: 'screen' })
    const containers = page.locator('.print-slide-container')
    await containers.first().waitFor({ timeout })
    const count = await containers.count()
    await page.setViewportSize({ width, height: height * count })
    for (const loading of await page.locator('.slidev-slide-loading').all()) await loading.waitFor({ state: 'detached', timeout })
    for (const waiting of await page.locator('[data-waitfor]').all()) {
      const selector = await waiting.getAttribute('data-waitfor')
      if (selector) await waiting.locator(selector).first().waitFor({ state: 'visible', timeout })
    }
    // Mermaid renders in a hidden container; wait until it has emptied, then hide it.
    const mermaid = page.locator('#mermaid-rendering-container')
    if ((await mermaid.count()) > 0) {
      await page.waitForFunction(() => !document.querySelector('#mermaid-rendering-container div'), undefined, { timeout })
      await mermaid.evaluate((node) => ((node as HTMLElement).style.display = 'none'))
    }
    await page.evaluate(() => document.fonts.ready)
    if (problems.length) throw new Error(`${deck.id}: the page reported errors while exporting: ${problems.join('; ')}`)
    await page.pdf({
      path: file,
      width: `${width}px`,
      height: `${height}px`,
      margin: { top: 0, right: 0, bottom: 0, left: 0 },
      printBackground: true,
      preferCSSPageSize: true,
      // Tagged for screen readers, with an outline built from the slide titles (each slide's h1).
      tagged: true,
      outline: true,
    })
    await setMetadata(file, head, deck.title)
    const pages = (await PDFDocument.load(await readFile(file))).getPageCount()
    return { deck: deck.id, file, pages }
  } finally {
    await context.close()
  }
}

export async function launchExportBrowser(): Promise<Browser> {
  return chromium.launch(launchOptions())
}
