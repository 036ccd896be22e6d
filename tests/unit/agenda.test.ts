import { describe, expect, it } from 'vitest'
import {
  AgendaError,
  formatClock,
  formatMinutes,
  parseClock,
  parseDuration,
  planAgenda,
  sectionFromDuration,
  splitIntoTwoDays,
  type AgendaBlock,
  type AgendaSection,
} from '../../core/agenda.ts'

const NO_BREAKS = { lunch: null, coffee: [] }

function rows(blocks: AgendaBlock[]): string[] {
  return blocks.map((block) => `${formatClock(block.start)}-${formatClock(block.end)} ${block.kind} ${block.title}${block.part ? ` #${block.part}` : ''}`)
}

/** Blocks of a day must tile the day: each starts where the previous ended. */
function expectContiguous(blocks: AgendaBlock[]) {
  for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.start).toBe(blocks[i - 1]!.end)
}

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

  it('builds a section from a duration and a lab share', () => {
    expect(sectionFromDuration('Registry integration', '150min', 0.5, '01')).toEqual({
      id: '01',
      title: 'Registry integration',
      talkMinutes: 75,
      labMinutes: 75,
    })
    // Lab minutes are rounded to 5.
    expect(sectionFromDuration('SSO', '2h', 0.4)).toMatchObject({ talkMinutes: 70, labMinutes: 50 })
    expect(() => sectionFromDuration('x', '1h', 1.5)).toThrow(AgendaError)
  })
})

