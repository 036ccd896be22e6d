// Deck 00's agenda planner without a browser: the editing steps (core/agenda-editor.ts), the local
// endpoint's agenda route that writes engagement.yaml (scripts/engagement-endpoint.ts), and
// `kit engagement agenda` (cli/commands/engagement-agenda.ts), all on the decks' real section catalogue.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  SHIPPED_ONE_DAY,
  SHIPPED_TWO_DAY,
  allocateAgenda,
  checkAgendaSpec,
  depthOf,
  emptyDaySentence,
  formatClock,
  type AgendaSpec,
  type SectionCatalog,
} from '../../core/agenda.ts'
import {
  agendaBase,
  breaksOn,
  normaliseSpec,
  placementLabel,
  placementOf,
  placements,
  readAgendaSpecText,
  agendaSpecText,
  sectionDay,
  setBreaks,
  setDayCount,
  setDayTime,
  setPlacement,
  setSectionDepth,
  standardBreaksFor,
  startingAgenda,
} from '../../core/agenda-editor.ts'
import { parseEngagementConfig } from '../../core/engagement/config.ts'
import { runEngagementAgenda } from '../../cli/commands/engagement-agenda.ts'
import { loadSectionCatalog } from '../../scripts/agenda.ts'
import { AGENDA_ENDPOINT, TOKEN_HEADER, engagementEndpoint } from '../../scripts/engagement-endpoint.ts'
import { serveStatic, type StaticServer } from '../../scripts/server.ts'

let catalog: SectionCatalog
beforeAll(async () => {
  catalog = await loadSectionCatalog()
}, 60_000)

const ends = (spec: AgendaSpec) => allocateAgenda(spec, catalog).days.map((day) => formatClock(day.end))

