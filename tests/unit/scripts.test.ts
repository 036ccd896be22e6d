// The kit's own plumbing: finding a browser, serving the site, refusing a busy port, and the deck
// list every script relies on.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chromiumArgs, lookupBrowser, NoBrowserError, noBrowserMessage } from '../../scripts/browser.ts'
import { listDecks, matchDeck, ROOT } from '../../scripts/decks.ts'
import { renderIndexPage } from '../../scripts/index-page.ts'
import { PortInUseError, resolveFile, serveStatic } from '../../scripts/server.ts'

const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')

describe('browser lookup', () => {
  it('prefers KIT_CHROME, then CHROME_PATH', () => {
    expect(lookupBrowser({ KIT_CHROME: process.execPath, CHROME_PATH: '/nope' }, [])).toEqual({ path: process.execPath, from: 'KIT_CHROME' })
    expect(lookupBrowser({ CHROME_PATH: process.execPath }, [])).toEqual({ path: process.execPath, from: 'CHROME_PATH' })
  })
  it('says which variable points nowhere', () => {
    expect(() => lookupBrowser({ KIT_CHROME: '/no/such/chrome' }, [])).toThrow(/KIT_CHROME is set to \/no\/such\/chrome/)
  })
  it('falls back to the common install places, and returns null when there is none', () => {
    expect(lookupBrowser({}, ['/no/such/browser', process.execPath])).toEqual({ path: process.execPath, from: 'search' })
    expect(lookupBrowser({}, ['/no/such/browser'])).toBeNull()
  })
  it('explains in one sentence what to install and which variable to set', () => {
    const message = noBrowserMessage()
    expect(message).toMatch(/KIT_CHROME/)
    expect(message.split('. ').length).toBe(1)
  })
  it('runs headless Chromium without the sandbox only as root', () => {
    expect(chromiumArgs().includes('--no-sandbox')).toBe(process.getuid?.() === 0)
    expect(chromiumArgs()).toContain('--disable-background-networking')
  })
  it('a build with a bad KIT_CHROME stops with one clear line and no stack trace', () => {
    const run = spawnSync(process.execPath, [tsx, 'scripts/build.ts', '--only', '00-welcome'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, KIT_CHROME: '/no/such/chrome' } })
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/KIT_CHROME is set to \/no\/such\/chrome/)
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(new NoBrowserError('x')).toBeInstanceOf(Error)
  })
  it('a build whose --only names no deck stops with one line naming it, exit 2, before anything is built', () => {
    const run = spawnSync(process.execPath, [tsx, 'scripts/build.ts', '--only', 'no-such-deck', '--no-pdf'], { cwd: ROOT, encoding: 'utf8' })
    expect(run.status).toBe(2)
    expect(run.stderr.trim()).toMatch(/^--only names no deck: no-such-deck \(decks: 00-welcome, .*\)\.$/)
    expect(run.stdout).not.toMatch(/building/)
  })
})

describe('static server', () => {
  it('serves files and directory indexes, and nothing outside its folder', () => {
    expect(resolveFile(join(ROOT, 'public'), '/favicon.svg')).toBe(join(ROOT, 'public', 'favicon.svg'))
    expect(resolveFile(join(ROOT, 'public'), '/../package.json')).toBeNull()
    expect(resolveFile(join(ROOT, 'public'), '/%2e%2e/package.json')).toBeNull()
  })
  it('names the port when it is taken', async () => {
    const first = await serveStatic(join(ROOT, 'public'), 0)
    const port = Number(new URL(first.url).port)
    try {
      await expect(serveStatic(join(ROOT, 'public'), port)).rejects.toThrow(PortInUseError)
      await expect(serveStatic(join(ROOT, 'public'), port)).rejects.toThrow(new RegExp(`Port ${port} is already in use`))
      const response = await fetch(`${first.url}/favicon.svg`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('image/svg+xml')
    } finally {
      await first.close()
    }
  })
})

describe('decks', () => {
  const decks = listDecks()
  it('has one deck per section, the whole workshop and the gallery', () => {
    expect(decks.map((d) => d.id)).toEqual([
      '00-welcome', '01-registry-integration', '02-vulnerability-scanning', '03-image-assurance', '04-cicd-integration',
      '05-sso-saml', '06-siem-logging', '07-policy-as-code', 'gallery', 'workshop',
    ])
  })
  it('finds a deck by an unambiguous part of its name', () => {
    expect(matchDeck('03', decks).id).toBe('03-image-assurance')
    expect(matchDeck('registry', decks).id).toBe('01-registry-integration')
    expect(() => matchDeck('0', decks)).toThrow(/matches several decks/)
    expect(() => matchDeck('nope', decks)).toThrow(/No deck matches "nope"/)
  })
  it('index page escapes titles and links every deck', () => {
    const html = renderIndexPage([{ ...decks[0]!, title: '<script>x</script>' }], [], '/nowhere')
    expect(html).not.toContain('<script>x</script>')
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain(`href="${decks[0]!.id}/#/presenter/1"`)
  })
})
