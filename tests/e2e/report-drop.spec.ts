// Reports dropped in during the talk (KitReportDrop on the gallery deck), in a real browser: chosen with
// the file input or dropped with a real DataTransfer, read in the page by the core's readers, shown in
// the picker under the name `kit engagement summary` gives them, kept over a reload, shown in the
// presenter window; served with --engagement, saved into the folder's reports/ by the kit's own server,
// which refuses any other page. Each test has its own server and a temp copy of the public engagement.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { buildLargeTrivyReport } from '../../bench/engine.ts'
import { summarizeEngagement } from '../../core/engagement/folder.ts'
import { engagementImage, reportFileName } from '../../core/engagement/images.ts'
import { readReport } from '../../core/report.ts'
import { DIST_DIR, listDecks, loadSlides } from '../../scripts/decks.ts'
import { engagementEndpoint } from '../../scripts/engagement-endpoint.ts'
import { serveStatic, type StaticServer } from '../../scripts/server.ts'
import { buildDecks } from './engagement-build.ts'
import { findOverflow, slide, watchPage } from './helpers.ts'

test.describe.configure({ timeout: 240_000 })

const DECK = 'gallery'
const FIXTURES = 'tests/fixtures/reports'
const ALM = 'data/reports/aqua/postee-alm-integration-image.json'
const DEBIAN = 'data/reports/trivy/defectdojo-realworld-debian-10.13.json'

async function dropSlide(): Promise<number> {
  const deck = listDecks().find((d) => d.id === DECK)!
  const found = (await loadSlides(deck)).find((s) => s.content.includes('<KitReportDrop'))
  if (!found) throw new Error(`${DECK}: no slide with <KitReportDrop`)
  return found.no
}

let root: string
let dir: string
let site: StaticServer

test.afterEach(async () => {
  site.server.closeAllConnections()
  await site.close()
  await rm(root, { recursive: true, force: true })
})

/** Serve the built kit (dist/ or `built`); with `engaged`, for a temp copy of engagements/example-public (never the fixture itself). */
async function serve(engaged: boolean, built = DIST_DIR): Promise<void> {
  root = await mkdtemp(join(tmpdir(), 'kit-drop-'))
  dir = join(root, 'example-public')
  await cp('engagements/example-public', dir, { recursive: true })
  site = await serveStatic(built, 0, '127.0.0.1', engaged ? engagementEndpoint(dir) : undefined)
}

async function open(browser: Browser, no: number): Promise<{ page: Page; view: Locator }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage()
  await page.goto(`${site.url}/${DECK}/#/${no}`)
  const view = page.locator(`[data-slidev-no="${no}"] [data-report-drop]`).first()
  await expect(view).toBeVisible()
  return { page, view }
}

/** Serious and critical axe (WCAG 2 A/AA) violations inside the drop view, as "rule: target" lines. */
async function axeProblems(page: Page, no: number): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(`[data-slidev-no="${no}"] [data-report-drop]`).withTags(['wcag2a', 'wcag2aa']).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`))
}

/** The presenter window of the same browser, on the same slide: its drop view, and its problems (watchPage). */
async function openPresenter(page: Page, no: number): Promise<{ view: Locator; problems: string[] }> {
  const presenter = await page.context().newPage()
  const problems = watchPage(presenter)
  await presenter.goto(`${site.url}/${DECK}/#/presenter/${no}`)
  const view = presenter.locator(`[data-slidev-no="${no}"] [data-report-drop]`).first()
  await expect(view).toBeVisible()
  return { view, problems }
}

/** The row `kit engagement summary --json` would give a report under this file name (no policies in play here). */
async function expectedRow(file: string, text?: string) {
  const content = text ?? (await readFile(file, 'utf8'))
  return engagementImage(readReport(content, file), file, [])
}

async function chooseFiles(view: Locator, files: Array<{ name: string; text: string }>): Promise<void> {
  await view.locator('[data-report-input]').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })))
}

