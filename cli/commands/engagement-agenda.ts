// kit engagement agenda <dir> [--set one-day|two-day]: the engagement's time-allocation table, in the
// words the day decks and deck 00's AgendaPlanner use (core/agenda.ts), and the refusal sentence when
// a day does not fit. --set writes one of the kit's own agendas into engagement.yaml first.
import { join } from 'node:path'
import {
  AgendaError,
  allocateAgenda,
  allocationDayHeading,
  allocationDayTotals,
  allocationLaterWords,
  allocationRowWords,
  assertAgendaFits,
  type AllocationTable,
  type SectionCatalog,
} from '../../core/agenda.ts'
import { ENGAGEMENT_FILE } from '../../core/engagement/config.ts'
import { readEngagementConfig, writeEngagementConfig } from '../../core/engagement/folder.ts'
import { SHIPPED_AGENDAS, loadSectionCatalog, resolveAgenda, type ShippedAgendaName } from '../../scripts/agenda.ts'
import { UsageError, parseCommandLine } from '../args.ts'
import { EXIT, KitError } from '../errors.ts'
import type { Output } from '../io.ts'
import { clean, table } from '../table.ts'

export const ENGAGEMENT_AGENDA_HELP = `Usage: kit engagement agenda <engagement-dir> [--set one-day|two-day]

Prints the engagement's time-allocation table: per day the start and end of each section, its depth,
talk and lab minutes, and the breaks; then what moves to follow-up sessions. The minutes come from
the section decks' own timings and the labs' minutes. The agenda is engagement.yaml's "agenda:"
(edited on deck 00's agenda slide when served with npm start -- --engagement <dir>), or the kit's
two-day agenda while it sets none.

Options:
  --set <one-day|two-day>  write the kit's one-day or two-day agenda into engagement.yaml first
  -h, --help               show this help

Exit codes: 0 the agenda fits, 2 a day does not fit (the sentence says by how much), an agenda that
names an unknown section, overlaps a break or has a day with no section, no such folder, or bad usage.`

const COMMAND = 'engagement agenda'

/** The table as text lines; the slide shows the same words (components/AgendaPlanner.vue). */
export function allocationText(allocation: AllocationTable, catalog: SectionCatalog): string {
  const titles = Object.fromEntries(catalog.map((entry) => [entry.id, entry.title]))
  const blocks: string[] = []
  for (const day of allocation.days) {
    const rows = [['Time', 'Section', 'Depth', 'Talk', 'Lab']]
    for (const row of day.rows) {
      const words = allocationRowWords(row, titles)
      rows.push([words.time, clean(words.title), words.depth, words.talk, words.lab])
    }
    // (A day always runs a section: checkAgendaSpec refuses an empty one.)
    const body = table(rows, { header: true, indent: '  ', align: ['left', 'left', 'left', 'right', 'right'] })
    blocks.push([allocationDayHeading(day), body, `  Day ${day.day}: ${allocationDayTotals(day)}`].join('\n'))
  }
  if (allocation.later.length) blocks.push(`Later: ${allocation.later.map((item) => clean(allocationLaterWords(item))).join('; ')}`)
  return blocks.join('\n\n')
}

export async function runEngagementAgenda(argv: readonly string[], io: Output, catalogOf: () => Promise<SectionCatalog> = () => loadSectionCatalog()): Promise<number> {
  const args = parseCommandLine(argv, { set: { type: 'string' } }, COMMAND)
  if (args.help) {
    io.out(ENGAGEMENT_AGENDA_HELP)
    return EXIT.ok
  }
  if (args.positionals.length !== 1) throw new UsageError(args.positionals.length ? `expected one folder, got ${args.positionals.length}` : 'missing the engagement folder', COMMAND)
  const dir = args.positionals[0]!
  const set = args.values.set
  if (set !== undefined && !(typeof set === 'string' && set in SHIPPED_AGENDAS)) {
    throw new UsageError(`--set must be one-day or two-day, not "${clean(String(set))}"`, COMMAND)
  }
  const catalog = await catalogOf()
  const file = join(dir, ENGAGEMENT_FILE)
  if (set) {
    const spec = SHIPPED_AGENDAS[set as ShippedAgendaName]
    assertAgendaFits(spec, catalog)
    const config = await readEngagementConfig(dir)
    await writeEngagementConfig(dir, { ...config, agenda: spec })
    io.out(`${file}: agenda set to the kit's ${set} agenda.`)
  }
  const agenda = await resolveAgenda({ engagement: dir })
  let allocation: AllocationTable
  try {
    allocation = allocateAgenda(agenda.spec, catalog)
  } catch (error) {
    if (error instanceof AgendaError) throw new KitError(`${agenda.source}: ${error.message}`)
    throw error
  }
  io.out(`Agenda from ${agenda.source}\n`)
  io.out(allocationText(allocation, catalog))
  if (allocation.problems.length === 0) return EXIT.ok
  for (const sentence of allocation.problems) io.err(`error: ${agenda.source}: ${sentence}`)
  return EXIT.input
}
