// The engagement record in a real browser: worksheet forms on their slides, saved into an engagement
// folder through the kit's own server (`--engagement`), surviving a reload, a killed server, a second
// window and a closed browser; a value that fails its check is kept and flagged; a failed save says
// so beside the field and is retried. Each test runs its own server on its own engagement folder.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { DIST_DIR, ROOT, listDecks, loadSlides } from '../../scripts/decks.ts'
import { buildLabs, loadLabAnswers } from '../../scripts/labs/index.ts'
import { engagementEndpoint } from '../../scripts/engagement-endpoint.ts'
import { serveStatic, type StaticServer } from '../../scripts/server.ts'
import { findOverflow, pdfPages, slide, watchPage } from './helpers.ts'

test.describe.configure({ timeout: 300_000 })

/** Deck and slide number of the slide that holds `<KitWorksheet id="…">` (or a component tag). */
async function worksheetSlide(deckId: string, tag: string): Promise<number> {
  const deck = listDecks().find((d) => d.id === deckId)
  if (!deck) throw new Error(`no deck ${deckId}`)
  const found = (await loadSlides(deck)).find((s) => s.content.includes(tag))
  if (!found) throw new Error(`${deckId}: no slide with ${tag}`)
  return found.no
}

async function openSlide(page: Page, base: string, deck: string, no: number): Promise<Locator> {
  await page.goto(`${base}/${deck}/#/${no}`)
  const el = slide(page, no)
  await expect(el).toBeVisible()
  return el
}

async function savedValue(dir: string, path: string): Promise<string | undefined> {
  try {
    const record = JSON.parse(await readFile(join(dir, 'answers.json'), 'utf8')) as { fields: Record<string, { value: string }> }
    return record.fields[path]?.value
  } catch {
    return undefined
  }
}

let dir: string
let site: StaticServer
let port: number

async function start(listenPort = 0): Promise<StaticServer> {
  site = await serveStatic(DIST_DIR, listenPort, '127.0.0.1', engagementEndpoint(dir))
  port = Number(new URL(site.url).port)
  return site
}

async function kill(): Promise<void> {
  site.server.closeAllConnections()
  await site.close()
}

test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kit-engagement-'))
  await start()
})
test.afterEach(async () => {
  await kill().catch(() => undefined)
  await rm(dir, { recursive: true, force: true })
})

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
  return context.newPage()
}

