// Clock times, durations, and how core/agenda.ts lays a day out (allocateAgenda): back to back from
// the start, breaks at their clock times, never a sliver of a block around a break, and the sentence
// for a day that runs late. The agreed-agenda model itself: agenda-engagement.test.ts.
import { describe, expect, it } from 'vitest'
import {
  AgendaError,
  allocateAgenda,
  allocationMinutes,
  assertAgendaFits,
  formatClock,
  formatMinutes,
  parseClock,
  parseDuration,
  type AgendaBreak,
  type AllocationDay,
  type SectionCatalog,
} from '../../core/agenda.ts'

/** A catalogue entry with one talk slide and, when labMinutes > 0, one lab slide. */
function entry(id: string, talkMinutes: number, labMinutes: number): SectionCatalog[number] {
  const slides = [{ no: 1, minutes: talkMinutes, deep: false, lab: false }]
  if (labMinutes > 0) slides.push({ no: 2, minutes: labMinutes, deep: false, lab: true })
  return { id, title: `Section ${id}`, slides }
}

function dayOf(catalog: SectionCatalog, options: { start?: string; end?: string; breaks?: AgendaBreak[] } = {}): AllocationDay {
  const spec = { days: [{ start: options.start ?? '09:00', end: options.end ?? '17:00', breaks: options.breaks ?? [], sections: catalog.map((e) => e.id) }], depth: {} }
  return allocateAgenda(spec, catalog).days[0]!
}

function rows(day: AllocationDay): string[] {
  return day.rows.map((row) => `${formatClock(row.start)}-${formatClock(row.end)} ${row.kind} ${row.id ?? row.title}`)
}

/** Rows of a day must tile it: each starts where the previous ended. */
function expectContiguous(day: AllocationDay) {
  for (let i = 1; i < day.rows.length; i++) expect(day.rows[i]!.start).toBe(day.rows[i - 1]!.end)
}

const COFFEE: AgendaBreak[] = [{ at: '10:30', minutes: 15, title: 'Coffee break' }]

describe('clock times', () => {
  it('formats minutes since midnight as HH:MM', () => {
    expect(formatClock(540)).toBe('09:00')
    expect(formatClock(0)).toBe('00:00')
    expect(formatClock(13 * 60 + 5)).toBe('13:05')
    expect(formatClock(1440 + 30)).toBe('00:30 (+1)')
  })

  it('parses HH:MM, H:MM and HHMM', () => {
    expect(parseClock('09:00')).toBe(540)
    expect(parseClock('9:30')).toBe(570)
    expect(parseClock('1730')).toBe(1050)
    expect(parseClock(600)).toBe(600)
  })

  it('rejects what is not a time of day', () => {
    for (const bad of ['24:00', '9:60', 'nine', '', '9', '-1:00']) expect(() => parseClock(bad)).toThrow(AgendaError)
    expect(() => parseClock(1440)).toThrow(AgendaError)
  })

  it('writes durations as hours and minutes', () => {
    expect(formatMinutes(150)).toBe('2h 30m')
    expect(formatMinutes(45)).toBe('45m')
    expect(formatMinutes(180)).toBe('3h')
  })
})

describe('parseDuration (deck headmatter duration)', () => {
  it.each([
    ['150min', 150],
    ['2h30m', 150],
    ['2h 30min', 150],
    ['2.5h', 150],
    ['3h', 180],
    ['45m', 45],
    ['90', 90],
    ['1 hour 15 minutes', 75],
    [' 120MIN ', 120],
  ])('%s → %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes)
  })

  it.each(['', 'abc', '2x', '30m2h', '1h1h', '-5min', '2h30', 'h'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(AgendaError)
  })
})

