// Finds a Chrome-family browser for PDF export and tests. Playwright's own browser download cannot
// work at a customer site without internet, so the kit always drives a browser already installed.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'

/** Thrown when no browser can be found; its message is one sentence meant for the consultant. */
export class NoBrowserError extends Error {
  override name = 'NoBrowserError'
}

const ENV_VARS = ['KIT_CHROME', 'CHROME_PATH'] as const

function candidatePaths(): string[] {
  const local = process.env.LOCALAPPDATA ?? ''
  const programFiles = [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)']].filter(Boolean) as string[]
  switch (process.platform) {
    case 'darwin':
      return [
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
        '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
      ]
    case 'win32':
      return [
        ...programFiles.map((p) => join(p, 'Google', 'Chrome', 'Application', 'chrome.exe')),
        join(local, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        ...programFiles.map((p) => join(p, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
        ...programFiles.map((p) => join(p, 'Chromium', 'Application', 'chrome.exe')),
      ]
    default:
      return [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/usr/bin/microsoft-edge',
        '/usr/bin/microsoft-edge-stable',
        '/snap/bin/chromium',
        '/opt/google/chrome/chrome',
      ]
  }
}

export interface BrowserLookup {
  path: string
  /** Where the path came from: an environment variable name or "search". */
  from: string
}

/** The browser to use, or null. An env var that names a missing file is an error, not a fallback. */
export function lookupBrowser(env: NodeJS.ProcessEnv = process.env, candidates: string[] = candidatePaths()): BrowserLookup | null {
  for (const name of ENV_VARS) {
    const value = env[name]
    if (!value) continue
    if (!existsSync(value)) {
      throw new NoBrowserError(`${name} is set to ${value}, but no file is there: point it at a Chrome, Chromium or Edge executable.`)
    }
    return { path: value, from: name }
  }
  for (const path of candidates) {
    if (existsSync(path)) return { path, from: 'search' }
  }
  return null
}

export function noBrowserMessage(): string {
  return process.platform === 'linux'
    ? 'No Chrome, Chromium or Edge found: install one (on Debian/Ubuntu: sudo apt-get install -y chromium) or set KIT_CHROME to its executable.'
    : 'No Chrome, Chromium or Edge found: install Google Chrome or Microsoft Edge, or set KIT_CHROME to its executable.'
}

/** The browser's path; throws NoBrowserError with a one-sentence fix when there is none. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string {
  const found = lookupBrowser(env)
  if (!found) throw new NoBrowserError(noBrowserMessage())
  return found.path
}

/** Debian/Ubuntu as root with apt: install Debian's chromium. Returns the path or null. */
export function installChromiumWithApt(log: (line: string) => void = console.log): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return null
  log('No browser found: installing Debian\'s chromium with apt-get (needs the Debian package mirror)…')
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  } catch {
    return null
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null
}

/**
 * Flags for headless runs: no sandbox when root (Chromium refuses otherwise), and none of the
 * background services that would try to reach Google from a closed network.
 */
export function chromiumArgs(): string[] {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication',
    '--no-first-run',
    '--no-default-browser-check',
    '--metrics-recording-only',
    '--disable-quic',
  ]
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox')
  return args
}

/** Options for playwright's chromium.launch(). */
export function launchOptions(env: NodeJS.ProcessEnv = process.env): { executablePath: string; args: string[]; headless: boolean } {
  return { executablePath: findBrowser(env), args: chromiumArgs(), headless: true }
}