async function dropFile(page: Page, view: Locator, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, content]) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([content!], fileName!, { type: 'application/json' }))
      return transfer
    },
    [name, text],
  )
  await view.dispatchEvent('dragenter', { dataTransfer })
  await view.dispatchEvent('dragover', { dataTransfer })
  await view.dispatchEvent('drop', { dataTransfer })
}

const quoted = (image: string) => image.replace(/["\\]/g, '\\$&')
const option = (view: Locator, image: string) => view.locator(`[data-image-picker] option[data-image="${quoted(image)}"]`)

/** Opens the list of the reports dropped in this browser (by keyboard) and gives it. */
async function openDropped(view: Locator): Promise<Locator> {
  const list = view.locator('[data-session-list]')
  if (await list.isVisible()) return list
  const toggle = view.locator('[data-session-toggle]')
  await toggle.focus()
  await toggle.press('Enter')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  await expect(list).toBeVisible()
  await expect(list).toBeFocused()
  return list
}

test('a chosen report joins the picker under its summary name with its counts; bad files get one line each; HTML stays text', async ({ browser }) => {
  await serve(false)
  const no = await dropSlide()
  const { page, view } = await open(browser, no)
  const problems = watchPage(page)

  // Keyboard: the button is labelled, reachable, and opens the file chooser with Enter.
  const button = view.getByRole('button', { name: 'Add a report…' })
  await expect(page.locator('.slidev-slide-loading')).toHaveCount(0)
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 })
  await button.press('Enter')
  await (await chooser).setFiles({ name: 'alm.json', mimeType: 'application/json', buffer: await readFile(ALM) })
  const alm = await expectedRow(ALM)
  await expect(option(view, alm.image)).toHaveCount(1)
  await expect(option(view, alm.image)).toHaveAttribute('data-verdict', alm.verdict)
  await expect(option(view, alm.image)).toContainText(`${alm.vulnerabilities.critical} critical, ${alm.vulnerabilities.high} high`)
  // Picked, and its findings shown.
  await expect(view.locator('[data-image-picker]')).toHaveValue(alm.image)
  await expect(view.locator('[data-drop-line][data-file="alm.json"]')).toHaveText(`alm.json: ${alm.image} added. Kept in this browser for the session.`)

  // Bad files, several at once: one line each with the reader's own words; the good image stays.
  const bad = ['grype.json', 'sarif.json', 'cyclonedx.json', 'truncated.json', 'empty.json', 'not-json.json']
  await chooseFiles(view, await Promise.all(bad.map(async (name) => ({ name, text: await readFile(join(FIXTURES, name), 'utf8') }))))
  const lines = view.locator('[data-drop-line]')
  await expect(lines).toHaveCount(bad.length)
  await expect(lines.nth(0)).toHaveText(/^grype\.json: this is a Grype report, which the kit does not read \(at \$\.matches: expected a Trivy JSON report or an Aqua scanner JSON report/)
  await expect(lines.nth(1)).toHaveText(/^sarif\.json: this is a SARIF log/)
  await expect(lines.nth(2)).toHaveText(/^cyclonedx\.json: this is a CycloneDX SBOM/)
  await expect(lines.nth(3)).toHaveText(/^truncated\.json: the JSON stops early at line \d+, column \d+ \(the file looks truncated\)/)
  await expect(lines.nth(4)).toHaveText(/^empty\.json: the file is empty/)
  await expect(lines.nth(5)).toHaveText(/^not-json\.json: not JSON/)
  await expect(option(view, alm.image)).toHaveCount(1)
  await expect(view.locator('[data-image-picker]')).toHaveValue(alm.image)

  // HTML in an image name and in descriptions is text: shown as typed, never parsed.
  const hostile = await readFile(join(FIXTURES, 'trivy-hostile-text.json'), 'utf8')
  await chooseFiles(view, [{ name: 'hostile.json', text: hostile }])
  const row = await expectedRow('hostile.json', hostile)
  expect(row.image).toContain('<script>')
  await expect(option(view, row.image)).toHaveCount(1)
  await expect(option(view, row.image)).toContainText('<script>alert(3)</script>')
  await expect(view.locator('[data-drop-line]')).toContainText('<script>alert(3)</script>')
  expect(await page.locator('[data-report-drop] script, [data-report-drop] img, [data-report-drop] b').count()).toBe(0)
  expect(await findOverflow(slide(page, no))).toEqual([])
  await page.screenshot({ path: 'test-results/report-drop-chosen.png' })
  expect(problems).toEqual([])
  await page.context().close()
})

test('a dropped report survives a reload and shows in the presenter window and in a window opened later', async ({ browser }) => {
  await serve(false)
  const no = await dropSlide()
  const { page, view } = await open(browser, no)
  const problems = watchPage(page)
  // A report that leaves its image unnamed (the same real report with its names removed): named after its file.
  const doc = JSON.parse(await readFile(DEBIAN, 'utf8')) as Record<string, unknown> & { Metadata?: Record<string, unknown> }
  const text = JSON.stringify({ ...doc, ArtifactName: '', Metadata: { ...doc.Metadata, RepoTags: [] }, Results: (doc.Results as Array<Record<string, unknown>>).map((r) => ({ ...r, Target: '' })) })
  const row = await expectedRow('payments api (prod).json', text)
  expect(row.image).toBe('payments_api_prod_')

  // The presenter window is open before the drop; the drop happens on the audience window.
  const { view: presenterView } = await openPresenter(page, no)

  await dropFile(page, view, 'payments api (prod).json', text)
  await expect(option(view, row.image)).toHaveCount(1)
  await expect(option(view, row.image)).toContainText(`${row.vulnerabilities.critical} critical, ${row.vulnerabilities.high} high`)
  await expect(view.locator('[data-image-picker]')).toHaveValue(row.image)
  await expect(option(presenterView, row.image)).toHaveCount(1)

  await page.reload()
  const again = page.locator(`[data-slidev-no="${no}"] [data-report-drop]`).first()
  await expect(option(again, row.image)).toHaveCount(1)
  await expect(again.locator('table')).toBeVisible()

  const later = await page.context().newPage()
  await later.goto(`${site.url}/${DECK}/#/presenter/${no}`)
  await expect(option(later.locator(`[data-slidev-no="${no}"] [data-report-drop]`).first(), row.image)).toHaveCount(1)
  await later.screenshot({ path: 'test-results/report-drop-presenter.png' })
  expect(problems).toEqual([])
  await page.context().close()
})

test('served with --engagement, a dropped report lands in reports/ and kit engagement summary lists it; a failed save says so and retries', async ({ browser }) => {
  await serve(true)
  const no = await dropSlide()
  const { page, view } = await open(browser, no)
  const before = (await summarizeEngagement(dir)).summary.images.map((i) => i.image)
  const text = await readFile(ALM, 'utf8')
  await dropFile(page, view, 'alm.json', text)
  const image = 'alm-integration-image:latest'
  await expect(option(view, image)).toHaveCount(1)
  await expect(view.locator('[data-drop-line][data-file="alm.json"]')).toContainText('Saved into the engagement folder.')
  await expect.poll(async () => (await readdir(join(dir, 'reports'))).includes(reportFileName(image))).toBe(true)
  expect(await readFile(join(dir, 'reports', reportFileName(image)), 'utf8')).toBe(text)
  const after = (await summarizeEngagement(dir)).summary.images.map((i) => i.image)
  expect(after).toEqual([...before, image].sort())

  // reports/ cannot be written (a file where the folder was): said beside the drop, kept in the browser, retried.
  await rm(join(dir, 'reports'), { recursive: true })
  await writeFile(join(dir, 'reports'), 'not a folder')
  const debian = await readFile(DEBIAN, 'utf8')
  await dropFile(page, view, 'debian.json', debian)
  const debianImage = readReport(debian, 'debian.json').image
  await expect(option(view, debianImage)).toHaveCount(1)
  await expect(view.locator('[data-save-error]')).toHaveText(/could not save: the engagement folder could not be written.*Kept in this browser; retrying\./)
  await expect(view.locator('[data-drop-line][data-file="debian.json"]')).toContainText('Not yet in the engagement folder (below); kept in this browser.')
  await rm(join(dir, 'reports'))
  await cp('engagements/example-public/reports', join(dir, 'reports'), { recursive: true })
  await expect.poll(async () => (await readdir(join(dir, 'reports'))).includes(reportFileName(debianImage)), { timeout: 20_000 }).toBe(true)
  await expect(view.locator('[data-save-error]')).toHaveCount(0)
  await expect(view.locator('[data-drop-line][data-file="debian.json"]')).toContainText('Saved into the engagement folder.')
  await page.context().close()
})

test('another web page in the same browser cannot write into the engagement folder (403, nothing written)', async ({ browser }) => {
  await serve(true)
  const no = await dropSlide()
  const { page } = await open(browser, no)
  const kitUrl = site.url
  const before = await readdir(join(dir, 'reports'))
  // A page of another origin (another port on this machine), in the same browser.
  const other: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<html><body>another site</body></html>')
  })
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done))
  const otherPort = (other.address() as { port: number }).port
  const attacker = await page.context().newPage()
  await attacker.goto(`http://127.0.0.1:${otherPort}/`)
  const report = await readFile(ALM, 'utf8')
  const statuses = await attacker.evaluate(
    async ([url, body]) => {
      const out: string[] = []
      // A simple request (no preflight): the browser sends it, with this page's Origin.
      await fetch(`${url}/__kit/reports`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body }).then(
        (r) => out.push(`no-cors ${r.type}`),
        () => out.push('no-cors failed'),
      )
      // With a made-up token: the browser must ask first (preflight), and the server says no.
      await fetch(`${url}/__kit/reports`, { method: 'POST', headers: { 'x-kit-token': 'guess', 'content-type': 'application/json' }, body }).then(
        (r) => out.push(`cors ${r.status}`),
        () => out.push('cors failed'),
      )
      return out
    },
    [kitUrl, report],
  )
  expect(statuses).toEqual(['no-cors opaque', 'cors failed'])
  // The same requests straight to the server, where the status shows: 403 for each, nothing written.
  const direct = [
    await page.request.post(`${kitUrl}/__kit/reports`, { headers: { origin: `http://127.0.0.1:${otherPort}`, 'content-type': 'application/json' }, data: report }),
    await page.request.post(`${kitUrl}/__kit/reports`, { headers: { 'x-kit-token': 'guess', 'content-type': 'application/json' }, data: report }),
    await page.request.post(`${kitUrl}/__kit/reports`, { headers: { host: `attacker.example:${new URL(kitUrl).port}`, 'content-type': 'application/json' }, data: report }),
  ]
  expect(direct.map((r) => r.status())).toEqual([403, 403, 403])
  expect(await readdir(join(dir, 'reports'))).toEqual(before)
  other.close()
  await page.context().close()
})

