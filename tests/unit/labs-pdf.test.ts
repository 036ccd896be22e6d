// Builds the lab handouts once (site pages and PDFs, real Chromium) and checks the files customers
// and trainers receive: A4, text on every page, headings, page numbers, contents page numbers that
// point at the right pages, no trainer text in customer output, no raw Markdown.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PDFDocument } from 'pdf-lib'
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchOptions } from '../../scripts/browser.ts'
import { buildLabs, type BuiltLab } from '../../scripts/labs/index.ts'
import { loadLabs } from '../../scripts/labs/load.ts'
import type { Lab } from '../../scripts/labs/model.ts'
import { CHANGES_TITLE, KIT_NAME, PRODUCT, TRAINER_FLAG, labNumber } from '../../scripts/labs/render.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const labs: Lab[] = loadLabs(ROOT)

/** Text with all whitespace removed: robust against how pdf.js splits lines and items. */
const squash = (s: string): string => s.replace(/\s+/g, '')

interface PdfText {
  pages: string[]
  sizes: Array<{ width: number; height: number }>
}

async function readPdf(path: string): Promise<PdfText> {
  const bytes = new Uint8Array(readFileSync(path))
  const lib = await PDFDocument.load(bytes)
  const sizes = lib.getPages().map((p) => p.getSize())
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, useSystemFonts: false, disableFontFace: true }).promise
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '))
  }
  await doc.destroy()
  return { pages, sizes }
}

/** The first words of the first prose line of each trainer section: text only a trainer.md has. */
function trainerPhrases(lab: Lab): string[] {
  const sections = [...lab.trainer.before, ...lab.trainer.steps.values(), ...lab.trainer.after]
  const phrases: string[] = []
  for (const s of sections) {
    const line = s.body.lines.map((l) => l.text.trim()).find((t) => t && !/^Timing:/.test(t) && !t.startsWith('|') && !t.startsWith('```'))
    if (!line) continue
    const words = line
      .replace(/^[-*]\s+/, '')
      .replace(/[*`]/g, '')
      .split(/\s+/)
      .slice(0, 7)
      .join(' ')
    if (words.split(' ').length >= 5) phrases.push(words)
  }
  const intro = lab.trainer.intro.lines.map((l) => l.text.trim()).find(Boolean)
  if (intro) phrases.unshift(intro.split(/\s+/).slice(0, 8).join(' '))
  return phrases
}

let out: string
let built: BuiltLab[]
const texts = new Map<string, { customer: PdfText; trainer: PdfText; html: string }>()

beforeAll(async () => {
  launchOptions() // a clear NoBrowserError here when no Chromium is installed
  out = mkdtempSync(join(tmpdir(), 'labs-pdf-'))
  built = await buildLabs({ root: ROOT, outDir: out, pdf: true })
  for (const b of built) {
    texts.set(b.id, { customer: await readPdf(b.pdf!), trainer: await readPdf(b.trainerPdf!), html: readFileSync(b.html, 'utf8') })
  }
}, 600_000)

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true })
})

describe('the labs build', () => {
  it('returns every lab with its pages and PDFs in the documented places', () => {
    expect(built.map((b) => b.id)).toEqual(labs.map((l) => l.id))
    for (const b of built) {
      expect(b.html).toBe(join(out, 'labs', b.id, 'index.html'))
      expect(b.pdf).toBe(join(out, 'pdf', 'labs', `${b.id}.pdf`))
      expect(b.trainerPdf).toBe(join(out, 'pdf', 'labs', `${b.id}-trainer.pdf`))
      expect(b.minutes).toBe(labs.find((l) => l.id === b.id)!.meta.minutes)
    }
  })

  it('writes a labs index that lists every lab with minutes and links to its page and PDF', () => {
    const index = readFileSync(join(out, 'labs', 'index.html'), 'utf8')
    for (const lab of labs) {
      expect(index).toContain(`href="${lab.id}/index.html"`)
      expect(index).toContain(`href="../pdf/labs/${lab.id}.pdf"`)
      expect(index).toContain(`About ${lab.meta.minutes} minutes`)
    }
    expect(index).toContain('href="../index.html"')
    expect(index).not.toContain('-trainer.pdf')
  })

  it('copies the fonts next to the pages and loads nothing from elsewhere', () => {
    const css = readFileSync(join(out, 'labs', 'assets', 'labs.css'), 'utf8')
    for (const m of css.matchAll(/url\('([^']+)'\)/g)) expect(existsSync(join(out, 'labs', 'assets', m[1]!)), m[1]).toBe(true)
    expect(css).toContain('Inter')
    expect(css).toContain('JetBrains Mono')
    for (const b of built) {
      const html = readFileSync(b.html, 'utf8')
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//)
      expect(html).not.toMatch(/url\((['"])?(https?:)?\/\//)
      // The only scripts: the copy buttons and the "I have done this lab" box (inline), and the
      // worksheet forms (a local module).
      expect(html.match(/<script/g)).toHaveLength(2)
      expect(html).toContain('<script type="module" src="../assets/worksheets.js"></script>')
    }
    const worksheets = readFileSync(join(out, 'labs', 'assets', 'worksheets.js'), 'utf8')
    expect(worksheets).toContain('/__kit/answers')
    // No address outside localhost; Vue's error messages name their reference page as text only.
    const addresses = [...worksheets.matchAll(/https?:\/\/[^\s"'`]+/g)].map((m) => m[0])
    expect(addresses.filter((a) => !a.startsWith('https://vuejs.org/error-reference/'))).toEqual([])
  })
})

