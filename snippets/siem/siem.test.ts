// SIEM snippets: the log-management objects use only the API's field names for their target, keep
// the HEC token out of the file, and the Splunk search reads the index and sourcetype they set.

import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { literalSecrets } from '../checks/secrets.ts'

const DIR = resolve(import.meta.dirname)
const load = async (f: string) => JSON.parse(await readFile(join(DIR, f), 'utf8')) as Record<string, unknown>
const splunk = await load('splunk.json')
const syslog = await load('syslog.json')
const spl = await readFile(join(DIR, 'image-policy-failures.spl'), 'utf8')

// Log-management targets and their fields (github.com/aquasecurity/terraform-provider-aquasec,
// client/log_management.go and docs/resources/log_management.md).
const TARGET_FIELDS: Record<string, string[]> = {
  Splunk: ['url', 'token', 'index', 'sourcetype'],
  Syslog: ['url', 'network', 'verify_cert', 'ca_cert', 'enable_alphanumeric_sorting'],
}
const COMMON = ['name', 'enable', 'audit_filter']
const PLACEHOLDER = /^\$\{[A-Z_][A-Z0-9_]*\}$/

describe.each([
  ['splunk.json', splunk],
  ['syslog.json', syslog],
])('%s', (_file, target) => {
  it('is a known target with only its own fields', () => {
    const name = String(target.name)
    expect(Object.keys(TARGET_FIELDS)).toContain(name)
    expect(Object.keys(target).filter((k) => !COMMON.includes(k) && !TARGET_FIELDS[name]!.includes(k))).toEqual([])
    expect(target.enable).toBe(true)
    expect(typeof target.audit_filter).toBe('string')
    expect(target).not.toHaveProperty('source') // fixed to "aquasec" by Aqua
  })
  it('holds no literal secret', () => {
    if ('token' in target) expect(target.token).toMatch(PLACEHOLDER)
    expect(literalSecrets(JSON.stringify(target))).toEqual([])
  })
})

describe('Splunk', () => {
  it('the HEC target has url, token, index and sourcetype', () => {
    for (const k of TARGET_FIELDS.Splunk!) expect(splunk[k], k).toBeTruthy()
    expect(String(splunk.url)).toMatch(/^https:\/\//)
  })

  it('the search reads the index and sourcetype the target writes, and finds policy failures', () => {
    expect(spl).toMatch(new RegExp(`^index=${String(splunk.index)} sourcetype="${String(splunk.sourcetype)}"`))
    expect(spl).toContain('action="policy.failure"')
    for (const field of ['data.policy_id', 'data.controls{}', 'data.blocking', 'image']) expect(spl).toContain(field)
  })

  it('the search is well formed: balanced quotes and brackets, known commands', () => {
    expect((spl.match(/"/g) ?? []).length % 2).toBe(0)
    let depth = 0
    for (const c of spl) {
      if (c === '(') depth++
      if (c === ')') depth--
      expect(depth).toBeGreaterThanOrEqual(0)
    }
    expect(depth).toBe(0)
    const commands = spl.trim().split('\n').slice(1).map((l) => /^\|\s*(\w+)/.exec(l)?.[1])
    for (const c of commands) expect(['spath', 'rename', 'stats', 'convert', 'sort', 'eval', 'table', 'where']).toContain(c)
  })
})