test('a 50 MB report is read in the page, kept over a reload (IndexedDB, past localStorage’s quota) and saved whole', async ({ browser }) => {
  await serve(true)
  const no = await dropSlide()
  const { page, view } = await open(browser, no)
  const problems = watchPage(page)
  const large = buildLargeTrivyReport(50 * 1024 * 1024)
  const file = join(root, 'large-report.json')
  await writeFile(file, large.text)
  await view.locator('[data-report-input]').setInputFiles(file)
  const image = 'bench/large-report'
  await expect(option(view, image)).toHaveCount(1, { timeout: 60_000 })
  await expect(option(view, image)).toContainText(`${large.perRep.critical * large.reps} critical, ${large.perRep.high * large.reps} high`)
  await expect.poll(async () => (await readdir(join(dir, 'reports'))).includes(reportFileName(image)), { timeout: 60_000 }).toBe(true)
  expect((await readFile(join(dir, 'reports', reportFileName(image)), 'utf8')).length).toBe(large.text.length)
  await page.reload()
  await expect(option(page.locator(`[data-slidev-no="${no}"] [data-report-drop]`).first(), image)).toHaveCount(1, { timeout: 60_000 })
  expect(await page.evaluate(() => JSON.stringify(localStorage).length)).toBeLessThan(1024 * 1024)
  expect(problems).toEqual([])
  await page.context().close()
})