describe('editing an agenda', () => {
  it('writes every section’s depth out and keeps each day in the decks’ order', () => {
    const spec = normaliseSpec({ days: [{ start: '09:00', end: '17:00', breaks: [], sections: ['03-image-assurance', '00-welcome'] }], depth: {} }, catalog)
    expect(spec.days[0]!.sections).toEqual(['00-welcome', '03-image-assurance'])
    expect(Object.keys(spec.depth)).toEqual(catalog.map((entry) => entry.id))
    expect(spec.depth['05-sso-saml']).toBe('skip')
    expect(() => checkAgendaSpec(spec, catalog)).not.toThrow()
  })

  it('never changes the spec it is given', () => {
    const before = JSON.stringify(SHIPPED_TWO_DAY)
    setDayCount(SHIPPED_TWO_DAY, catalog, 1)
    setDayTime(SHIPPED_TWO_DAY, 0, 'start', '10:00')
    setBreaks(SHIPPED_TWO_DAY, false)
    setPlacement(SHIPPED_TWO_DAY, catalog, '05-sso-saml', '1:short')
    expect(JSON.stringify(SHIPPED_TWO_DAY)).toBe(before)
  })

  it('a shorter depth ends the day earlier; follow-up takes the section off its day', () => {
    const spec = normaliseSpec(SHIPPED_TWO_DAY, catalog)
    const short = setPlacement(spec, catalog, '02-vulnerability-scanning', '1:short')
    expect(parseInt(ends(short)[0]!.replace(':', ''))).toBeLessThan(parseInt(ends(spec)[0]!.replace(':', '')))
    expect(placementOf(short, '02-vulnerability-scanning')).toBe('1:short')
    const later = setPlacement(short, catalog, '02-vulnerability-scanning', 'follow-up')
    expect(sectionDay(later, '02-vulnerability-scanning')).toBeUndefined()
    expect(allocateAgenda(later, catalog).later.map((item) => item.id)).toContain('02-vulnerability-scanning')
  })

  it('brings a follow-up section back onto the day of the section before it', () => {
    const spec = normaliseSpec(SHIPPED_TWO_DAY, catalog)
    const back = setSectionDepth(spec, catalog, '05-sso-saml', 'short')
    expect(sectionDay(back, '05-sso-saml')).toBe(1)
    expect(back.days[1]!.sections).toEqual(['03-image-assurance', '04-cicd-integration', '05-sso-saml'])
    expect(placementOf(back, '05-sso-saml')).toBe('2:short')
    // Moving it to day 1 keeps its depth; a section off every day moved to a day runs in full.
    expect(placementOf(setPlacement(back, catalog, '05-sso-saml', '1:short'), '05-sso-saml')).toBe('1:short')
    expect(depthOf(setPlacement(spec, catalog, '06-siem-logging', '1:full'), '06-siem-logging')).toBe('full')
  })

  it('one day takes day 2’s sections; two days start day 2 empty with day 1’s times', () => {
    const one = setDayCount(normaliseSpec(SHIPPED_TWO_DAY, catalog), catalog, 1)
    expect(one.days).toHaveLength(1)
    expect(one.days[0]!.sections).toEqual(['00-welcome', '01-registry-integration', '02-vulnerability-scanning', '03-image-assurance', '04-cicd-integration'])
    expect(allocateAgenda(one, catalog).problems[0]).toMatch(/^Day 1 ends at \d\d:\d\d, \d+ minutes past 17:00\.$/)
    const two = setDayCount(setDayTime(normaliseSpec(SHIPPED_ONE_DAY, catalog), 0, 'start', '08:30'), catalog, 2)
    expect(two.days[1]).toMatchObject({ start: '08:30', end: '17:00', sections: [] })
    expect(placements(2)).toEqual(['1:full', '1:short', '2:full', '2:short', 'follow-up', 'skip'])
    expect(placementLabel('2:short')).toBe('Day 2, short (no lab)')
    expect(placementLabel('follow-up')).toBe('follow-up session')
  })

  it('refuses a day with no section in one sentence naming it; one day (the empty day dropped) or a section moved there fits', () => {
    const two = setDayCount(normaliseSpec(SHIPPED_ONE_DAY, catalog), catalog, 2)
    const sentence = 'Day 2 has no section: move one there or make it a one-day agenda'
    expect(emptyDaySentence(2, 2)).toBe(sentence)
    expect(() => checkAgendaSpec(two, catalog)).toThrow(sentence)
    expect(() => allocateAgenda(two, catalog)).toThrow(sentence)
    // Every section moved off day 2 of the kit's two days: the same sentence.
    let drained = normaliseSpec(SHIPPED_TWO_DAY, catalog)
    for (const id of drained.days[1]!.sections) drained = setPlacement(drained, catalog, id, 'follow-up')
    expect(() => checkAgendaSpec(drained, catalog)).toThrow(sentence)
    // The ways out.
    expect(() => checkAgendaSpec(setDayCount(two, catalog, 1), catalog)).not.toThrow()
    expect(setDayCount(two, catalog, 1)).toEqual(normaliseSpec(SHIPPED_ONE_DAY, catalog))
    expect(() => checkAgendaSpec(setPlacement(two, catalog, '07-policy-as-code', '2:short'), catalog)).not.toThrow()
    // A one-day agenda with nothing on its day says so too.
    let nothing = normaliseSpec(SHIPPED_ONE_DAY, catalog)
    for (const entry of catalog) nothing = setPlacement(nothing, catalog, entry.id, 'skip')
    expect(() => checkAgendaSpec(nothing, catalog)).toThrow('Day 1 has no section: put one on it')
  })

  it('starts from engagement.yaml when it changed since the browser’s copy was based on it, keeping that copy', () => {
    const folder = normaliseSpec(SHIPPED_ONE_DAY, catalog)
    const browser = setPlacement(folder, catalog, '00-welcome', '1:full')
    const base = agendaBase(folder, catalog)
    // Nothing kept in the browser: the folder's agenda, and its base to keep.
    expect(startingAgenda(folder, {}, catalog)).toEqual({ spec: folder, base, folderChanged: false })
    // The browser's copy is based on what the folder still holds: the browser's (newer) choice stays.
    expect(startingAgenda(folder, { spec: browser, base }, catalog)).toEqual({ spec: browser, base, folderChanged: false })
    // The folder changed since (kit engagement agenda --set two-day): the folder's wins, the browser's is handed back.
    const two = normaliseSpec(SHIPPED_TWO_DAY, catalog)
    const changed = startingAgenda(two, { spec: browser, base }, catalog)
    expect(changed).toEqual({ spec: two, base: agendaBase(two, catalog), folderChanged: true, displaced: browser })
    // A copy kept before bases were recorded counts as based on nothing: the folder wins.
    expect(startingAgenda(folder, { spec: browser }, catalog).spec).toEqual(folder)
    // Equal agendas: nothing to say, nothing displaced.
    expect(startingAgenda(folder, { spec: folder, base: 'stale' }, catalog)).toEqual({ spec: folder, base, folderChanged: false })
    expect(agendaBase(SHIPPED_ONE_DAY, catalog)).toBe(base)
    expect(agendaBase(two, catalog)).not.toBe(base)
  })

  it('standard breaks follow the day’s times and switch off and on', () => {
    const spec = normaliseSpec(SHIPPED_TWO_DAY, catalog)
    expect(standardBreaksFor('11:00', '15:00').map((b) => b.at)).toEqual(['12:30'])
    const late = setDayTime(spec, 0, 'start', '11:00')
    expect(late.days[0]!.breaks.map((b) => b.at)).toEqual(['12:30', '15:00'])
    expect(late.days[1]!.breaks).toHaveLength(3)
    const none = setBreaks(spec, false)
    expect(breaksOn(none)).toBe(false)
    expect(breaksOn(setBreaks(none, true))).toBe(true)
    // Without breaks the same sections end 75 minutes earlier.
    expect(allocateAgenda(none, catalog).days[1]!.end).toBe(allocateAgenda(spec, catalog).days[1]!.end - 75)
    expect(() => setDayTime(spec, 0, 'end', 'late')).toThrow(/Not a time of day/)
  })

  it('is kept in the record as JSON text and read back; what is not an agenda is ignored', () => {
    const spec = setPlacement(normaliseSpec(SHIPPED_TWO_DAY, catalog), catalog, '04-cicd-integration', '2:short')
    expect(readAgendaSpecText(agendaSpecText(spec))).toEqual(spec)
    expect(readAgendaSpecText('{"days": []}')).toBeUndefined()
    expect(readAgendaSpecText('not json')).toBeUndefined()
    expect(readAgendaSpecText('{"days":[{"start":"25:00","end":"17:00","breaks":[],"sections":[]}]}')).toBeUndefined()
  })
})