describe.each(labs.map((l) => [l.id, l] as const))('lab %s', (id, lab) => {
  const t = () => texts.get(id)!

  it('both PDFs print "What this lab changes in your console" before Step 1, with every change and its clean-up step', () => {
    for (const pdf of [t().customer, t().trainer]) {
      const all = squash(pdf.pages.slice(2).join(' ')) // after the cover and contents
      const at = all.indexOf(squash(CHANGES_TITLE))
      expect(at, 'section printed').toBeGreaterThanOrEqual(0)
      expect(at).toBeLessThan(all.indexOf(squash(`Step 1 — ${lab.steps[0]!.title}`)))
      const section = all.slice(at, all.indexOf(squash(`Step 1 — ${lab.steps[0]!.title}`)))
      for (const c of lab.meta.changes) {
        expect(section, c.object).toContain(squash(c.object.replace(/[`*]/g, '')))
        expect(section).toContain(squash(`Step ${c.cleanup}`))
      }
    }
  })

  it('site page has the steps, copy buttons, navigation and a link home', () => {
    const html = t().html
    for (const s of lab.steps) expect(html).toContain(`Step ${s.number} — `)
    expect(html).toContain('href="../../index.html"')
    expect(html).toContain(`href="../../pdf/labs/${id}.pdf"`)
    expect(html).toMatch(/<nav class="toc"/)
    // every command or snippet (not the expected output) has a copy button
    const copyable = (html.match(/<figure class="code-block code-(?:command|include|plain)">/g) ?? []).length
    expect((html.match(/<button type="button" class="copy"/g) ?? []).length).toBe(copyable)
    expect(html).not.toContain(TRAINER_FLAG)
  })

  for (const edition of ['customer', 'trainer'] as const) {
    it(`${edition} PDF is A4 portrait with body text and "page X of Y" on every page`, () => {
      const pdf = t()[edition]
      expect(pdf.pages.length).toBeGreaterThanOrEqual(4)
      for (const size of pdf.sizes) {
        expect(Math.abs(size.width - 595.28)).toBeLessThanOrEqual(2)
        expect(Math.abs(size.height - 841.89)).toBeLessThanOrEqual(2)
      }
      const chrome = [KIT_NAME, `Lab ${labNumber(lab)}:`, lab.meta.title, PRODUCT, lab.meta.section, TRAINER_FLAG, '·'].map(squash)
      pdf.pages.forEach((page, i) => {
        const text = squash(page)
        expect(text, `page ${i + 1}`).toContain(squash(`page ${i + 1} of ${pdf.pages.length}`))
        let body = text.replace(squash(`page ${i + 1} of ${pdf.pages.length}`), '')
        for (const c of chrome) body = body.split(c).join('')
        expect(body.length, `page ${i + 1} has no text besides header and footer`).toBeGreaterThan(40)
      })
    })

    it(`${edition} PDF has the cover, contents, headings and no raw Markdown`, () => {
      const all = squash(t()[edition].pages.join(' '))
      const cover = squash(t()[edition].pages[0]!)
      for (const s of [KIT_NAME, lab.meta.title, lab.meta.section, `About ${lab.meta.minutes} minutes`, 'Name', 'Date']) expect(cover).toContain(squash(s))
      for (const h of ['Contents', 'Objectives', 'Prerequisites', 'Estimated time', 'Troubleshooting', 'Worksheet', 'Expected result']) {
        expect(all, h).toContain(squash(h))
      }
      for (const s of lab.steps) expect(all).toContain(squash(`Step ${s.number} — ${s.title.replace(/`/g, '')}`))
      for (const raw of ['```', '<<<', '**', '<details', '</', '##']) expect(all, raw).not.toContain(raw)
    })

    it(`${edition} PDF contents give the page each step starts on`, () => {
      const pages = t()[edition].pages
      const contents = squash(pages[1]!)
      for (const s of lab.steps) {
        const heading = squash(`Step ${s.number} — ${s.title.replace(/`/g, '')}`)
        // the step's own page: the first page after the contents that carries its heading
        const at = pages.findIndex((p, i) => i > 1 && squash(p).includes(heading)) + 1
        expect(at, `Step ${s.number} found`).toBeGreaterThan(2)
        expect(contents, `contents entry of Step ${s.number} with page ${at}`).toContain(`${heading}${s.minutes}min${at}`)
      }
    })
  }

  it('customer PDF and page carry no trainer text; the trainer PDF carries all of it', () => {
    const customer = squash(t().customer.pages.join(' '))
    const trainer = squash(t().trainer.pages.join(' '))
    const html = squash(t().html.replace(/<[^>]+>/g, ' '))
    expect(customer).not.toContain(squash(TRAINER_FLAG))
    expect(trainer).toContain(squash(TRAINER_FLAG))
    const phrases = trainerPhrases(lab)
    expect(phrases.length).toBeGreaterThanOrEqual(lab.steps.length)
    for (const p of phrases) {
      expect(customer, `customer PDF contains trainer phrase "${p}"`).not.toContain(squash(p))
      expect(html, `site page contains trainer phrase "${p}"`).not.toContain(squash(p))
      expect(trainer, `trainer PDF lacks "${p}"`).toContain(squash(p))
    }
  })
})

describe('a later build without printing', () => {
  it('keeps linking the PDFs that are already there', async () => {
    const again = await buildLabs({ root: ROOT, outDir: out, pdf: false })
    for (const b of again) {
      expect(b.pdf).toBe(join(out, 'pdf', 'labs', `${b.id}.pdf`))
      expect(existsSync(b.pdf!)).toBe(true)
      expect(readFileSync(b.html, 'utf8')).toContain(`href="../../pdf/labs/${b.id}.pdf"`)
    }
    expect(readFileSync(join(out, 'labs', 'index.html'), 'utf8')).toContain(`href="../pdf/labs/${labs[0]!.id}.pdf"`)
  })
})