test.describe('on a "your images" slide of the kit built for an engagement', () => {
  let out = ''
  test.beforeAll(async () => {
    test.setTimeout(900_000)
    out = join(await mkdtemp(join(tmpdir(), 'kit-drop-build-')), 'out')
    await buildDecks(out, ['02-vulnerability-scanning'], { engagement: 'engagements/example-public' })
  })
  test.afterAll(async () => {
    if (out) await rm(join(out, '..'), { recursive: true, force: true })
  })

  /** Deck 02's "Your images: the scan", served with --engagement for a temp copy of the engagement, its images loaded. */
  async function openYourImages(browser: Browser): Promise<{ page: Page; el: Locator; problems: string[] }> {
    await serve(true, out)
    const deck = listDecks().find((d) => d.id === '02-vulnerability-scanning')!
    const no = (await loadSlides(deck, { engagement: true })).find((s) => s.title === 'Your images: the scan')!.no
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage()
    const problems = watchPage(page)
    await page.goto(`${site.url}/02-vulnerability-scanning/#/${no}`)
    const el = page.locator(`[data-slidev-no="${no}"]`)
    await expect(el.locator('.kit-engagement-ready')).toBeVisible()
    return { page, el, problems }
  }

  test('a dropped report joins the slide’s picker beside the engagement’s images, is picked, and is saved to the folder', async ({ browser }) => {
    const { page, el, problems } = await openYourImages(browser)
    const before = (await summarizeEngagement(dir)).summary.images
    await expect(el.locator('[data-image-picker] option')).toHaveCount(before.length)
    expect(await findOverflow(el)).toEqual([])

    const text = await readFile(ALM, 'utf8')
    await dropFile(page, el.locator('[data-report-drop]'), 'alm.json', text)
    const image = 'alm-integration-image:latest'
    const picker = el.locator('[data-image-picker]')
    await expect(picker.locator('option')).toHaveCount(before.length + 1)
    await expect(picker).toHaveValue(image)
    await expect.poll(async () => (await summarizeEngagement(dir)).summary.images.map((i) => i.image), { timeout: 20_000 }).toContain(image)
    // The same row as kit engagement summary, under the engagement's policies.
    const row = (await summarizeEngagement(dir)).summary.images.find((i) => i.image === image)!
    await expect(picker.locator(`option[data-image="${image}"]`)).toHaveAttribute('data-verdict', row.verdict)
    await expect(picker.locator(`option[data-image="${image}"]`)).toContainText(`${row.vulnerabilities.critical} critical, ${row.vulnerabilities.high} high`)
    await expect(el.locator('[data-drop-line]')).toContainText('Saved into the engagement folder.')
    await page.screenshot({ path: 'test-results/report-drop-your-images.png' })
    expect(problems).toEqual([])
    await page.context().close()
  })

  test('forgetting dropped reports leaves the engagement’s own images and the copies saved in reports/, and says where they are', async ({ browser }) => {
    const { page, el, problems } = await openYourImages(browser)
    const own = (await summarizeEngagement(dir)).summary.images.map((i) => i.image)
    const picker = el.locator('[data-image-picker]')
    await expect(picker.locator('option')).toHaveCount(own.length)
    const view = el.locator('[data-report-drop]')

    const images: [string, string] = ['alm-integration-image:latest', readReport(await readFile(DEBIAN, 'utf8'), 'debian.json').image]
    expect(own).not.toContain(images[0])
    expect(own).not.toContain(images[1])
    await dropFile(page, view, 'alm.json', await readFile(ALM, 'utf8'))
    await expect(picker.locator('option')).toHaveCount(own.length + 1)
    await dropFile(page, view, 'debian.json', await readFile(DEBIAN, 'utf8'))
    await expect(picker.locator('option')).toHaveCount(own.length + 2)
    const files = images.map(reportFileName)
    for (const file of files) await expect.poll(async () => (await readdir(join(dir, 'reports'))).includes(file), { timeout: 20_000 }).toBe(true)

    // Each saved one says where it is in the folder and how to remove it there.
    const list = await openDropped(view)
    for (const [i, image] of images.entries()) {
      await expect(list.locator(`[data-session-image][data-image="${quoted(image)}"] [data-stored]`)).toHaveText(
        `Also in the engagement folder: delete reports/${files[i]} there to remove it.`,
        { timeout: 20_000 },
      )
    }
    await page.screenshot({ path: 'test-results/report-drop-forget-engaged.png' })
    // A long list scrolls inside its panel (live only; it holds the focus, so the keyboard scrolls it); nothing leaves the slide.
    expect(await findOverflow(el, { allowScroll: true })).toEqual([])
    // From the opened list, Tab goes through its buttons in order: Forget all, then each Forget.
    for (const name of ['Forget all dropped reports (2)', `Forget ${images[0]}`, `Forget ${images[1]}`]) {
      await page.keyboard.press('Tab')
      await expect(list.getByRole('button', { name, exact: true })).toBeFocused()
    }

    await list.getByRole('button', { name: `Forget ${images[0]}`, exact: true }).press('Enter')
    await expect(picker.locator(`option[data-image="${quoted(images[0])}"]`)).toHaveCount(0)
    await expect(picker.locator(`option[data-image="${quoted(images[1])}"]`)).toHaveCount(1)
    await expect(view.locator('[data-forgot]')).toContainText(`Forgot ${images[0]}. Still in the engagement folder: reports/${files[0]}.`)

    await (await openDropped(view)).getByRole('button', { name: 'Forget all dropped reports (1)' }).press('Enter')
    // The engagement's own images, all of them, and nothing dropped.
    await expect(picker.locator('option')).toHaveCount(own.length)
    expect(await picker.locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('data-image')))).toEqual(own)
    await page.reload()
    await expect(el.locator('.kit-engagement-ready')).toBeVisible()
    await expect(picker.locator('option')).toHaveCount(own.length)
    // The files saved into the folder are still there, unchanged, and the folder still lists them.
    const reports = await readdir(join(dir, 'reports'))
    for (const file of files) expect(reports).toContain(file)
    expect(await readFile(join(dir, 'reports', files[0]!), 'utf8')).toBe(await readFile(ALM, 'utf8'))
    expect((await summarizeEngagement(dir)).summary.images.map((i) => i.image)).toEqual([...own, ...images].sort())
    expect(problems).toEqual([])
    await page.context().close()
  })
})

