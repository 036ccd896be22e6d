// HTML → A4 PDF with an installed Chrome-family browser driven by playwright-core. The kit never
// downloads a browser (customer sites are often offline), and the page may not load anything.
import { chromiumArgs, findBrowser } from '../scripts/browser.ts'
import { KitError } from './errors.ts'

/** The kit's one browser lookup (scripts/browser.ts), its failure in the kit command's words. */
function browserPath(): string {
  try {
    return findBrowser()
  } catch (error) {
    throw new KitError(`cannot make a PDF: ${(error as Error).message}`)
  }
}

export interface PdfOptions {
  /** Chromium's footer template (its own small page; <span class="pageNumber"> etc. are filled in). */
  footer?: string
  /**
   * Called with the text of each page of a first rendering; the HTML it returns is rendered instead
   * (e.g. a table of contents with the pages now known). Must not change what lands on which page.
   */
  repaginate?: (pageTexts: string[]) => string
}

/** The text of each page of a PDF, as pdfjs reads it (items joined by spaces). */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, useSystemFonts: false, disableFontFace: true }).promise
  try {
    const pages: string[] = []
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent()
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
    }
    return pages
  } finally {
    await doc.destroy()
  }
}

export async function htmlToPdf(html: string, out: string, options: PdfOptions = {}): Promise<void> {
  const executablePath = browserPath()
  const { chromium } = await import('playwright-core')
  let browser
  try {
    browser = await chromium.launch({ executablePath, args: chromiumArgs(), headless: true })
  } catch (error) {
    throw new KitError(`cannot make a PDF: the browser at ${executablePath} did not start (${firstLine(error)}).`)
  }
  try {
    const page = await browser.newPage()
    // The report is self-contained; refuse any request in case a value ever slipped through.
    await page.route('**/*', (route) => route.abort())
    const footer = options.footer ? { displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: options.footer } : {}
    const print = { format: 'A4', printBackground: true, preferCSSPageSize: true, ...footer } as const
    await page.setContent(html, { waitUntil: 'load' })
    if (options.repaginate) {
      const first = await page.pdf(print)
      await page.setContent(options.repaginate(await pdfPageTexts(new Uint8Array(first))), { waitUntil: 'load' })
    }
    await page.pdf({ path: out, ...print })
  } catch (error) {
    throw new KitError(`cannot write ${out}: ${firstLine(error)}`)
  } finally {
    await browser.close()
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!
}
