// Prints the lab pages to A4 PDFs with one Chromium (playwright-core, the browser scripts/browser.ts
// finds). Two passes per PDF: the first finds the page each contents entry lands on (from the PDF's
// named destinations), the second prints the contents with those page numbers.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { launchOptions } from '../browser.ts'

export interface PrintJob {
  /** File name stem for the temporary print page. */
  name: string
  out: string
  /** The print page's HTML, with the contents page numbers when known. */
  html: (pages?: Map<string, number>) => string
  anchors: string[]
  headerTemplate: string
  footerTemplate: string
}

export interface PrintOptions {
  /** Directory the print pages are written to; fonts must be in `<workDir>/assets/`. */
  workDir: string
  browserPath?: string
  log: (line: string) => void
  concurrency?: number
}

/** 1-based page of each named destination (element id) in a Chromium PDF. */
export async function destinationPages(pdf: Uint8Array, anchors: string[]): Promise<Map<string, number>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({ data: pdf.slice(), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise
  const pages = new Map<string, number>()
  try {
    for (const anchor of anchors) {
      const dest = await doc.getDestination(anchor)
      const ref = dest?.[0]
      if (ref && typeof ref === 'object') pages.set(anchor, (await doc.getPageIndex(ref as { num: number; gen: number })) + 1)
    }
    pages.set('__total__', doc.numPages)
  } finally {
    await doc.destroy()
  }
  return pages
}

async function print(page: Page, job: PrintJob, html: string, workDir: string): Promise<Uint8Array> {
  const file = join(workDir, `${job.name}.html`)
  writeFileSync(file, html)
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
  await page.evaluate(async () => {
    await document.fonts.ready
  })
  const buf = await page.pdf({
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: job.headerTemplate,
    footerTemplate: job.footerTemplate,
    margin: { top: '17mm', bottom: '17mm', left: '16mm', right: '16mm' },
    outline: true,
    tagged: true,
  })
  return new Uint8Array(buf)
}

export async function printPdfs(jobs: PrintJob[], opts: PrintOptions): Promise<void> {
  if (jobs.length === 0) return
  const launch = launchOptions()
  if (opts.browserPath) launch.executablePath = opts.browserPath
  const browser: Browser = await chromium.launch(launch)
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
    // Nothing may be fetched from outside the print folder.
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()))
    const queue = [...jobs]
    const worker = async (): Promise<void> => {
      const page = await context.newPage()
      try {
        for (let job = queue.shift(); job; job = queue.shift()) {
          const started = Date.now()
          const first = await print(page, job, job.html(), opts.workDir)
          let pages = await destinationPages(first, job.anchors)
          let pdf = await print(page, job, job.html(pages), opts.workDir)
          // Page numbers never change the layout in practice; if they ever do, settle once more.
          const again = await destinationPages(pdf, job.anchors)
          if (job.anchors.some((a) => again.get(a) !== pages.get(a)) || again.get('__total__') !== pages.get('__total__')) {
            pages = again
            pdf = await print(page, job, job.html(pages), opts.workDir)
          }
          writeFileSync(job.out, pdf)
          opts.log(`  ${job.out} (${pages.get('__total__')} pages, ${Date.now() - started} ms)`)
        }
      } finally {
        await page.close()
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 2, jobs.length)) }, worker))
    await context.close()
  } finally {
    await browser.close()
  }
}
