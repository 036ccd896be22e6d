import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  ANSWERS_FILE,
  JOURNAL_FILE,
  answersAt,
  emptyRecord,
  fieldProblem,
  loadAnswers,
  mergeChanges,
  parseChanges,
  parseRecord,
  readAnswers,
  recoverRecord,
  saveAnswers,
} from '../../core/engagement/answers.ts'
import { WORKSHEETS, parsePath } from '../../core/engagement/worksheets.ts'
import { main } from '../../cli/kit.ts'
import { engagementEndpoint, sameOrigin } from '../../scripts/engagement-endpoint.ts'
import { parseServeOptions } from '../../scripts/options.ts'
import { injectMeta } from '../../scripts/server.ts'

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 9, 0, s)).toISOString()
const change = (value: string, second: number) => ({ value, at: at(second) })

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kit-answers-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the record', () => {
  it('merges field by field: the newer value wins, an older retry never overwrites', () => {
    const first = mergeChanges(emptyRecord(), { 'siem-target.platform': change('Splunk', 2), 'siem-target.owner': change('SOC', 2) }).record
    const second = mergeChanges(first, { 'siem-target.platform': change('Elastic', 1), 'siem-target.endpoint': change('hec:8088', 3) })
    expect(second.record.fields['siem-target.platform']?.value).toBe('Splunk')
    expect(second.record.fields['siem-target.endpoint']?.value).toBe('hec:8088')
    expect(Object.keys(second.applied)).toEqual(['siem-target.endpoint'])
  })

  it('rejects changes that are not field paths or not strings, naming the field', () => {
    expect(() => parseChanges({ '../etc/passwd': change('x', 1) })).toThrow(/is not a worksheet field path/)
    expect(() => parseChanges({ 'siem-target.platform': { value: 3, at: at(1) } })).toThrow(/siem-target\.platform\.value/)
  })

  it('keeps a value that fails its check and says why', () => {
    expect(fieldProblem('severity-counts.0.critical', 'twelve')).toMatch(/whole number/)
    expect(fieldProblem('actions.1.due', '2026-02-30')).toMatch(/YYYY-MM-DD/)
    expect(fieldProblem('actions.1.due', '2026-12-15')).toBeNull()
    const record = mergeChanges(emptyRecord(), { 'severity-counts.0.critical': change('twelve', 1) }).record
    const view = readAnswers(record)
    expect(view.problems).toEqual(['severity-counts.0.critical: a count: a whole number such as 12'])
    const counts = view.worksheets.find((w) => w.sheet.id === 'severity-counts')!
    expect(counts.rows[0]!.cells[0]!.value).toBe('twelve')
  })

  it('names the line of a corrupted answers.json and starts from the journal', () => {
    const journal = `${JSON.stringify({ seq: 1, at: at(1), changes: { 'gitops.repository': change('git@example:policies', 1) } })}\n`
    const broken = '{\n  "version": 1,\n  "seq": 1,\n  "fields": {\n    "gitops.repository": {"value": "x", \n'
    const recovered = recoverRecord(broken, journal)
    expect(recovered.source).toBe('journal')
    expect(recovered.problems[0]).toMatch(/^answers\.json line \d+: not valid JSON; started from the last good journal entry$/)
    expect(recovered.record.fields['gitops.repository']?.value).toBe('git@example:policies')
    expect(() => parseRecord('{\n"version": 2,\n"seq": 0,\n"fields": {}\n}')).toThrow(/answers\.json line 2: version must be 1/)
  })

  it('every worksheet path fits the test contract', () => {
    for (const sheet of WORKSHEETS) {
      const keys = sheet.kind === 'questions' ? sheet.questions.map((f) => `${sheet.id}.${f.key}`) : sheet.columns.map((f) => `${sheet.id}.0.${f.key}`)
      for (const key of keys) expect(parsePath(key), key).not.toBeNull()
    }
    expect(new Set(WORKSHEETS.map((w) => w.id)).size).toBe(WORKSHEETS.length)
  })
})