test('a dropped report can be forgotten, here and in the presenter window, over a reload; the other stays; Undo brings it back', async ({ browser }) => {
  await serve(false)
  const no = await dropSlide()
  const { page, view } = await open(browser, no)
  const problems = watchPage(page)
  const { view: presenterView, problems: presenterProblems } = await openPresenter(page, no)

  const alm = await expectedRow(ALM)
  const debian = await expectedRow(DEBIAN)
  await dropFile(page, view, 'alm.json', await readFile(ALM, 'utf8'))
  await expect(option(view, alm.image)).toHaveCount(1)
  await dropFile(page, view, 'debian.json', await readFile(DEBIAN, 'utf8'))
  await expect(option(view, debian.image)).toHaveCount(1)
  await expect(option(presenterView, alm.image)).toHaveCount(1)
  await expect(option(presenterView, debian.image)).toHaveCount(1)

  // The list: each image as text with its counts (as kit engagement summary counts them) and its own Forget.
  await expect(view.locator('[data-session-toggle]')).toHaveText('Dropped reports (2)')
  const list = await openDropped(view)
  const items = list.locator('[data-session-image]')
  await expect(items).toHaveCount(2)
  const almItem = list.locator(`[data-session-image][data-image="${quoted(alm.image)}"]`)
  await expect(almItem).toContainText(alm.image)
  await expect(almItem).toContainText(`${alm.vulnerabilities.critical} critical, ${alm.vulnerabilities.high} high, ${alm.vulnerabilities.total} in all`)
  await expect(list.getByRole('button', { name: `Forget all dropped reports (2)` })).toBeVisible()
  // Not served with an engagement folder: nothing is said about one.
  await expect(list.locator('[data-stored]')).toHaveCount(0)
  await expect(list).not.toContainText('engagement folder')
  expect(await findOverflow(slide(page, no))).toEqual([])
  expect(await axeProblems(page, no)).toEqual([])
  await page.screenshot({ path: 'test-results/report-drop-forget-list.png' })

  // Forget one, by keyboard: gone from the picker here and in the presenter window; the other stays.
  const forget = list.getByRole('button', { name: `Forget ${alm.image}`, exact: true })
  await forget.focus()
  await forget.press('Enter')
  await expect(option(view, alm.image)).toHaveCount(0)
  await expect(option(presenterView, alm.image)).toHaveCount(0)
  await expect(option(view, debian.image)).toHaveCount(1)
  await expect(option(presenterView, debian.image)).toHaveCount(1)
  await expect(items).toHaveCount(1)
  await expect(view.locator('[data-session-toggle]')).toHaveText('Dropped reports (1)')
  // A slip is undone: Undo holds the focus the pressed button had, and brings the report back everywhere.
  const undo = view.getByRole('button', { name: 'Undo' })
  await expect(view.locator('[data-forgot]')).toContainText(`Forgot ${alm.image}.`)
  await expect(undo).toBeFocused()
  expect(await axeProblems(page, no)).toEqual([])
  await page.screenshot({ path: 'test-results/report-drop-forget-undo.png' })
  await undo.press('Enter')
  await expect(option(view, alm.image)).toHaveCount(1)
  await expect(option(presenterView, alm.image)).toHaveCount(1)
  await expect(view.locator('[data-forgot]')).toHaveCount(0)

  // Forgotten for good this time: still gone after a reload, the other one still there.
  await (await openDropped(view)).getByRole('button', { name: `Forget ${alm.image}`, exact: true }).click()
  await expect(option(presenterView, alm.image)).toHaveCount(0)
  await page.reload()
  const again = page.locator(`[data-slidev-no="${no}"] [data-report-drop]`).first()
  await expect(option(again, debian.image)).toHaveCount(1)
  await expect(option(again, alm.image)).toHaveCount(0)
  await expect(again.locator('[data-forgot]')).toHaveCount(0)

  // Print (the PDF's view of the slide, with the session's image picked): the slot only, none of the list's controls, nothing cut off.
  const printed = await page.context().newPage()
  const printedProblems = watchPage(printed)
  await printed.goto(`${site.url}/${DECK}/?print#/${no}`)
  const printedSlide = slide(printed, no)
  await expect(printedSlide.locator('[data-print-state]').first()).toContainText(debian.image)
  await expect(printedSlide.locator('[data-report-drop] button, [data-session-list], [data-forgot]')).toHaveCount(0)
  expect(await findOverflow(printedSlide)).toEqual([])
  await printed.screenshot({ path: 'test-results/report-drop-forget-print.png' })
  await printed.close()
  expect(printedProblems).toEqual([])

  // Forget all: none left, in either window; the button to list them goes too.
  await (await openDropped(again)).getByRole('button', { name: 'Forget all dropped reports (1)' }).press('Enter')
  await expect(again.locator('[data-image-picker] option')).toHaveCount(0)
  await expect(presenterView.locator('[data-image-picker] option')).toHaveCount(0)
  await expect(again.locator('[data-session-toggle]')).toHaveCount(0)
  await expect(again.getByRole('button', { name: 'Undo' })).toBeFocused()
  await page.reload()
  await expect(page.locator(`[data-slidev-no="${no}"] [data-report-drop]`).first()).toBeVisible()
  await expect(page.locator(`[data-slidev-no="${no}"] [data-image-picker] option`)).toHaveCount(0)
  expect(problems).toEqual([])
  expect(presenterProblems).toEqual([])
  await page.context().close()
})
