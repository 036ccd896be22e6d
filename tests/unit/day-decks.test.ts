// The day decks against the real section decks: the kit's one-day and two-day agendas fit, and each
// generated day deck's notes' timings (read back through Slidev's own parser, `src:` imports and all)
// equal its day of the time-allocation table.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHIPPED_ONE_DAY, allocateAgenda, allocationMinutes, formatClock, noteMinutes, sectionAtDepth, type SectionCatalog, type SectionSpan } from '../../core/agenda.ts'
import { DAY_DECKS_DIR, SHIPPED_AGENDAS, loadSectionCatalog, slideRanges, writeDayDecks } from '../../scripts/agenda.ts'
import { ROOT, listDecks, readHeadmatter } from '../../scripts/decks.ts'

let catalog: SectionCatalog
const out = mkdtempSync(join(tmpdir(), 'kit-day-decks-'))

beforeAll(async () => {
  catalog = await loadSectionCatalog()
}, 60_000)
afterAll(() => rmSync(out, { recursive: true, force: true }))

const spans = (deck: { entry: string }) => readHeadmatter(deck.entry).kitSections as SectionSpan[]

describe('section catalog', () => {
  it('reads every section with its lab from the lab’s own minutes', () => {
    expect(catalog.map((entry) => entry.id)).toEqual(listDecks().filter((deck) => deck.kind === 'section').map((deck) => deck.id))
    const entry = catalog.find((e) => e.id === '01-registry-integration')!
    const labMinutes = readHeadmatter(join(ROOT, 'labs', entry.id, 'lab.md')).minutes
    const talkMinutes = entry.slides.filter((s) => !s.lab).reduce((total, s) => total + s.minutes, 0)
    expect(entry.slides.filter((s) => s.lab)).toHaveLength(1)
    expect(sectionAtDepth(entry, 'full')).toMatchObject({ talkMinutes, labMinutes })
  })

  it('marks deep-dive slides in every section but the lab slide, recap and cover', () => {
    for (const entry of catalog) {
      expect(entry.slides.some((s) => s.deep), entry.id).toBe(true)
      expect(entry.slides[0]!.deep, `${entry.id} cover`).toBe(false)
      expect(entry.slides.filter((s) => s.lab && s.deep), entry.id).toEqual([])
    }
  })

  it('writes slide lists as Slidev ranges', () => {
    expect(slideRanges([1, 2, 3, 5, 7, 8])).toBe('1-3,5,7-8')
  })
})

