// HTML → A4 PDF with an installed Chrome-family browser driven by playwright-core. The kit never
// downloads a browser (customer sites are often offline), and the page may not load anything.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { KitError } from './errors.ts'

export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

/** The shared lookup in scripts/browser.ts when it exists, else the local fallback below. */
export async function findBrowserPath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const shared = fileURLToPath(new URL('../scripts/browser.ts', import.meta.url))
  if (existsSync(shared)) {
    const mod = (await import(shared)) as { findBrowser?: (env?: NodeJS.ProcessEnv) => string }
    if (typeof mod.findBrowser === 'function') {
      try {
        return mod.findBrowser(env)
      } catch (error) {
        throw new KitError(`cannot make a PDF: ${(error as Error).message}`)
      }
    }
  }
  return fallbackFindBrowser(env)
}

function candidates(env: NodeJS.ProcessEnv): string[] {
  const programFiles = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((p): p is string => !!p)
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ...programFiles.map((p) => join(p, 'Google', 'Chrome', 'Application', 'chrome.exe')),
    ...programFiles.map((p) => join(p, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
  ]
}

export function fallbackFindBrowser(env: NodeJS.ProcessEnv = process.env): string {
  for (const name of ['KIT_CHROME', 'CHROME_PATH']) {
    const value = env[name]
    if (!value) continue
    if (!existsSync(value)) throw new KitError(`cannot make a PDF: ${name} is set to ${value}, but there is no file there.`)
    return value
  }
  const found = candidates(env).find((p) => existsSync(p))
  if (!found) {
    throw new KitError('cannot make a PDF: no Chrome, Chromium or Edge found. Install one or set KIT_CHROME to its executable (or write --out report.html).')
  }
  return found
}

export async function htmlToPdf(html: string, out: string): Promise<void> {
  const executablePath = await findBrowserPath()
  const { chromium } = await import('playwright-core')
  let browser
  try {
    browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS, headless: true })
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