describe('the engagement folder', () => {
  it('journals every save before the record, and brings back any earlier state', async () => {
    await saveAnswers(dir, { 'actions.0.action': change('Ask the Nexus owner for a read-only account', 1) })
    await saveAnswers(dir, { 'actions.0.action': change('Read-only account requested', 2), 'actions.0.owner': change('Dana', 2) })
    const journal = (await readFile(join(dir, JOURNAL_FILE), 'utf8')).trim().split('\n')
    expect(journal).toHaveLength(2)
    const { record, source } = await loadAnswers(dir)
    expect(source).toBe('answers')
    expect(record.seq).toBe(2)
    expect(record.fields['actions.0.action']?.value).toBe('Read-only account requested')
    expect((await answersAt(dir, 1)).fields['actions.0.action']?.value).toBe('Ask the Nexus owner for a read-only account')
  })

  it('two concurrent saves of different fields both land', async () => {
    await Promise.all([saveAnswers(dir, { 'sso-decisions.idp': change('Entra ID', 1) }), saveAnswers(dir, { 'sso-decisions.test-user': change('t@example.com', 1) })])
    const { record } = await loadAnswers(dir)
    expect(Object.keys(record.fields).sort()).toEqual(['sso-decisions.idp', 'sso-decisions.test-user'])
  })

  it('recovers a save the record missed (crash between journal and record) and skips a torn journal line', async () => {
    await saveAnswers(dir, { 'siem-target.platform': change('Splunk', 1) })
    await appendFile(join(dir, JOURNAL_FILE), `${JSON.stringify({ seq: 2, at: at(2), changes: { 'siem-target.owner': change('SOC team', 2) } })}\n{"seq":3,"at"`)
    const { record, problems } = await loadAnswers(dir)
    expect(record.fields['siem-target.owner']?.value).toBe('SOC team')
    expect(problems).toEqual([`${join(dir, JOURNAL_FILE)} line 3: not valid JSON; skipped`])
  })

  it('kit engagement answers prints the record, and --json gives it whole', async () => {
    await saveAnswers(dir, { 'siem-target.platform': change('<b>Splunk</b>', 1), 'severity-counts.0.critical': change('x', 1) })
    const out: string[] = []
    const err: string[] = []
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }
    expect(await main(['engagement', 'answers', dir], io)).toBe(0)
    const text = out.join('\n')
    expect(text).toContain('SIEM target')
    expect(text).toContain('<b>Splunk</b>')
    expect(text).toMatch(/alpine:3\.4 +x  \(!\) a count: a whole number/)
    out.length = 0
    expect(await main(['engagement', 'answers', dir, '--json'], io)).toBe(0)
    expect(JSON.parse(out.join('\n'))).toEqual(JSON.parse(await readFile(join(dir, ANSWERS_FILE), 'utf8')))
  })

  it('lists the lab pages’ answers under their worksheet: lab-only fields, lab-only columns and a lab’s own worksheets', async () => {
    const fields = {
      'ci-scan-step.first-scan': change('failed: prod-gate', 1),
      'siem-target.keep-target': change('yes, the SOC lead', 1),
      'registries.0.name': change('harbor.example.com', 1),
      'registries.0.reach': change('cloud connector', 1),
      'lab01-pull-settings.2.decision': change('prod-* only', 1),
      'lab03-actions-and-scope.policy-name': change('workshop-prod', 1),
      'policy-custom.json': change('{}', 1),
    }
    const view = readAnswers({ version: 1, seq: 1, fields })
    // Only the planner's own data is "other".
    expect(view.other).toEqual({ 'policy-custom.json': '{}' })
    const sheet = (id: string) => view.worksheets.find((w) => w.sheet.id === id)!
    expect(sheet('ci-scan-step').answers.find((a) => a.key === 'first-scan')).toMatchObject({ value: 'failed: prod-gate', labOnly: true })
    expect(sheet('siem-target').answers.find((a) => a.key === 'keep-target')).toMatchObject({ value: 'yes, the SOC lead', labOnly: true })
    expect(sheet('registries').rows[0]!.cells.find((c) => c.key === 'reach')).toMatchObject({ value: 'cloud connector', labOnly: true })
    const pull = sheet('lab01-pull-settings')
    expect(pull).toMatchObject({ lab: '01', filled: true, sheet: { title: 'Lab 01: Pull settings', kind: 'table' } })
    expect(pull.rows).toHaveLength(3)
    expect(pull.rows[2]!.cells).toEqual([expect.objectContaining({ label: 'Decision', value: 'prod-* only' })])
    expect(sheet('lab03-actions-and-scope')).toMatchObject({ lab: '03', sheet: { kind: 'questions' }, answers: [expect.objectContaining({ label: 'Policy name', value: 'workshop-prod' })] })

    await saveAnswers(dir, fields)
    const out: string[] = []
    expect(await main(['engagement', 'answers', dir], { out: (t: string) => void out.push(t), err: () => {} })).toBe(0)
    const text = out.join('\n')
    expect(text).toMatch(/First scan-only build of alpine:3\.4 .*\(lab result\) +failed: prod-gate/)
    expect(text).toContain('Lab 01: Pull settings (lab01-pull-settings, lab 01 results)')
    expect(text).toMatch(/Other answers\n +policy-custom\.json/)
    expect(text).not.toMatch(/Other answers[\s\S]*lab01-pull-settings/)
  })

  it('kit engagement answers on a corrupted file names the line and prints the journal state', async () => {
    await saveAnswers(dir, { 'gitops.repository': change('policies', 1) })
    await writeFile(join(dir, ANSWERS_FILE), '{\n  "version": 1,\n  oops\n}\n')
    const out: string[] = []
    const err: string[] = []
    expect(await main(['engagement', 'answers', dir, '--json'], { out: (t) => void out.push(t), err: (t) => void err.push(t) })).toBe(0)
    expect(err.join('\n')).toMatch(/answers\.json line 3: not valid JSON; started from the last good journal entry/)
    expect(JSON.parse(out.join('\n')).fields['gitops.repository'].value).toBe('policies')
  })
})

