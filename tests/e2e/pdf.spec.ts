// The slide PDFs a customer receives: one page per slide at the 16:9 size, real text on every page,
// every slide title on its page, and no diagram left as raw mermaid source.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { PDFDocument } from 'pdf-lib'
import { DIST_DIR, listDecks, loadSlides } from '../../scripts/decks.ts'
import { pdfPages } from './helpers.ts'

// Measured once on a Slidev export of the 980-px canvas: 735.12 × 414 pt (16:9).
const PAGE = { width: 735.12, height: 414 }
const MERMAID_SOURCE = /```mermaid|\b(graph|flowchart) (LR|TD|TB|RL|BT)\b|sequenceDiagram|-->\|/

const normalise = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().toLowerCase()

for (const deck of listDecks()) {
  test(`PDF of ${deck.id}`, async () => {
    const file = join(DIST_DIR, 'pdf', `${deck.id}.pdf`)
    expect(existsSync(file), `${file} exists`).toBe(true)
    const slides = await loadSlides(deck)
    const pdf = await PDFDocument.load(await readFile(file))
    expect(pdf.getPageCount()).toBe(slides.length)
    expect(pdf.getTitle()).toBe(deck.title)
    for (const page of pdf.getPages()) {
      const { width, height } = page.getSize()
      expect(Math.abs(width - PAGE.width)).toBeLessThan(1.5)
      expect(Math.abs(height - PAGE.height)).toBeLessThan(1.5)
    }
    const pages = await pdfPages(file)
    const missing: string[] = []
    pages.forEach((text, i) => {
      const s = slides[i]!
      if (text.length < 5) missing.push(`page ${i + 1} has no text`)
      if (s.title && !normalise(text).includes(normalise(s.title))) missing.push(`page ${i + 1} lacks its title "${s.title}" (${s.file}:${s.line})`)
      if (MERMAID_SOURCE.test(text)) missing.push(`page ${i + 1} shows raw mermaid source (${s.file}:${s.line})`)
    })
    expect(missing).toEqual([])
  })
}
