// Make sure a browser is there for PDFs and tests (npm packages are handled by scripts/bootstrap.mjs,
// which has to run before any TypeScript can).
import { installChromiumWithApt, lookupBrowser, NoBrowserError, noBrowserMessage } from './browser.ts'
import { step } from './progress.ts'

/** The browser path; installs Debian's chromium when root on Debian/Ubuntu and none is found. */
export function ensureBrowser(): string {
  const found = lookupBrowser()
  if (found) return found.path
  const installed = installChromiumWithApt((line) => step(line))
  if (installed) return installed
  throw new NoBrowserError(noBrowserMessage())
}