test('values typed on a worksheet survive a reload, a killed server, a second window and a closed browser', async ({ browser }) => {
  const no = await worksheetSlide('06-siem-logging', '<KitWorksheet id="siem-target"')
  const page = await newPage(browser)
  const problems = watchPage(page)
  const s = await openSlide(page, site.url, '06-siem-logging', no)
  const form = s.locator('[data-worksheet="siem-target"]')
  await expect(form).toContainText('Saved to the engagement folder as you type.')

  // HTML in an answer is text: it is stored and shown as typed, never parsed.
  await form.locator('[data-field="siem-target.platform"]').fill('Splunk <b>Cloud</b>')
  await form.locator('[data-field="siem-target.endpoint"]').fill('hec.example.internal:8088')
  await expect.poll(() => savedValue(dir, 'siem-target.platform')).toBe('Splunk <b>Cloud</b>')
  await expect.poll(() => savedValue(dir, 'siem-target.endpoint')).toBe('hec.example.internal:8088')
  expect(await s.locator('b').count()).toBe(0)

  // A second window (the projector) of the same browser: it shows the values, and edits another field
  // while the first window edits a third; both windows end with all of them.
  const projector = await page.context().newPage()
  const p = await openSlide(projector, site.url, '06-siem-logging', no)
  const form2 = p.locator('[data-worksheet="siem-target"]')
  await expect(form2.locator('[data-field="siem-target.platform"]')).toHaveValue('Splunk <b>Cloud</b>')
  await form2.locator('[data-field="siem-target.owner"]').fill('SOC team (A. Example)')
  await form.locator('[data-field="siem-target.ingestion"]').fill('HTTP Event Collector')
  await expect(form.locator('[data-field="siem-target.owner"]')).toHaveValue('SOC team (A. Example)')
  await expect(form2.locator('[data-field="siem-target.ingestion"]')).toHaveValue('HTTP Event Collector')
  await expect.poll(() => savedValue(dir, 'siem-target.owner')).toBe('SOC team (A. Example)')
  await expect.poll(() => savedValue(dir, 'siem-target.ingestion')).toBe('HTTP Event Collector')

  // Reload: every value is back.
  await page.reload()
  const again = slide(page, no).locator('[data-worksheet="siem-target"]')
  await expect(again.locator('[data-field="siem-target.owner"]')).toHaveValue('SOC team (A. Example)')
  await expect(again.locator('[data-field="siem-target.endpoint"]')).toHaveValue('hec.example.internal:8088')

  // Kill the server mid-way: typing goes on, the form says it could not save, keeps the value, retries.
  const beforeOutage = problems.length
  await kill()
  await again.locator('[data-field="siem-target.index"]').fill('aqua_audit; 400 days')
  await expect(again.locator('[data-save-state="failed"]')).toContainText(/could not save: the kit’s server does not answer.*retrying/)
  await expect(again.locator('[data-field="siem-target.index"]')).toHaveValue('aqua_audit; 400 days')
  // The server comes back on the same port (with a new token): the waiting value arrives by itself.
  await start(port)
  await expect.poll(() => savedValue(dir, 'siem-target.index'), { timeout: 20_000 }).toBe('aqua_audit; 400 days')
  await expect(again.locator('[data-save-state="engagement"]')).toBeVisible()
  // While the server was down every request failed (saves, Slidev's prefetch of other slides): expected.
  problems.splice(beforeOutage)

  // Outside the outage, nothing failed. Allowed: the restarted server's 403 for the old token, and a
  // save cut off by a reload (it waits in the browser; every value above arrived).
  expect(problems.filter((line) => !/HTTP 403: .*\/__kit\/answers|status of 403|__kit\/answers \(net::ERR_ABORTED\)/.test(line))).toEqual([])

  // Close everything; a new browser (empty storage) finds every value from the engagement folder.
  await page.context().close()
  const fresh = await newPage(browser)
  const f = (await openSlide(fresh, site.url, '06-siem-logging', no)).locator('[data-worksheet="siem-target"]')
  for (const [field, value] of [
    ['platform', 'Splunk <b>Cloud</b>'],
    ['ingestion', 'HTTP Event Collector'],
    ['endpoint', 'hec.example.internal:8088'],
    ['index', 'aqua_audit; 400 days'],
    ['owner', 'SOC team (A. Example)'],
  ]) {
    await expect(f.locator(`[data-field="siem-target.${field}"]`)).toHaveValue(value!)
  }
  expect(await findOverflow(slide(fresh, no))).toEqual([])

  // Print state, in a real PDF of the print view: the values entered, as text, and ruled empty cells.
  await fresh.goto(`${site.url}/06-siem-logging/?print=true#/print`, { waitUntil: 'networkidle' })
  const printed = fresh.locator('[data-worksheet="siem-target"]').first()
  await expect(printed.locator('td[data-field="siem-target.platform"]')).toHaveText('Splunk <b>Cloud</b>')
  await expect(printed.locator('td[data-field="siem-target.token-location"]')).toHaveText('')
  await expect(printed.locator('input')).toHaveCount(0)
  const pdfFile = join(dir, 'print.pdf')
  await fresh.pdf({ path: pdfFile, width: '980px', height: '552px', printBackground: true })
  const pages = await pdfPages(pdfFile)
  const worksheetPage = pages.find((text) => text.includes('Worksheet: logging'))
  expect(worksheetPage).toContain('SIEM / log platform Splunk <b>Cloud</b>')
  expect(worksheetPage).toContain('Owner in the SOC SOC team (A. Example)')
  expect(worksheetPage).not.toContain('Saved to the engagement folder')
  await fresh.context().close()
})