describe.each(Object.keys(SHIPPED_AGENDAS) as Array<keyof typeof SHIPPED_AGENDAS>)('the kit’s %s agenda', (name) => {
  it('fits, and each day deck’s notes’ timings equal its time-allocation table', async () => {
    const { load } = await import('@slidev/parser/fs')
    const { decks, table } = await writeDayDecks(SHIPPED_AGENDAS[name], { catalog, outRoot: join(out, name) })
    expect(table.problems).toEqual([])
    expect(decks.map((deck) => deck.id)).toEqual(table.days.map((day) => `day-${day.day}`))
    for (const [index, deck] of decks.entries()) {
      const day = table.days[index]!
      expect(day.end).toBeLessThanOrEqual(day.plannedEnd)
      expect(allocationMinutes(day)).toBe(day.end - day.start)
      const data = await load({ roots: [ROOT, deck.dir], userRoot: deck.dir }, deck.entry)
      const visible = data.slides.filter((s) => !s.frontmatter?.hide && !s.frontmatter?.disabled)
      const minutes = visible.reduce((total, s) => total + (noteMinutes(s.source.note ?? s.note ?? '') ?? 0), 0)
      expect(minutes, deck.id).toBe(day.talkMinutes + day.labMinutes)
      // Each section's cover says this agenda's planned time for it.
      for (const span of spans(deck)) expect(visible[span.from - 1]!.frontmatter.duration, span.id).toBe(`${span.minutes}min`)
      // A short section shows none of its deep-dive slides.
      const deep = visible.filter((s) => s.frontmatter?.depth === 'deep')
      if (name === 'one-day') expect(deep.map((s) => s.title)).toEqual([])
      // The time-allocation table opens the deck (day 1 shows every day, day 2 its own), a long day
      // cut into pages of at most 9 rows (at the slide body size), every row of the table on one of them.
      const tables = visible.filter((s) => (s.title ?? '').startsWith(`Time allocation: day ${day.day}`))
      expect(visible[1]!.title).toMatch(new RegExp(`^Time allocation: day ${day.day}( \\(1 of \\d\\))?$`))
      const rows = tables.flatMap((s) => s.source.content.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Time ')))
      expect(rows).toHaveLength(day.rows.length + 1)
      for (const table of tables) expect(table.source.content.split('\n').filter((line) => line.startsWith('|')).length).toBeLessThanOrEqual(11)
    }
  }, 60_000)
})

describe('the whole-workshop deck (a one-day run)', () => {
  it('shows the kit’s one-day table, and its timer runs that table’s minutes: no hand-written timings to drift', async () => {
    const { load } = await import('@slidev/parser/fs')
    const deck = listDecks().find((d) => d.id === 'workshop')!
    const day = allocateAgenda(SHIPPED_ONE_DAY, catalog).days[0]!
    expect(readHeadmatter(deck.entry).duration).toBe(`${day.talkMinutes + day.labMinutes}min`)
    const data = await load({ roots: [ROOT, deck.dir], userRoot: deck.dir }, deck.entry)
    // The deck's own slides, not the sections it imports.
    const own = data.slides.filter((s) => s.source.filepath === deck.entry)
    expect(own.filter((s) => s.source.content.includes('<AgendaPlanner agenda="one-day"'))).toHaveLength(1)
    // Minutes are said only by each slide's "[N min]" cue and by the table: none typed in text or notes.
    const typed = own.flatMap((s) =>
      [...`${s.source.content}\n${(s.source.note ?? '').replace(/^\s*\[\d+ min\]/, '')}`.matchAll(/\b\d+\s*(?:min|mins|minutes)\b|\|\s*Minutes\s*\|/gi)].map((m) => `${s.title}: ${m[0]}`),
    )
    expect(typed).toEqual([])
  })
})

describe('an agenda that does not fit', () => {
  it('is refused before any day deck is written, saying by how much', async () => {
    const spec = { days: [{ start: '09:00', end: '11:30', breaks: [], sections: ['00-welcome', '01-registry-integration'] }], depth: {} }
    const dir = join(out, 'late')
    const minutes = spec.days[0]!.sections.map((id) => sectionAtDepth(catalog.find((e) => e.id === id)!, 'full')).reduce((t, s) => t + s.talkMinutes + s.labMinutes, 0)
    await expect(writeDayDecks(spec, { catalog, outRoot: dir })).rejects.toThrow(`Day 1 ends at ${formatClock(9 * 60 + minutes)}, ${9 * 60 + minutes - (11 * 60 + 30)} minutes past 11:30.`)
    expect(existsSync(dir)).toBe(false)
  })
})

describe('npm run build -- --engagement <dir> with a bad agenda', () => {
  const head = 'version: 1\ncustomer: Example\nconsultant: Kim\ndates: {start: "2026-12-01", end: "2026-12-01"}\npolicies: []\n'
  const agenda = (sections: string, end = '17:00') =>
    `agenda:\n  days:\n    - start: "09:00"\n      end: "${end}"\n      breaks: [{ at: "12:30", minutes: 45, title: Lunch }]\n      sections: [${sections}]\n`

  it.each([
    [agenda('00-welcome, 08-unknown'), 'agenda.days[0].sections[1]: unknown section "08-unknown"'],
    [
      agenda('00-welcome, 01-registry-integration, 02-vulnerability-scanning, 03-image-assurance'),
      // The sections' own minutes in full, plus the 45-minute lunch, from 09:00.
      () => {
        const full = ['00-welcome', '01-registry-integration', '02-vulnerability-scanning', '03-image-assurance']
          .map((id) => sectionAtDepth(catalog.find((entry) => entry.id === id)!, 'full'))
          .reduce((total, section) => total + section.talkMinutes + section.labMinutes, 0)
        const end = 9 * 60 + full + 45
        return `agenda.days[0]: Day 1 ends at ${formatClock(end)}, ${end - 17 * 60} minutes past 17:00.`
      },
    ],
    [agenda('00-welcome').replace('breaks: [', 'breaks: [{ at: "12:00", minutes: 45 }, '), 'agenda.days[0].breaks[1]: the break at 12:30 overlaps the break at 12:00'],
  ] as Array<[string, string | (() => string)]>)('exits 2 with one line naming the file and the field, building nothing (%#)', (yaml, expected) => {
    const message = typeof expected === 'function' ? expected() : expected
    const dir = mkdtempSync(join(out, 'engagement-'))
    writeFileSync(join(dir, 'engagement.yaml'), head + yaml)
    const dayDeck = join(DAY_DECKS_DIR, 'day-1', 'slides.md')
    const before = existsSync(dayDeck) ? readFileSync(dayDeck, 'utf8') : undefined
    const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/build.ts', '--engagement', dir, '--only', 'none', '--no-pdf', '--no-labs'], { cwd: ROOT, encoding: 'utf8' })
    expect(run.status).toBe(2)
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`${join(dir, 'engagement.yaml')}: ${message}`)
    expect(run.stdout).not.toContain('building')
    expect(existsSync(dayDeck) ? readFileSync(dayDeck, 'utf8') : undefined).toBe(before)
  }, 60_000)
})
