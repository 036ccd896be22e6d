// The take-home edition (issue 14 point 3), built as a consultant builds it, for a temp copy of the
// public fixture engagement, into a temp folder: every file scanned for trainer material and the
// other fixture engagement's data, then the folder served from a sub-path by a plain static server
// (python3 -m http.server, started in a parent folder) and every slide of every deck walked.
//
// To stay small the edition is built with --only day-1,01-registry-integration: the agreed day's deck,
// one section deck (a follow-up of this agenda) with its lab, whose handout carries the engagement's
// answers, their PDFs and the engagement summary.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { unzipSync } from 'fflate'
import { expect, test } from '@playwright/test'
import { distinctiveSentences, normalizeScanText, publicCorpus } from '../../core/edition-guard.ts'
import { loadAllChecks } from '../../core/checks-files.ts'
import { listDecks, loadSlides, ROOT, type Deck } from '../../scripts/decks.ts'
import { editionTexts, engagementImageNames, sampleImageNames } from '../../scripts/edition.ts'
import { watchPage } from './helpers.ts'

const SECTION = '01-registry-integration'
const DECKS = ['day-1', SECTION]
const HOSTILE = 'Harbor (on premises) <img src=x onerror=alert(1)>'
const PREFIX = 'some/prefix/acme'

let work = ''
let edition = ''
let buildSeconds = 0

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(20 * 60_000)
  work = mkdtempSync(join(tmpdir(), 'kit-edition-'))
  cpSync(join(ROOT, 'engagements', 'example-public'), join(work, 'acme'), { recursive: true })
  edition = join(work, 'www', ...PREFIX.split('/'))
  mkdirSync(join(work, 'www', 'some', 'prefix'), { recursive: true })
  const started = Date.now()
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build.ts', '--engagement', join(work, 'acme'), '--edition', 'customer', '--out', edition, '--only', DECKS.join(',')],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  buildSeconds = (Date.now() - started) / 1000
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
  console.log(`customer edition built in ${buildSeconds.toFixed(0)} s`)
})

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
}

/** What a slide, a handout or a knowledge-check question says (components' own words included): the customer may read it anyway. */
async function customerVisible(): Promise<string> {
  const texts: string[] = []
  for (const deck of listDecks().filter((d) => d.kind !== 'presenter')) for (const s of await loadSlides(deck, { engagement: true })) texts.push(s.content)
  for (const lab of readdirSync(join(ROOT, 'labs'))) if (existsSync(join(ROOT, 'labs', lab, 'lab.md'))) texts.push(readFileSync(join(ROOT, 'labs', lab, 'lab.md'), 'utf8'))
  for (const f of readdirSync(join(ROOT, 'components'))) if (f.endsWith('.vue')) texts.push(readFileSync(join(ROOT, 'components', f), 'utf8'))
  for (const c of loadAllChecks(ROOT)) for (const q of c.questions) texts.push(q.question, ...q.options)
  return publicCorpus(texts)
}

/** Real trainer sentences: the section deck's speaker notes, its lab's trainer notes and the answer key's explanations that nothing customer-visible also says. */
async function trainerSentences(shown: string): Promise<string[]> {
  const deck = listDecks().find((d) => d.id === SECTION)!
  const notes = (await loadSlides(deck, { engagement: true })).flatMap((s) => distinctiveSentences(s.note))
  const lab = distinctiveSentences(readFileSync(join(ROOT, 'labs', SECTION, 'trainer.md'), 'utf8'))
  const explanations = loadAllChecks(ROOT).flatMap((c) => c.questions.flatMap((q) => distinctiveSentences(q.explanation)))
  expect(notes.length).toBeGreaterThan(20)
  expect(lab.length).toBeGreaterThan(10)
  expect(explanations.length).toBeGreaterThan(20)
  return [...notes, ...lab, ...explanations].filter((s) => !shown.includes(s))
}