test('a value that fails its check is kept and flagged; a failed disk write is said beside the field and retried', async ({ browser }) => {
  const no = await worksheetSlide('07-policy-as-code', '<KitWorksheet id="actions"')
  // A corrupted answers.json: the form names the line and starts from the last good journal entry.
  await writeFile(join(dir, 'answers.journal.jsonl'), `${JSON.stringify({ seq: 1, at: new Date().toISOString(), changes: { 'actions.3.owner': { value: 'Sam', at: new Date().toISOString() } } })}\n`)
  await writeFile(join(dir, 'answers.json'), '{\n  "version": 1,\n  "seq": 1\n  "fields": {}\n}\n')
  const page = await newPage(browser)
  const s = await openSlide(page, site.url, '07-policy-as-code', no)
  const form = s.locator('[data-worksheet="actions"]')
  await expect(form.locator('[data-record-notice]')).toHaveText('answers.json line 4: not valid JSON; started from the last good journal entry')
  await expect(form.locator('[data-field="actions.3.owner"]')).toHaveValue('Sam')
  // Keyboard first: type, Tab to the next cell.
  await form.locator('[data-field="actions.0.action"]').focus()
  await page.keyboard.type('Ask the Nexus owner for a read-only account')
  await page.keyboard.press('Tab')
  await expect(form.locator('[data-field="actions.0.owner"]')).toBeFocused()
  await page.keyboard.type('Dana')
  await page.keyboard.press('Tab')
  await page.keyboard.type('next Friday')
  const due = form.locator('[data-field="actions.0.due"]')
  await expect(due).toHaveAttribute('aria-invalid', 'true')
  await expect(form.locator('[data-field-message]')).toContainText('Expected a date as YYYY-MM-DD')
  // Kept, in the browser and in the folder.
  await expect.poll(() => savedValue(dir, 'actions.0.due')).toBe('next Friday')
  await due.fill('2026-12-15')
  await expect(due).not.toHaveAttribute('aria-invalid', 'true')
  await expect.poll(() => savedValue(dir, 'actions.0.due')).toBe('2026-12-15')

  // The journal cannot be written (here: a folder where the file should be): the form says so.
  await rm(join(dir, 'answers.journal.jsonl'))
  await mkdir(join(dir, 'answers.journal.jsonl'))
  await form.locator('[data-field="actions.1.action"]').fill('Book the SSO follow-up')
  await expect(form.locator('[data-save-state="failed"]')).toContainText(/could not save: the engagement folder could not be written.*Kept in this browser; retrying/)
  await expect(form.locator('[data-field="actions.1.action"] + [data-field-message]')).toContainText('retrying')
  await page.reload()
  await expect(slide(page, no).locator('[data-field="actions.1.action"]')).toHaveValue('Book the SSO follow-up')
  // Fixed: the retry lands it.
  await rm(join(dir, 'answers.journal.jsonl'), { recursive: true })
  await expect.poll(() => savedValue(dir, 'actions.1.action'), { timeout: 20_000 }).toBe('Book the SSO follow-up')
  await page.context().close()
})

test('the lab page and the slide fill the same record; lab-only tables are kept too', async ({ browser }) => {
  const no = await worksheetSlide('06-siem-logging', '<KitWorksheet id="siem-target"')
  const page = await newPage(browser)
  const problems = watchPage(page)
  await page.goto(`${site.url}/labs/06-siem-logging/`)
  await expect(page.locator('.ws-status')).toHaveText('Answers typed here are saved to the engagement folder as you type.')
  const retention = page.locator('[data-worksheet="siem-target"] [data-field="siem-target.retention"]')
  await retention.fill('400 days')
  const search = page.locator('[data-field="lab06-searches-and-alerts.0.search-or-alert"]')
  await search.fill('Failed console sign-ins <script>alert(1)</script>')
  await expect.poll(() => savedValue(dir, 'siem-target.retention')).toBe('400 days')
  await expect.poll(() => savedValue(dir, 'lab06-searches-and-alerts.0.search-or-alert')).toBe('Failed console sign-ins <script>alert(1)</script>')
  await page.reload()
  await expect(search).toHaveValue('Failed console sign-ins <script>alert(1)</script>')
  // The same field on the slide.
  const s = await openSlide(page, site.url, '06-siem-logging', no)
  await expect(s.locator('[data-field="siem-target.retention"]')).toHaveValue('400 days')
  await s.locator('[data-field="siem-target.platform"]').fill('Splunk')
  await page.goto(`${site.url}/labs/06-siem-logging/`)
  await expect(page.locator('[data-field="siem-target.platform"]')).toHaveValue('Splunk')
  await expect.poll(() => savedValue(dir, 'siem-target.platform')).toBe('Splunk')
  // Allowed: a save cut off by navigating away (it waits in the browser and is sent by the next
  // page, as the poll above shows), and the browser's own /favicon.ico probe on the lab page (a
  // 404 of any resource the page asks for is still reported as "HTTP 404: <url>").
  const allowed = /__kit\/answers \(net::ERR_ABORTED\)|Failed to load resource: the server responded with a status of 404/
  expect(problems.filter((line) => !allowed.test(line))).toEqual([])
  await page.context().close()
})

