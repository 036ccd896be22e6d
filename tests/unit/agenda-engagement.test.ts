// The agreed agenda of an engagement (core/agenda.ts): depths, the time-allocation table, the checks
// that refuse an agenda naming an unknown section, overlapping breaks or a day that does not fit, and
// the `agenda:` part of engagement.yaml (core/engagement/config.ts).
import { describe, expect, it } from 'vitest'
import {
  AgendaFieldError,
  allocateAgenda,
  allocationDayMarkdown,
  allocationMinutes,
  assertAgendaFits,
  depthOf,
  noteMinutes,
  sectionAtDepth,
  type AgendaSpec,
  type SectionCatalog,
} from '../../core/agenda.ts'
import { engagementConfigText, parseEngagementConfig } from '../../core/engagement/config.ts'
import { ReportError } from '../../core/readers/errors.ts'

// Two sections: A has 60 min of talk (20 of it deep-dive) and a 90-minute lab; B 45 min of talk.
const catalog: SectionCatalog = [
  {
    id: 'a',
    title: 'Section A',
    slides: [
      { no: 1, minutes: 10, deep: false, lab: false },
      { no: 2, minutes: 20, deep: true, lab: false },
      { no: 3, minutes: 30, deep: false, lab: false },
      { no: 4, minutes: 90, deep: false, lab: true },
    ],
  },
  { id: 'b', title: 'Section B', slides: [{ no: 1, minutes: 45, deep: false, lab: false }] },
]

const day = (sections: string[], end = '17:00') => ({ start: '09:00', end, breaks: [{ at: '12:30', minutes: 45, title: 'Lunch' }], sections })

describe('section depth', () => {
  it('full keeps every slide and the lab; short drops deep-dive slides and the lab', () => {
    expect(sectionAtDepth(catalog[0]!, 'full')).toMatchObject({ talkMinutes: 60, labMinutes: 90 })
    expect(sectionAtDepth(catalog[0]!, 'short')).toMatchObject({ talkMinutes: 40, labMinutes: 0 })
    expect(sectionAtDepth(catalog[0]!, 'follow-up')).toMatchObject({ talkMinutes: 0, labMinutes: 0 })
  })

  it('defaults to full on a day and to skip off every day', () => {
    const spec: AgendaSpec = { days: [day(['a'])], depth: {} }
    expect(depthOf(spec, 'a')).toBe('full')
    expect(depthOf(spec, 'b')).toBe('skip')
  })

  it('reads the [N min] a note starts with', () => {
    expect(noteMinutes('[12 min] Say this.')).toBe(12)
    expect(noteMinutes('Say this. [12 min]')).toBeUndefined()
  })
})

