// kit engagement report: the customer's summary. The HTML is checked as the core renders it (escaping,
// parts, contents, impact numbers equal to `kit engagement summary --json`), and the PDF as Chromium
// prints it (A4, page numbers on every page, the contents with the pages the parts start on).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../cli/kit.ts'
import { pdfPageTexts } from '../../cli/pdf.ts'
import { saveAnswers } from '../../core/engagement/answers.ts'
import { contentsPages, deliveredSections, type ContentsEntry } from '../../core/engagement/summary-report.ts'
import { WORKSHEETS, WORKSHEET_SECTIONS } from '../../core/engagement/worksheets.ts'
import { chromiumArgs } from '../../scripts/browser.ts'
import { SUMMARY_ENDPOINT, engagementEndpoint } from '../../scripts/engagement-endpoint.ts'
import { renderIndexPage } from '../../scripts/index-page.ts'
import { serveStatic } from '../../scripts/server.ts'
import { report as fixture } from './core-test-helpers.ts'

async function kit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

const root = mkdtempSync(join(tmpdir(), 'kit-engagement-report-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const SCRIPT = '<script>alert("x")</script><b>bold</b>'
const at = new Date('2026-12-07T10:00:00Z').toISOString()
const custom = JSON.parse(readFileSync('snippets/policies/custom-example.json', 'utf8')) as Record<string, unknown>
const designed = { ...custom, name: 'acme-prod-designed', description: 'Designed with <i>ACME</i> & co.' }

/** A filled sample engagement: public reports, the guide's policies, answers in four sections. */
async function sampleEngagement(name: string): Promise<string> {
  const dir = join(root, name)
  const created = await kit('engagement', 'new', dir, '--customer', 'ACME <Corp> & "Sons"', '--consultant', 'A. Consultant', '--start', '2026-12-07', '--end', '2026-12-08', '--policy', 'snippets/policies/prod-gate.json')
  expect(created.code, created.stderr).toBe(0)
  const added = await kit('engagement', 'add', dir, fixture('aqua/postee-pokemongo-map-alpine-3.4.0.json'), fixture('aqua/postee-alpine-3.8.json'), fixture('trivy/alpine-39.json'), fixture('trivy/ubuntu-1804.json'))
  expect(added.code, added.stderr).toBe(0)
  const value = (v: string) => ({ value: v, at })
  await saveAnswers(dir, {
    'registries.0.name': value('ACR prod'),
    'registries.0.type': value('Azure Container Registry'),
    'registries.0.hosting': value('Azure westeurope'),
    'registry-values.name': value('acme-acr-prod'),
    'registry-values.tested-on': value('2026-12-07'),
    'triage-rules.0.fix-within': value('7 days'),
    'triage-rules.0.owner': value(SCRIPT),
    'triage-rules.1.fix-within': value('30 days'),
    'policy-design.0.prod': value('High and above, fixable only'),
    'policy-design.4.prod': value('Fail CI/CD, audit first two weeks'),
    'policy-custom.json': value(JSON.stringify(designed, null, 2)),
    'siem-target.platform': value('Splunk'),
    'siem-target.endpoint': value('hec.acme.example:8088'),
    'actions.0.action': value('Connect ACR prod with a service principal'),
    'actions.0.owner': value('Platform team'),
    'actions.0.due': value('2026-12-15'),
    'actions.1.action': value('Turn on fail_cicd for the prod gate'),
    'actions.1.owner': value('J. Doe'),
    'actions.1.due': value('2026-02-30'),
  })
  return dir
}

let dir: string
let html: string
beforeAll(async () => {
  dir = await sampleEngagement('acme')
  const out = join(root, 'summary.html')
  const r = await kit('engagement', 'report', dir, '--out', out)
  expect(r.code, r.stderr).toBe(0)
  html = readFileSync(out, 'utf8')
}, 120_000)

describe('the summary HTML', () => {
  it('escapes every value from the engagement: an answer with a script tag is text', () => {
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<b>bold</b>')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;')
    expect(html).toContain('ACME &lt;Corp&gt; &amp; &quot;Sons&quot;')
    expect(html).toContain('Designed with &lt;i&gt;ACME&lt;/i&gt; &amp; co.')
    expect(html).toContain("default-src 'none'")
  })

  it('has the cover, the delivered sections, action items, open questions and the appendix', () => {
    expect(html).toContain('2026-12-07 to 2026-12-08')
    expect(html).toContain('A. Consultant')
    for (const id of ['section-01-registry-integration', 'section-02-vulnerability-scanning', 'section-03-image-assurance', 'section-06-siem-logging', 'actions', 'open-questions', 'appendix']) {
      expect(html).toContain(`id="${id}"`)
    }
    // Sections without a single answer are not claimed as delivered.
    expect(html).not.toContain('id="section-05-sso-saml"')
    expect(html).toContain('Connect ACR prod with a service principal')
    expect(html).toContain('Platform team')
    // A due date that is not a date is kept, and flagged.
    expect(html).toMatch(/2026-02-30 <span class="flag">\(to check: a date as YYYY-MM-DD/)
    // Open questions: the unanswered questions of the sections delivered.
    expect(html).toContain('<strong>SIEM target:</strong> Owner in the SOC')
    expect(html).not.toContain('Sign-in decisions:</strong>')
  })

  it('reports a lab page’s own worksheet with the section of its lab', () => {
    const at = '2026-12-01T10:00:00.000Z'
    const sections = deliveredSections({ version: 1, seq: 1, fields: { 'lab06-searches-and-alerts.0.how-urgent': { value: 'page the on-call', at } } })
    expect(sections.map((s) => [s.section.id, s.sheets.filter((w) => w.filled).map((w) => w.sheet.title)])).toEqual([['06-siem-logging', ['Lab 06: Searches and alerts']]])
  })

  it('lists every part in the contents, linked to its heading', () => {
    const toc = html.slice(html.indexOf('<nav class="toc"'), html.indexOf('</nav>'))
    const links = [...toc.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])
    expect(links).toEqual([
      ['section-01-registry-integration', '1. Registry integration'],
      ['section-02-vulnerability-scanning', '2. Vulnerability scanning'],
      ['section-03-image-assurance', '3. Image assurance policies'],
      ['section-06-siem-logging', '4. SIEM and audit logging'],
      ['actions', 'Action items'],
      ['open-questions', 'Open questions'],
      ['appendix', 'Appendix: designed policies as Aqua JSON'],
    ])
    for (const [id, title] of links) expect(html).toContain(`id="${id}"><h2>${title}</h2>`)
  })

  it('shows the impact with the numbers of kit engagement summary --json', async () => {
    const json = await kit('engagement', 'summary', dir, '--json')
    const summary = JSON.parse(json.stdout) as { images: Array<{ image: string; verdict: string; vulnerabilities: Record<string, number>; fixable: number }> }
    const failing = summary.images.filter((i) => i.verdict === 'non-compliant').length
    expect(html).toContain(`data-impact="${failing}/${summary.images.length}"`)
    for (const image of summary.images) {
      const v = image.vulnerabilities
      const row = `<td class="mono">${image.image}</td><td>${image.verdict === 'compliant' ? 'Compliant' : 'Non-compliant'}</td><td>${v.critical}</td><td>${v.high}</td><td>${v.medium}</td><td>${v.low}</td><td>${v.total}</td><td>${image.fixable}</td>`
      expect(html).toContain(row)
    }
    // Each designed policy applied alone, the one from the workshop included.
    expect(html).toMatch(/data-policy="prod-gate"><th scope="row">prod-gate<span class="origin">in play<\/span><\/th><td>\d+ of 4<\/td>/)
    expect(html).toContain('data-policy="acme-prod-designed"')
  })

  it('prints each designed policy as its Aqua JSON in the appendix', () => {
    const appendix = html.slice(html.indexOf('id="appendix"'))
    const blocks = [...appendix.matchAll(/<pre class="json">([^<]*)<\/pre>/g)].map((m) => JSON.parse(m[1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')) as unknown)
    const prodGate = JSON.parse(readFileSync('snippets/policies/prod-gate.json', 'utf8')) as unknown
    expect(blocks).toEqual([prodGate, designed])
  })

  it('names a broken designed policy on one line and writes the summary without it', async () => {
    const broken = await sampleEngagement('broken')
    await saveAnswers(broken, { 'policy-custom.json': { value: '{"name": ', at: new Date('2026-12-07T11:00:00Z').toISOString() } })
    const r = await kit('engagement', 'report', broken, '--out', join(root, 'broken.html'))
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^warning: .*answers\.json field policy-custom\.json: not JSON .*; the designed policy is left out of the summary$/)
    expect(readFileSync(join(root, 'broken.html'), 'utf8')).not.toContain('acme-prod-designed')
  })

  it('refuses an --out that is neither .pdf nor .html', async () => {
    const r = await kit('engagement', 'report', dir, '--out', join(root, 'x.docx'))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--out must end in .pdf or .html')
  })
})

describe('sections and contents pages', () => {
  it('puts every worksheet but the action items in one section', () => {
    const placed = WORKSHEET_SECTIONS.flatMap((s) => s.worksheets)
    expect(new Set(placed).size).toBe(placed.length)
    expect(WORKSHEETS.map((w) => w.id).filter((id) => !placed.includes(id))).toEqual(['actions'])
  })

  it('finds the page of each part after the contents page, in order', () => {
    const entries: ContentsEntry[] = [
      { id: 'a', title: '1. Registry integration' },
      { id: 'actions', title: 'Action items' },
    ]
    const pages = ['cover: Registry integration', 'Contents 1. Registry integration Action items', 'intro', '1. Registry   integration text Action items mentioned', 'Action items']
    // "Action items" on page 4 is found there: headings are found in order, at or after the previous one.
    expect(contentsPages(entries, pages)).toEqual({ a: 4, actions: 4 })
  })
})

const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ?? process.env.KIT_CHROME
describe.skipIf(!browser)('the summary PDF', () => {
  it('is A4 with page numbers on every page and a contents with the pages the parts start on', async () => {
    const out = join(root, 'summary.pdf')
    process.env.KIT_CHROME ??= browser
    const r = await kit('engagement', 'report', dir, '--out', out)
    expect(r.code, r.stderr).toBe(0)
    const bytes = new Uint8Array(readFileSync(out))
    const pdf = await PDFDocument.load(bytes)
    for (const page of pdf.getPages()) {
      expect(Math.round(page.getSize().width)).toBe(595)
      expect(Math.round(page.getSize().height)).toBe(842)
    }
    const pages = (await pdfPageTexts(bytes)).map((t) => t.replace(/\s+/g, ' '))
    expect(pages.length).toBeGreaterThan(3)
    pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${pages.length}`))
    pages.forEach((text) => expect(text).toContain('Engagement summary · ACME <Corp> & "Sons"'))
    // The contents: each entry followed by the page whose text starts that part.
    const toc = pages[1]!
    expect(toc).toContain('Contents')
    const titles = ['1. Registry integration', '2. Vulnerability scanning', '3. Image assurance policies', '4. SIEM and audit logging', 'Action items', 'Open questions', 'Appendix: designed policies as Aqua JSON']
    for (const title of titles) {
      const match = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+)`).exec(toc)
      expect(match, title).not.toBeNull()
      const page = Number(match![1])
      expect(page).toBeGreaterThan(2)
      expect(pages[page - 1]).toContain(title)
    }
    // Text from the engagement is text in the PDF, the answer with HTML included.
    const squashed = pages.join('').replace(/\s+/g, '')
    expect(squashed).toContain('<script>alert("x")</script><b>bold</b>'.replace(/\s+/g, ''))
    expect(squashed).toContain('"name":"acme-prod-designed"')
    // Nothing clipped: the longest line of the appendix's JSON wraps and is there whole.
    const prodGate = JSON.parse(readFileSync('snippets/policies/prod-gate.json', 'utf8')) as { description: string }
    expect(squashed).toContain(`"description":${JSON.stringify(prodGate.description)}`.replace(/\s+/g, ''))
  }, 300_000)
})

describe.skipIf(!browser)("the index page's link to the summary", () => {
  it('shows only when served with --engagement, and opens the summary PDF of that folder', async () => {
    const dist = join(root, 'dist')
    mkdirSync(dist, { recursive: true })
    const page = renderIndexPage([], [], dist)
    expect(page).toMatch(/<p id="engagement-summary" class="note" hidden>/)
    writeFileSync(join(dist, 'index.html'), page)
    const endpoint = engagementEndpoint(dir, 'test-token')
    const server = await serveStatic(dist, 0, '127.0.0.1', endpoint)
    const plain = await serveStatic(dist, 0, '127.0.0.1')
    const { chromium } = await import('playwright-core')
    const chrome = await chromium.launch({ executablePath: browser!, args: chromiumArgs(), headless: true })
    try {
      // Without the token the summary is refused, like the answers.
      expect((await fetch(`${server.url}${SUMMARY_ENDPOINT}`)).status).toBe(403)
      const tab = await chrome.newPage()
      await tab.goto(`${plain.url}/`)
      await expect(tab.locator('#engagement-summary').isVisible()).resolves.toBe(false)
      await tab.goto(`${server.url}/`)
      const link = tab.getByRole('link', { name: 'Engagement summary for the customer' })
      await link.waitFor({ state: 'visible' })
      const href = await link.getAttribute('href')
      expect(href).toBe(`${SUMMARY_ENDPOINT}?token=test-token`)
      const response = await tab.request.get(`${server.url}${href}`, { timeout: 120_000 })
      expect(response.status()).toBe(200)
      expect(response.headers()['content-type']).toBe('application/pdf')
      const texts = await pdfPageTexts(new Uint8Array(await response.body()))
      expect(texts[0]).toContain('ACME <Corp> & "Sons"')
      expect(existsSync(join(dir, '.cache', 'engagement-summary.pdf'))).toBe(true)
    } finally {
      await chrome.close()
      await server.close()
      await plain.close()
    }
  }, 300_000)
})