describe('planAgenda', () => {
  const two: AgendaSection[] = [
    { id: 'a', title: 'Registry integration', talkMinutes: 60, labMinutes: 90 },
    { id: 'b', title: 'Vulnerability scanning', talkMinutes: 45, labMinutes: 60 },
  ]

  it('lays sections out back to back from the start time, talk before lab', () => {
    const plan = planAgenda(two, { start: '09:00', breaks: NO_BREAKS })
    expect(rows(plan.days[0]!.blocks)).toEqual([
      '09:00-10:00 talk Registry integration',
      '10:00-11:30 lab Registry integration',
      '11:30-12:15 talk Vulnerability scanning',
      '12:15-13:15 lab Vulnerability scanning',
    ])
    expect(plan.days[0]!.end).toBe(13 * 60 + 15)
    expect(plan.totals).toEqual({ talk: 105, lab: 150, breaks: 0, content: 255 })
    expect(plan.warnings).toEqual([])
  })

  it('moves every block when the start time changes', () => {
    const at9 = planAgenda(two, { start: '09:00', breaks: NO_BREAKS }).days[0]!.blocks
    const at930 = planAgenda(two, { start: '09:30', breaks: NO_BREAKS }).days[0]!.blocks
    at9.forEach((block, i) => {
      expect(at930[i]!.start - block.start).toBe(30)
      expect(at930[i]!.end - block.end).toBe(30)
    })
  })

  it('cuts a block at a break when both parts are long enough', () => {
    const plan = planAgenda([{ title: 'Image assurance', talkMinutes: 120, labMinutes: 0 }], {
      start: '09:00',
      breaks: { coffee: [{ at: '10:30', minutes: 15 }], lunch: null },
    })
    expect(rows(plan.days[0]!.blocks)).toEqual([
      '09:00-10:30 talk Image assurance #1',
      '10:30-10:45 break Coffee break',
      '10:45-11:15 talk Image assurance #2',
    ])
    expectContiguous(plan.days[0]!.blocks)
  })

  it('does not cut a block into a piece shorter than minChunk (default 30)', () => {
    // The lab would start 20 minutes before coffee: coffee moves to 10:10 instead.
    const plan = planAgenda([{ title: 'A', talkMinutes: 70, labMinutes: 60 }], {
      breaks: { coffee: [{ at: '10:30', minutes: 15 }], lunch: null },
    })
    expect(rows(plan.days[0]!.blocks)).toEqual(['09:00-10:10 talk A', '10:10-10:25 break Coffee break', '10:25-11:25 lab A'])
    // With a smaller minChunk the 20 minutes are kept before the break.
    const cut = planAgenda([{ title: 'A', talkMinutes: 70, labMinutes: 60 }], {
      breaks: { coffee: [{ at: '10:30', minutes: 15 }], lunch: null },
      minChunk: 15,
    })
    expect(rows(cut.days[0]!.blocks)).toEqual([
      '09:00-10:10 talk A',
      '10:10-10:30 lab A #1',
      '10:30-10:45 break Coffee break',
      '10:45-11:25 lab A #2',
    ])
  })

  it('takes a break early rather than leave a sliver before it', () => {
    // The lab would run 10:20-10:30 before coffee: too short, so coffee starts at 10:20.
    const plan = planAgenda([{ title: 'A', talkMinutes: 80, labMinutes: 60 }], {
      start: '09:00',
      breaks: { coffee: [{ at: '10:30', minutes: 15 }], lunch: null },
    })
    expect(rows(plan.days[0]!.blocks)).toEqual(['09:00-10:20 talk A', '10:20-10:35 break Coffee break', '10:35-11:35 lab A'])
  })

  it('takes a break late rather than leave a sliver after it', () => {
    // The talk ends at 10:40; cutting at 10:30 would leave 10 minutes, so coffee follows at 10:40.
    const plan = planAgenda([{ title: 'A', talkMinutes: 100, labMinutes: 30 }], {
      start: '09:00',
      breaks: { coffee: [{ at: '10:30', minutes: 15 }], lunch: null },
    })
    expect(rows(plan.days[0]!.blocks)).toEqual(['09:00-10:40 talk A', '10:40-10:55 break Coffee break', '10:55-11:25 lab A'])
  })

  it('places lunch and coffee with the default breaks and keeps the day contiguous', () => {
    const plan = planAgenda(two.concat([{ title: 'CI/CD', talkMinutes: 60, labMinutes: 60 }]))
    const day = plan.days[0]!
    expectContiguous(day.blocks)
    const lunch = day.blocks.find((block) => block.kind === 'lunch')!
    expect(formatClock(lunch.start)).toBe('12:30')
    expect(lunch.end - lunch.start).toBe(45)
    expect(day.blocks.filter((block) => block.kind === 'break')).toHaveLength(2)
    expect(day.breakMinutes).toBe(75)
    expect(day.talkMinutes + day.labMinutes).toBe(375)
  })

  it('leaves out breaks after the last block', () => {
    const plan = planAgenda([{ title: 'Short', talkMinutes: 30, labMinutes: 30 }])
    expect(plan.days[0]!.blocks.map((block) => block.kind)).toEqual(['talk', 'lab'])
  })

  it('warns when a day overruns its planned end', () => {
    const long: AgendaSection[] = [
      { title: 'A', talkMinutes: 120, labMinutes: 120 },
      { title: 'B', talkMinutes: 120, labMinutes: 120 },
    ]
    const plan = planAgenda(long, { start: '09:00', end: '17:00', breaks: NO_BREAKS })
    expect(plan.days[0]!.end).toBe(17 * 60)
    expect(plan.warnings).toEqual([])
    const late = planAgenda(long, { start: '09:30', end: '17:00', breaks: NO_BREAKS })
    expect(late.days[0]!.overrun).toBe(30)
    expect(late.warnings).toEqual(['Day 1 ends at 17:30, 30m after the planned end 17:00.'])
  })

  it('splits sections over two days without cutting a section, balancing the days', () => {
    const sections: AgendaSection[] = [
      { title: 'S1', talkMinutes: 75, labMinutes: 75 },
      { title: 'S2', talkMinutes: 75, labMinutes: 75 },
      { title: 'S3', talkMinutes: 90, labMinutes: 90 },
      { title: 'S4', talkMinutes: 90, labMinutes: 90 },
      { title: 'S5', talkMinutes: 60, labMinutes: 60 },
    ]
    const [first, second] = splitIntoTwoDays(sections)
    expect(first.map((s) => s.title)).toEqual(['S1', 'S2', 'S3'])
    expect(second.map((s) => s.title)).toEqual(['S4', 'S5'])
    const plan = planAgenda(sections, { days: 2 })
    expect(plan.days).toHaveLength(2)
    expect(plan.days[1]!.start).toBe(540)
    expect(new Set(plan.days[0]!.blocks.flatMap((b) => (b.section ? [b.section] : [])))).toEqual(new Set(['S1', 'S2', 'S3']))
    expect(plan.totals.content).toBe(780)
    for (const day of plan.days) expectContiguous(day.blocks)
  })

  it('puts the larger half on day 1 when two cuts are equally good', () => {
    const [first] = splitIntoTwoDays([
      { title: 'A', talkMinutes: 60, labMinutes: 0 },
      { title: 'B', talkMinutes: 60, labMinutes: 0 },
      { title: 'C', talkMinutes: 60, labMinutes: 0 },
    ])
    expect(first.map((s) => s.title)).toEqual(['A', 'B'])
  })

  it('rejects nonsense input', () => {
    expect(() => planAgenda([{ title: 'x', talkMinutes: -1, labMinutes: 0 }])).toThrow(AgendaError)
    expect(() => planAgenda([], { start: '18:00', end: '09:00' })).toThrow(AgendaError)
    expect(() => planAgenda([], { days: 3 as 1 })).toThrow(AgendaError)
  })
})