describe('time-allocation table', () => {
  it('gives each section its start, end, talk and lab minutes, and the breaks', () => {
    const table = allocateAgenda({ days: [day(['a', 'b'])], depth: {} }, catalog)
    const [only] = table.days
    expect(only!.rows.map((r) => `${r.kind} ${r.id ?? r.title} ${r.start / 60} ${r.talkMinutes}+${r.labMinutes}+${r.breakMinutes}`)).toEqual([
      'section a 9 60+90+0',
      'section b 11.5 45+0+0',
    ])
    expect(only!.end).toBe(12 * 60 + 15)
    expect(allocationMinutes(only!)).toBe(only!.end - only!.start)
    expect(table.later).toEqual([])
    expect(allocationDayMarkdown(only!)).toContain('| 09:00–11:30 | Section A | full | 60 | 90 |')
  })

  it('lists what moves to follow-ups: a short section’s lab, a follow-up section', () => {
    const table = allocateAgenda({ days: [day(['a'])], depth: { a: 'short', b: 'follow-up' } }, catalog)
    expect(table.later).toEqual([
      { id: 'a', title: 'Section A', depth: 'lab follow-up', minutes: 90 },
      { id: 'b', title: 'Section B', depth: 'follow-up', minutes: 45 },
    ])
  })

  it('refuses a day that does not fit with one sentence saying by how much', () => {
    const spec: AgendaSpec = { days: [{ ...day(['a', 'b'], '11:35'), breaks: [] }], depth: {} }
    expect(() => assertAgendaFits(spec, catalog)).toThrow('Day 1 ends at 12:15, 40 minutes past 11:35.')
    try {
      assertAgendaFits(spec, catalog)
    } catch (error) {
      expect((error as AgendaFieldError).path).toBe('$.agenda.days[0]')
    }
  })

  it.each([
    [{ days: [day(['a', 'zz'])], depth: {} }, '$.agenda.days[0].sections[1]', 'unknown section "zz" (sections: a, b)'],
    [{ days: [day(['a']), day(['a'])], depth: {} }, '$.agenda.days[1].sections[0]', 'already on day 1'],
    [{ days: [day(['a'])], depth: { a: 'skip' } }, '$.agenda.days[0].sections[0]', 'belongs on no day'],
    [{ days: [day(['a'])], depth: { b: 'short' } }, '$.agenda.depth.b', 'on no day'],
    [{ days: [day(['a'])], depth: { q: 'skip' } }, '$.agenda.depth.q', 'unknown section "q"'],
    [
      { days: [{ ...day(['a']), breaks: [{ at: '12:30', minutes: 45 }, { at: '13:00', minutes: 15 }] }], depth: {} },
      '$.agenda.days[0].breaks[1]',
      'the break at 13:00 overlaps the break at 12:30, which lasts until 13:15',
    ],
    [{ days: [{ ...day(['a']), breaks: [{ at: '16:50', minutes: 15 }] }], depth: {} }, '$.agenda.days[0].breaks[0]', 'outside day 1'],
  ] as Array<[AgendaSpec, string, string]>)('refuses a bad agenda, naming the field (%#)', (spec, path, message) => {
    let caught: unknown
    try {
      allocateAgenda(spec, catalog)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(AgendaFieldError)
    expect((caught as AgendaFieldError).path).toBe(path)
    expect((caught as Error).message).toContain(message)
  })
})

describe('engagement.yaml agenda', () => {
  const head = 'version: 1\ncustomer: ACME\nconsultant: Kim\ndates: {start: "2026-12-01", end: "2026-12-02"}\npolicies: []\n'
  const agenda = `agenda:
  days:
    - start: "09:00"
      end: "17:00"
      breaks:
        - { at: "10:30", minutes: 15 }
        - { at: "12:30", minutes: 45, title: Lunch }
      sections: [a, b]
  depth: { a: short }
`

  it('reads days, times, breaks and depths, and writes them back', () => {
    const config = parseEngagementConfig(head + agenda, 'e/engagement.yaml')
    expect(config.agenda).toEqual({
      days: [{ start: '09:00', end: '17:00', breaks: [{ at: '10:30', minutes: 15 }, { at: '12:30', minutes: 45, title: 'Lunch' }], sections: ['a', 'b'] }],
      depth: { a: 'short' },
    })
    expect(parseEngagementConfig(engagementConfigText(config), 'e/engagement.yaml').agenda).toEqual(config.agenda)
  })

  it('is optional', () => {
    expect(parseEngagementConfig(head, 'e/engagement.yaml').agenda).toBeUndefined()
  })

  it.each([
    [agenda.replace('"09:00"', '"9h"'), '$.agenda.days[0].start'],
    [agenda.replace('minutes: 15', 'minutes: -15'), '$.agenda.days[0].breaks[0].minutes'],
    [agenda.replace('{ a: short }', '{ a: brief }'), '$.agenda.depth.a'],
    [agenda.replace('sections: [a, b]', 'sections: a'), '$.agenda.days[0].sections'],
    ['agenda: {days: []}\n', '$.agenda.days'],
  ])('names the file and the field of a bad agenda (%#)', (text, path) => {
    let caught: unknown
    try {
      parseEngagementConfig(head + text, 'e/engagement.yaml')
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ReportError)
    expect((caught as ReportError).path).toBe(path)
    expect((caught as ReportError).message.split('\n')[0]).toContain('e/engagement.yaml')
  })
})