test('customer edition: the folder and its zip hold no trainer text, no notes, no gallery, no answer key and no other engagement', async () => {
  const all = files(edition)
  // What the customer gets is there (so the scans below scan something real).
  for (const file of ['index.html', 'day-1/index.html', `${SECTION}/index.html`, 'pdf/day-1.pdf', `pdf/${SECTION}.pdf`, `labs/${SECTION}/index.html`, `pdf/labs/${SECTION}.pdf`, 'summary.pdf']) {
    expect(all, file).toContain(file)
  }
  // Nothing for the trainer, by name.
  expect(all.filter((f) => /gallery|trainer|workshop/.test(f))).toEqual([])
  expect(existsSync(join(edition, 'pdf', 'labs', 'knowledge-checks-trainer.pdf'))).toBe(false)

  const shown = await customerVisible()
  const sentences = await trainerSentences(shown)
  // The gallery's own titles ("Component gallery", "ScanTable with 5,000 findings"), not those it shares with the decks.
  const gallery = (await loadSlides(listDecks().find((d) => d.id === 'gallery')!)).map((s) => normalizeScanText(s.title)).filter((t) => t.length > 12 && !shown.includes(t))
  expect(gallery).toContain('component gallery')
  const other = join(ROOT, 'engagements', 'example-other')
  const samples = new Set(await sampleImageNames())
  const otherNames = await engagementImageNames(other)
  expect(otherNames.length).toBe(4)
  const problems: string[] = []
  let scanned = 0
  for await (const { file, text } of editionTexts(edition)) {
    scanned++
    const hay = normalizeScanText(text)
    for (const s of sentences) if (hay.includes(s)) problems.push(`${file}: trainer sentence "${s}"`)
    for (const t of gallery) if (hay.includes(t)) problems.push(`${file}: gallery slide "${t}"`)
    if (hay.includes('other example gmbh')) problems.push(`${file}: the other engagement's customer`)
    // An image of the other engagement may appear only as one of the kit's own public samples.
    for (const name of otherNames) if (hay.includes(normalizeScanText(name)) && !samples.has(name)) problems.push(`${file}: image ${name} of example-other`)
    // Slidev keeps each slide's notes in its data as noteHTML: every one must be empty.
    if (file.endsWith('.js')) for (const m of text.matchAll(/noteHTML:(`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*")/g)) if (m[1]!.length > 2) problems.push(`${file}: speaker notes ${m[1]!.slice(0, 60)}`)
  }
  expect(scanned).toBeGreaterThan(50)
  expect(problems).toEqual([])
  // The slide PDFs show the questions of the knowledge check, never the key.
  const questions = loadAllChecks(ROOT).find((c) => c.section === SECTION)!.questions
  const texts = new Map<string, string>()
  for await (const { file, text } of editionTexts(edition)) if (file.endsWith('.pdf')) texts.set(file, normalizeScanText(text))
  expect(texts.get(`pdf/${SECTION}.pdf`)).toContain(normalizeScanText(questions[0]!.question).slice(0, 40))
  // The handout carries the engagement's answers (as text: the markup in one stays text).
  for (const answer of [HOSTILE, 'robot account', 'harbor-prod']) expect(texts.get(`pdf/labs/${SECTION}.pdf`), answer).toContain(normalizeScanText(answer))
  expect(readFileSync(join(edition, 'labs', SECTION, 'index.html'), 'utf8')).toContain('value="Harbor (on premises) &lt;img src=x onerror=alert(1)&gt;"')

  // The customer name is text on the index page, never markup.
  const index = readFileSync(join(edition, 'index.html'), 'utf8')
  expect(index).toContain('Example Public Co &lt;b&gt;Ltd&lt;/b&gt;')
  expect(index).not.toContain('<b>Ltd</b>')

  // The zip beside the folder holds the same files.
  const zipped = Object.keys(unzipSync(readFileSync(`${edition}.zip`))).filter((n) => !n.endsWith('/')).map((n) => n.replace(/^acme\//, ''))
  expect(zipped.sort()).toEqual(all.map((f) => f.split('\\').join('/')).sort())
})

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolvePort(port))
    })
  })
}

async function startPython(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'], { cwd: dir, stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/`)).ok) return { url, child }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill()
  throw new Error('python3 -m http.server did not start')
}

test('customer edition served from a sub-path by python3 -m http.server: every link resolves, every slide renders, no failed or outside request', async ({ page }, testInfo) => {
  test.setTimeout(15 * 60_000)
  const { url, child } = await startPython(join(work, 'www'))
  try {
    const base = `${url}/${PREFIX}/`
    const problems = watchPage(page)
    await page.goto(base)
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Example Public Co <b>Ltd</b>')
    await page.screenshot({ path: testInfo.outputPath('edition-index.png'), fullPage: true })
    await expect(page.locator('#agenda + p, #agenda ~ table').first()).toBeVisible()
    const links = await page.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))
    expect(links.length).toBeGreaterThan(5)
    for (const href of links) {
      // Relative links only: the edition works wherever it is put.
      expect(href, href).not.toMatch(/^(\/|[a-z]+:)/i)
      const target = new URL(href, base)
      expect(target.href.startsWith(base), href).toBe(true)
      const response = await page.request.get(target.href.split('#')[0]!)
      expect(response.status(), href).toBe(200)
    }
    expect(links.filter((h) => /gallery|trainer|workshop|presenter/.test(h))).toEqual([])

    for (const id of DECKS) {
      const deck: Deck | undefined = id.startsWith('day-')
        ? { id, dir: join(ROOT, '.kit', id), entry: join(ROOT, '.kit', id, 'slides.md'), title: id, duration: '', kind: 'day' }
        : listDecks().find((d) => d.id === id)
      const expected = (await loadSlides(deck!, { engagement: true })).length
      expect(expected, id).toBeGreaterThan(10)
      for (let no = 1; no <= expected; no++) {
        await page.goto(`${base}${id}/#/${no}`)
        await expect(page.locator(`[data-slidev-no="${no}"]`), `${id} slide ${no}`).toBeVisible()
        await expect(page.locator('.slidev-slide-loading')).toHaveCount(0)
        if (no === 2) await page.screenshot({ path: testInfo.outputPath(`${id}-slide-2.png`) })
      }
      // On the last slide no next one is preloaded: the deck has no slide beyond its source's, every slide was walked.
      await expect(page.locator(`[data-slidev-no="${expected - 1}"]`)).toHaveCount(1)
      await expect(page.locator(`[data-slidev-no="${expected + 1}"]`)).toHaveCount(0)
      // Keyboard navigation stays under the prefix: hash routing with a relative base.
      await page.goto(`${base}${id}/#/1`)
      await expect(page.locator('[data-slidev-no="1"]')).toBeVisible()
      await page.keyboard.press('ArrowRight')
      await page.keyboard.press('ArrowRight')
      await expect(page).toHaveURL(new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${id}/#/\\d+`))
    }
    expect(problems).toEqual([])
  } finally {
    child.kill()
  }
})
