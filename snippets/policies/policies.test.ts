// Policy files: parse, unique names, image policies with explicit actions, only fields the Aqua
// API knows (the kit's ImageAssurancePolicy type plus the researched field list), values that
// make sense, the kit's own linter has no errors, and the README table covers every file.

import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KNOWN_FIELDS, lintPolicy } from '../../core/policy.ts'
import { checkPolicyFile } from '../policy-push/push-policies.ts'

const DIR = resolve(import.meta.dirname)
const ROOT = resolve(DIR, '../..')

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? jsonFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith('.json') ? [join(dir, e.name)] : []))))
  return nested.flat().sort()
}

const files = await jsonFiles(DIR)
const policies = await Promise.all(
  files.map(async (f) => ({ file: relative(DIR, f), json: JSON.parse(await readFile(f, 'utf8')) as Record<string, unknown> })),
)
const byFile = (f: string) => policies.find((p) => p.file === f)!.json

/** Field names of ImageAssurancePolicy: the fields the policy schema (core/policy/schema.ts) names. */
async function typedFields(): Promise<string[]> {
  expect(KNOWN_FIELDS.size).toBeGreaterThan(0)
  return [...KNOWN_FIELDS]
}

/** Further policy fields from the Aqua API client (github.com/aquasecurity/terraform-provider-aquasec,
 * client/assurance_policy.go `type AssurancePolicy`) that the type leaves untyped. */
const API_FIELDS = [
  'id', 'author', 'lastupdate', 'registry', 'domain', 'domain_name', 'permission', 'category', 'read_only',
  'exclude_application_scopes', 'scope', 'registries', 'labels', 'images',
  'enforce', 'enforce_after_days', 'policy_settings',
  'auto_scan_enabled', 'auto_scan_configured', 'auto_scan_time',
  'monitored_malware_paths', 'exceptional_monitored_malware_paths', 'scan_malware_in_archives', 'malware_action',
  'ignored_sensitive_resources', 'ignore_recently_published_fix_vln', 'ignore_recently_published_fix_vln_period',
  'ignore_base_image_vln', 'ignore_risk_resources_enabled', 'ignored_risk_resources', 'partial_results_image_fail',
  'allowed_images', 'aggregated_vulnerability', 'vulnerability_score_range', 'vulnerability_exploitability',
  'disallow_exploit_types',
]

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'negligible']

describe('policy files', () => {
  it('are the six expected files', () => {
    expect(policies.map((p) => p.file)).toEqual([
      'baseline-default.json', 'custom-example.json', 'env/dev-test.json', 'env/non-prod.json', 'env/prod.json', 'prod-gate.json',
    ])
  })

  it('have unique names', () => {
    const names = policies.map((p) => p.json.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it.each(policies.map((p) => [p.file, p.json] as const))('%s: image policy with scopes, description and explicit actions', (_f, p) => {
    expect(checkPolicyFile(p)).toEqual([])
    expect(p.assurance_type).toBe('image')
    expect(typeof p.description).toBe('string')
    expect((p.description as string).length).toBeGreaterThan(40)
    for (const flag of ['audit_on_failure', 'fail_cicd', 'block_failed', 'enabled']) expect(typeof p[flag], flag).toBe('boolean')
  })

  it.each(policies.map((p) => [p.file, p.json] as const))('%s: only known fields', async (_f, p) => {
    const known = new Set([...(await typedFields()), ...API_FIELDS])
    expect(Object.keys(p).filter((k) => !known.has(k))).toEqual([])
  })

  it.each(policies.map((p) => [p.file, p.json] as const))('%s: enabled controls carry sensible settings', (_f, p) => {
    if (p.cvss_severity_enabled) expect(SEVERITIES).toContain(p.cvss_severity)
    if (p.maximum_score_enabled) {
      expect(typeof p.maximum_score).toBe('number')
      expect(p.maximum_score as number).toBeGreaterThanOrEqual(0)
      expect(p.maximum_score as number).toBeLessThanOrEqual(10)
    }
    for (const [flag, list] of [
      ['cves_black_list_enabled', 'cves_black_list'],
      ['required_labels_enabled', 'required_labels'],
      ['blacklisted_licenses_enabled', 'blacklisted_licenses'],
      ['packages_black_list_enabled', 'packages_black_list'],
      ['trusted_base_images_enabled', 'trusted_base_images'],
    ] as const) {
      if (p[flag]) expect((p[list] as unknown[]).length, list).toBeGreaterThan(0)
    }
  })

  it.each(policies.map((p) => [p.file, p.json] as const))('%s: the kit linter (core/policy.ts lintPolicy) finds no errors', (f, p) => {
    expect(lintPolicy(p, f).filter((x) => x.severity === 'error')).toEqual([])
  })

  it('the known-field check can fail', async () => {
    const known = new Set([...(await typedFields()), ...API_FIELDS])
    expect(known.has('disallow_malware')).toBe(true)
    expect(known.has('containerRunner')).toBe(false)
    expect(known.has('image_age_enabled')).toBe(false)
  })
})

describe('what each policy is for', () => {
  it('baseline-default mirrors the shipped Default, minimal', () => {
    const p = byFile('baseline-default.json')
    expect(p.name).toBe('Default')
    expect(p.application_scopes).toEqual(['Global'])
    expect(p.description).toMatch(/ships/)
    expect(p.description).toMatch(/not confirmed/)
    expect(p).toMatchObject({ disallow_malware: true, cvss_severity_enabled: true, cvss_severity: 'critical' })
  })

  it("custom-example is the guide's example policy", () => {
    const p = byFile('custom-example.json')
    expect(p).toMatchObject({
      disallow_malware: true,
      scan_sensitive_data: true,
      only_none_root_users: true,
      maximum_score_enabled: true,
      cvss_severity_enabled: true,
      cvss_severity: 'high',
      custom_severity_enabled: true,
    })
    expect(p.description).toContain(String((p.maximum_score as number).toFixed(1))) // the value is explained
  })

  it('the GitOps stages step up from audit to fail to block', () => {
    expect(byFile('env/dev-test.json')).toMatchObject({ audit_on_failure: true, fail_cicd: false, block_failed: false })
    expect(byFile('env/non-prod.json')).toMatchObject({ audit_on_failure: true, fail_cicd: true, block_failed: false })
    expect(byFile('env/prod.json')).toMatchObject({ audit_on_failure: true, fail_cicd: true, block_failed: true })
    expect(byFile('prod-gate.json')).toMatchObject({ fail_cicd: true, block_failed: true })
  })
})

describe('README.md', () => {
  it('has a row for every policy file with its name', async () => {
    const readme = await readFile(join(DIR, 'README.md'), 'utf8')
    expect(readme).toMatch(/\| File \| Policy name \| Purpose \| Controls \| Actions \|/)
    for (const p of policies) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${p.file}\``))
      expect(row, p.file).toBeDefined()
      expect(row).toContain(`\`${String(p.json.name)}\``)
      const actions = [p.json.audit_on_failure && 'audit', p.json.fail_cicd && 'fail CI/CD', p.json.block_failed && 'block'].filter(Boolean)
      expect(row!.split('|').at(-2)!.trim().replace(' only', '')).toBe(actions.join(', '))
    }
  })
})