describe('the agenda route of the local endpoint and kit engagement agenda', () => {
  let dir: string
  let site: StaticServer
  const token = 'test-token'
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kit-agenda-'))
    await cp(join(import.meta.dirname, '..', '..', 'engagements', 'example-other'), dir, { recursive: true })
    site = await serveStatic(dir, 0, '127.0.0.1', engagementEndpoint(dir, token, { catalog: async () => catalog }))
  })
  afterAll(async () => {
    site.server.closeAllConnections()
    await site.close()
    await rm(dir, { recursive: true, force: true })
  })

  const post = (spec: unknown, headers: Record<string, string> = {}) =>
    fetch(`${site.url}${AGENDA_ENDPOINT}`, { method: 'POST', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, ...headers }, body: JSON.stringify({ spec }) })
  const yaml = async () => parseEngagementConfig(await readFile(join(dir, 'engagement.yaml'), 'utf8'), 'engagement.yaml')

  it('gives null while the engagement sets no agenda', async () => {
    const res = await fetch(`${site.url}${AGENDA_ENDPOINT}`, { headers: { [TOKEN_HEADER]: token } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ agenda: null })
  })

  it('refuses another origin and a wrong token, and writes nothing', async () => {
    const spec = normaliseSpec(SHIPPED_ONE_DAY, catalog)
    expect((await post(spec, { origin: 'http://evil.example' })).status).toBe(403)
    expect((await post(spec, { [TOKEN_HEADER]: 'wrong' })).status).toBe(403)
    expect((await yaml()).agenda).toBeUndefined()
  })

  it('refuses an agenda that does not fit with the sentence, and one that names an unknown section', async () => {
    const tooLong = setDayCount(normaliseSpec(SHIPPED_TWO_DAY, catalog), catalog, 1)
    const res = await post(tooLong)
    expect(res.status).toBe(422)
    expect(((await res.json()) as { error: string }).error).toMatch(/^Day 1 ends at \d\d:\d\d, \d+ minutes past 17:00\.$/)
    const unknown = await post({ days: [{ start: '09:00', end: '17:00', breaks: [], sections: ['99-nothing'] }], depth: {} })
    expect(unknown.status).toBe(422)
    expect(((await unknown.json()) as { error: string }).error).toMatch(/unknown section "99-nothing"/)
    const empty = await post(setDayCount(normaliseSpec(SHIPPED_ONE_DAY, catalog), catalog, 2))
    expect(empty.status).toBe(422)
    expect(((await empty.json()) as { error: string }).error).toBe('Day 2 has no section: move one there or make it a one-day agenda')
    const shapeless = await post({ days: 'soon' })
    expect(shapeless.status).toBe(400)
    expect((await yaml()).agenda).toBeUndefined()
  })

  it('writes an agenda that fits into engagement.yaml, keeping the rest of the file; kit engagement agenda prints it', async () => {
    const before = await yaml()
    const spec = setPlacement(normaliseSpec(SHIPPED_ONE_DAY, catalog), catalog, '07-policy-as-code', 'follow-up')
    const res = await post(spec)
    expect(res.status).toBe(200)
    const after = await yaml()
    expect(after.agenda).toEqual(spec)
    expect({ ...after, agenda: undefined }).toEqual({ ...before, agenda: undefined })
    const got = await fetch(`${site.url}${AGENDA_ENDPOINT}`, { headers: { [TOKEN_HEADER]: token } })
    expect(await got.json()).toEqual({ agenda: spec })

    const out: string[] = []
    const err: string[] = []
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }
    expect(await runEngagementAgenda([dir], io, async () => catalog)).toBe(0)
    const end = formatClock(allocateAgenda(spec, catalog).days[0]!.end)
    expect(out.join('\n')).toContain(`Day 1, 09:00–${end}: ends by 17:00`)
    expect(out.join('\n')).toContain('Policies as code (follow-up session,')
    expect(err).toEqual([])
  })

  it('kit engagement agenda exits 2 with the sentence when a day does not fit, and --set writes a kit agenda', async () => {
    const out: string[] = []
    const err: string[] = []
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }
    // A written agenda the planner would refuse (edited by hand): the table still prints, with the sentence.
    const { writeEngagementConfig } = await import('../../core/engagement/folder.ts')
    await writeEngagementConfig(dir, { ...(await yaml()), agenda: setDayTime(normaliseSpec(SHIPPED_ONE_DAY, catalog), 0, 'end', '15:00') })
    expect(await runEngagementAgenda([dir], io, async () => catalog)).toBe(2)
    expect(err.join('\n')).toMatch(/engagement\.yaml: Day 1 ends at \d\d:\d\d, \d+ minutes past 15:00\./)
    // An empty day written by hand: one line naming the file, with the planner's sentence.
    await writeEngagementConfig(dir, { ...(await yaml()), agenda: setDayCount(normaliseSpec(SHIPPED_ONE_DAY, catalog), catalog, 2) })
    await expect(runEngagementAgenda([dir], io, async () => catalog)).rejects.toThrow(/engagement\.yaml: Day 2 has no section: move one there or make it a one-day agenda$/)
    expect(await runEngagementAgenda([dir, '--set', 'two-day'], io, async () => catalog)).toBe(0)
    expect((await yaml()).agenda).toEqual(SHIPPED_TWO_DAY)
    await expect(runEngagementAgenda([dir, '--set', 'three-day'], io, async () => catalog)).rejects.toThrow(/one-day or two-day/)
  })
})