describe('the engagement endpoint', () => {
  it('serves answers on this machine only', () => {
    expect(parseServeOptions(['--engagement', 'engagements/acme']).engagement).toBe('engagements/acme')
    expect(() => parseServeOptions(['--engagement', 'x', '--host', '0.0.0.0'])).toThrow(/localhost/)
    expect(() => engagementEndpoint(join(dir, 'missing'))).toThrow(/no such folder/)
  })

  it('accepts only its own origin (Host and Origin)', () => {
    expect(sameOrigin({ host: 'localhost:3030' }, 3030)).toBe(true)
    expect(sameOrigin({ host: '127.0.0.1:3030', origin: 'http://127.0.0.1:3030' }, 3030)).toBe(true)
    expect(sameOrigin({ host: 'attacker.example:3030' }, 3030)).toBe(false)
    expect(sameOrigin({ host: 'localhost:3030', origin: 'http://attacker.example' }, 3030)).toBe(false)
    expect(sameOrigin({ host: 'localhost:3031' }, 3030)).toBe(false)
    expect(sameOrigin({}, 3030)).toBe(false)
  })

  it('hands its token to the kit pages in a meta element, escaped', () => {
    const endpoint = engagementEndpoint(dir, 'tok"en')
    expect(endpoint.meta).toContain('content="tok&quot;en"')
    expect(injectMeta('<html><head><title>x</title></head>', endpoint.meta)).toMatch(/^<html><head><meta name="kit-engagement" content="tok&quot;en" data-engagement="kit-answers-[^"]+"><title>/)
  })
})