describe('laying a day out', () => {
  const two = [entry('a', 60, 90), entry('b', 45, 60)]

  it('lays sections out back to back from the start time, with their talk and lab minutes', () => {
    const day = dayOf(two)
    expect(rows(day)).toEqual(['09:00-11:30 section a', '11:30-13:15 section b'])
    expect(day.rows.map((row) => [row.talkMinutes, row.labMinutes])).toEqual([
      [60, 90],
      [45, 60],
    ])
    expect(day.end).toBe(13 * 60 + 15)
  })

  it('moves every row when the start time changes', () => {
    const at9 = dayOf(two).rows
    const at930 = dayOf(two, { start: '09:30' }).rows
    at9.forEach((row, i) => {
      expect(at930[i]!.start - row.start).toBe(30)
      expect(at930[i]!.end - row.end).toBe(30)
    })
  })

  it('cuts a section at a break when both parts are at least 30 minutes', () => {
    const day = dayOf([entry('a', 120, 0)], { breaks: COFFEE })
    expect(rows(day)).toEqual(['09:00-10:30 section a', '10:30-10:45 break Coffee break', '10:45-11:15 section a'])
    expectContiguous(day)
  })

  it('takes a break early rather than leave a sliver before it', () => {
    // The lab would start 20 minutes before coffee: coffee moves to 10:10 instead.
    expect(rows(dayOf([entry('a', 70, 60)], { breaks: COFFEE }))).toEqual(['09:00-10:10 section a', '10:10-10:25 break Coffee break', '10:25-11:25 section a'])
  })

  it('takes a break late rather than leave a sliver after it', () => {
    // The talk ends at 10:40; cutting at 10:30 would leave 10 minutes, so coffee follows at 10:40.
    expect(rows(dayOf([entry('a', 100, 30)], { breaks: COFFEE }))).toEqual(['09:00-10:40 section a', '10:40-10:55 break Coffee break', '10:55-11:25 section a'])
  })

  it('ends a day with its last section: a break that would follow it is not scheduled', () => {
    // Taken late: the only section ends at 10:40, 10 minutes past coffee, so coffee would follow it.
    const late = dayOf([entry('a', 100, 0)], { breaks: COFFEE })
    expect(rows(late)).toEqual(['09:00-10:40 section a'])
    expect([late.end, late.breakMinutes]).toEqual([10 * 60 + 40, 0])
    // Scheduled after the content ends: lunch at 12:30 on a day whose sections end at 11:30.
    const after = dayOf([entry('a', 60, 90)], { breaks: [{ at: '12:30', minutes: 45, title: 'Lunch' }] })
    expect(rows(after)).toEqual(['09:00-11:30 section a'])
    expect(after.end).toBe(11 * 60 + 30)
    // The table's minutes still add up to the day: talk + lab + breaks = end − start.
    for (const day of [late, after]) expect(allocationMinutes(day)).toBe(day.end - day.start)
    // A break between two sections stays, taken late after the first one as before.
    const between = dayOf([entry('a', 100, 0), entry('b', 45, 0)], { breaks: COFFEE })
    expect(rows(between)).toEqual(['09:00-10:40 section a', '10:40-10:55 break Coffee break', '10:55-11:40 section b'])
    expectContiguous(between)
  })

  it('places lunch and coffee at their times and keeps the day contiguous', () => {
    const breaks: AgendaBreak[] = [...COFFEE, { at: '12:30', minutes: 45, title: 'Lunch' }, { at: '15:00', minutes: 15, title: 'Coffee break' }]
    const day = dayOf([...two, entry('c', 60, 60)], { breaks })
    expectContiguous(day)
    const lunch = day.rows.find((row) => row.kind === 'lunch')!
    expect(formatClock(lunch.start)).toBe('12:30')
    expect(day.breakMinutes).toBe(75)
    expect(day.talkMinutes + day.labMinutes).toBe(375)
  })

  it('says by how much and where a day runs late, and assertAgendaFits refuses it with that sentence', () => {
    const long = [entry('a', 120, 120), entry('b', 120, 120)]
    expect(dayOf(long).end).toBe(17 * 60)
    const late = { days: [{ start: '09:30', end: '17:00', breaks: [], sections: ['a', 'b'] }], depth: {} }
    const table = allocateAgenda(late, long)
    expect(table.days[0]!.overrun).toBe(30)
    expect(table.problems).toEqual(['Day 1 ends at 17:30, 30 minutes past 17:00.'])
    expect(() => assertAgendaFits(late, long)).toThrow('Day 1 ends at 17:30, 30 minutes past 17:00.')
  })
})
