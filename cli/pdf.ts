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

export async function htmlToPdf(html: string, out: string): Promise<void> {
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
    await page.setContent(html, { waitUntil: 'load' })
    await page.pdf({ path: out, format: 'A4', printBackground: true, preferCSSPageSize: true })
  } catch (error) {
    throw new KitError(`cannot write ${out}: ${firstLine(error)}`)
  } finally {
    await browser.close()
  }
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!
}
