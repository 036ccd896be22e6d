// The build for an engagement (`npm run build -- --engagement <dir>`) prints that engagement's answers
// into the lab handouts; the trainer's build without one, and another engagement's build, carry none
// of them, even where handouts of an earlier build were left in the same folder. Reads the real
// PDFs with pdf.js, as a customer's reader extracts them.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { pdfPages } from '../pdf-text.ts'
import { launchOptions } from '../../scripts/browser.ts'
import { build, type BuildOptions } from '../../scripts/build.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const LAB = '01-registry-integration'
const HOSTILE = 'Harbor (on premises) <img src=x onerror=alert(1)>'
/** Answers of example-public that lab 01's worksheet shows. */
const LAB01_ANSWERS = [HOSTILE, 'on premises', 'robot account', 'harbor-prod']

let tmp: string
let dist: string
let engagement: string
let other: string
let log: string[]

/** The text of a handout's worksheet, in reading order (a long answer wraps inside its cell). */
async function worksheetText(file: string): Promise<string> {
  const text = (await pdfPages(file)).join(' ')
  const start = text.lastIndexOf('Fill this in during the lab')
  expect(start, `${file}: worksheet page`).toBeGreaterThan(0)
  return text.slice(start)
}
const squash = (text: string): string => text.replace(/\s+/g, '')

async function buildLabs(extra: Partial<BuildOptions>): Promise<void> {
  log = []
  const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void log.push(String(line)))
  try {
    const report = await build({ decks: [], pdf: true, labs: true, ifStale: true, distDir: dist, onlyLabs: [LAB], ...extra })
    expect(report.failures).toEqual([])
  } finally {
    spy.mockRestore()
  }
}

const handout = (trainer = false) => join(dist, 'pdf', 'labs', `${LAB}${trainer ? '-trainer' : ''}.pdf`)

beforeAll(() => {
  launchOptions() // a clear NoBrowserError here when no Chromium is installed
  tmp = mkdtempSync(join(tmpdir(), 'labs-engagement-build-'))
  dist = join(tmp, 'dist')
  engagement = join(tmp, 'example-public')
  other = join(tmp, 'example-other')
  cpSync(join(ROOT, 'engagements', 'example-public'), engagement, { recursive: true })
  cpSync(join(ROOT, 'engagements', 'example-other'), other, { recursive: true })
})

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

describe('lab handouts built for an engagement', () => {
  it('carry its answers in the customer and trainer handouts of lab 01 and on its page, HTML as text', async () => {
    await buildLabs({ engagement })
    for (const trainer of [false, true]) {
      const text = await worksheetText(handout(trainer))
      for (const answer of LAB01_ANSWERS) expect(squash(text), `${answer} in ${trainer ? 'trainer' : 'customer'} handout`).toContain(squash(answer))
      // The registry row: its values in the order of the columns, on the worksheet page.
      expect(squash(text)).toContain(squash(`Registry inventory Registry (host) Type Hosting Sign-in method Teams, repos Reach ${HOSTILE} Harbor on premises robot account`))
      expect(squash(text)).toContain('RegistryNameinAquaharbor-prod')
    }
    const page = readFileSync(join(dist, 'labs', LAB, 'index.html'), 'utf8')
    expect(page).toContain('value="Harbor (on premises) &lt;img src=x onerror=alert(1)&gt;"')
    expect(page).not.toContain('<img')
  }, 600_000)

  it('the trainer build without an engagement prints them again, without any answer', async () => {
    await buildLabs({})
    expect(log.some((line) => /labs: printing \d+ PDFs/.test(line)), 'handouts printed again').toBe(true)
    for (const trainer of [false, true]) {
      const text = squash(await worksheetText(handout(trainer)))
      for (const answer of LAB01_ANSWERS) expect(text).not.toContain(squash(answer))
    }
    expect(readFileSync(join(dist, 'labs', LAB, 'index.html'), 'utf8')).not.toContain('harbor-prod')
  }, 600_000)

  it('a build for another engagement without PDFs leaves no handout of the first engagement behind', async () => {
    await buildLabs({ engagement })
    expect(squash(await worksheetText(handout()))).toContain(squash(HOSTILE))
    await buildLabs({ engagement: other, pdf: false })
    expect(existsSync(handout())).toBe(false)
    expect(existsSync(handout(true))).toBe(false)
    const page = readFileSync(join(dist, 'labs', LAB, 'index.html'), 'utf8')
    expect(page).not.toContain('harbor-prod')
    expect(page).not.toContain(`pdf/labs/${LAB}.pdf`)
  }, 600_000)

  it('says which file and line when answers.json is corrupted, and prints the journal’s answers', async () => {
    writeFileSync(join(engagement, 'answers.json'), '{\n  "version": 1,\n  "seq": 1,\n  "fields": {\n')
    await buildLabs({ engagement })
    const said = log.filter((line) => line.includes(join(engagement, 'answers.json')))
    expect(said).toHaveLength(1)
    expect(said[0]).toMatch(/answers\.json line \d+: not valid JSON; started from the last good journal entry/)
    expect(squash(await worksheetText(handout()))).toContain(squash(HOSTILE))
  }, 600_000)
})