test('a lab page built for an engagement shows its answers as built, as text; a value typed over one is kept', async ({ browser }) => {
  // The page as `npm run build -- --engagement engagements/example-public` writes it, opened without the server.
  const out = await mkdtemp(join(tmpdir(), 'kit-labs-answers-'))
  const { answers } = await loadLabAnswers(join(ROOT, 'engagements', 'example-public'))
  await buildLabs({ root: ROOT, outDir: out, pdf: false, only: ['01-registry-integration'], answers })
  await copyFile(join(ROOT, 'public', 'favicon.svg'), join(out, 'favicon.svg'))
  const own = await serveStatic(out, 0, '127.0.0.1')
  const page = await newPage(browser)
  const problems = watchPage(page)
  try {
    await page.goto(`${own.url}/labs/01-registry-integration/`)
    // The worksheet script has run (it words the status) and left the built values in place.
    await expect(page.locator('.ws-status')).toHaveText('Answers typed here are saved in this browser as you type.')
    const name = page.locator('[data-worksheet="registries"] [data-field="registries.0.name"]')
    await expect(name).toHaveValue('Harbor (on premises) <img src=x onerror=alert(1)>')
    await expect(page.locator('[data-field="registries.0.auth"]')).toHaveValue('robot account')
    await expect(page.locator('[data-field="registry-values.type"]')).toHaveValue('')
    await expect(page.locator('main img')).toHaveCount(0)
    const chosen = page.locator('[data-field="registry-values.name"]')
    await expect(chosen).toHaveValue('harbor-prod')
    await chosen.fill('harbor-dr')
    await page.reload()
    await expect(page.locator('.ws-status')).toHaveText('Answers typed here are saved in this browser as you type.')
    await expect(chosen).toHaveValue('harbor-dr')
    await expect(name).toHaveValue('Harbor (on premises) <img src=x onerror=alert(1)>')
    expect(problems).toEqual([])
  } finally {
    await page.context().close()
    await own.close()
    await rm(out, { recursive: true, force: true })
  }
})

test('the policy editor and the agenda planner save into the same record and come back after a reload', async ({ browser }) => {
  const page = await newPage(browser)
  const editorNo = await worksheetSlide('03-image-assurance', 'record="policy-custom"')
  let s = await openSlide(page, site.url, '03-image-assurance', editorNo)
  const editor = s.locator('[data-component="policy-editor"]')
  await editor.locator('[data-severity-option="high"]').check()
  await expect
    .poll(async () => JSON.parse((await savedValue(dir, 'policy-custom.json')) ?? '{}') as Record<string, unknown>)
    .toMatchObject({ name: 'my-first-custom-policy', cvss_severity: 'high' })
  await page.reload()
  s = slide(page, editorNo)
  await expect(s.locator('[data-severity-option="high"]')).toBeChecked()

  // The planner keeps its whole agenda in one field, as JSON.
  const agendaNo = await worksheetSlide('00-welcome', '<AgendaPlanner record="agenda" :show-days="[1]"')
  s = await openSlide(page, site.url, '00-welcome', agendaNo)
  const start = s.locator('[data-component="agenda-planner"] [data-control="start"][data-day="1"]')
  await start.selectOption('10:00')
  await expect.poll(async () => (JSON.parse((await savedValue(dir, 'agenda.spec')) ?? '{"days":[]}') as { days: Array<{ start: string }> }).days[0]?.start).toBe('10:00')
  await page.context().close()
  // A new browser: the values come from the engagement folder.
  const fresh = await newPage(browser)
  s = await openSlide(fresh, site.url, '00-welcome', agendaNo)
  await expect(s.locator('[data-component="agenda-planner"] [data-control="start"][data-day="1"]')).toHaveValue('10:00')
  await expect(s.locator('[data-component="agenda-planner"] table[data-day="1"] tbody tr').first()).toHaveAttribute('data-start', '10:00')
  await fresh.context().close()
})

test('the endpoint refuses other origins, a wrong token, and paths that are not worksheet fields', async ({ request }) => {
  const page = await fetch(`${site.url}/07-policy-as-code/`)
  const html = await page.text()
  const token = /<meta name="kit-engagement" content="([^"]+)"/.exec(html)?.[1]
  expect(token).toBeTruthy()
  const url = `${site.url}/__kit/answers`
  const body = JSON.stringify({ changes: { 'gitops.repository': { value: 'x', at: new Date().toISOString() } } })
  const post = (headers: Record<string, string>, data = body) => request.post(url, { headers: { 'content-type': 'application/json', ...headers }, data })
  expect((await post({ 'x-kit-token': 'wrong' })).status()).toBe(403)
  expect((await post({ 'x-kit-token': token!, origin: 'http://evil.example' })).status()).toBe(403)
  expect((await post({ 'x-kit-token': token!, host: `evil.example:${port}` })).status()).toBe(403)
  const outside = await post({ 'x-kit-token': token! }, JSON.stringify({ changes: { '../../etc/passwd': { value: 'x', at: new Date().toISOString() } } }))
  expect(outside.status()).toBe(400)
  expect(((await outside.json()) as { error: string }).error).toMatch(/not a worksheet field path/)
  expect((await post({ 'x-kit-token': token! })).status()).toBe(200)
  expect(await savedValue(dir, 'gitops.repository')).toBe('x')
})
