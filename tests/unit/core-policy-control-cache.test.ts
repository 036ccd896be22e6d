// The per-control cache PolicyImpact's switches use: every verdict recombined from kept per-control
// results must equal `evaluate` itself, for every control switched on and off, over the real reports.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTROLS, CONTROL_ORDER, combinePolicies, controlSettingsKey, createControlCache, evaluate } from '../../core/policy.ts'
import type { ImageAssurancePolicy, ScanResult } from '../../core/types.ts'
import { REPORTS, guidePolicy, load, policy } from './core-test-helpers.ts'

const NOW = new Date('2026-01-01T00:00:00Z')
const scans: ScanResult[] = ['aqua', 'trivy'].flatMap((dir) =>
  readdirSync(join(REPORTS, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => load(join(REPORTS, dir, f))),
)
// Settings taken from the reports themselves, so list controls fail somewhere and pass elsewhere.
const someCve = scans.flatMap((s) => s.findings).find((f) => f.id.startsWith('CVE-'))!.id
const somePackage = scans.flatMap((s) => s.findings)[0]!.pkg.name

/** A policy with every control's settings filled in, and the guide's controls switched on. */
const base: ImageAssurancePolicy = guidePolicy({
  cves_black_list: [someCve],
  packages_black_list: [{ name: somePackage }],
  packages_white_list: [{ name: somePackage }],
  blacklisted_licenses: ['GPL-2.0'],
  whitelisted_licenses: ['MIT'],
  required_labels: [{ key: 'maintainer' }],
  forbidden_labels: [{ key: 'env', value: 'dev' }],
  trusted_base_images: [{ registry: 'docker.io', imagename: 'library/alpine' }],
  cves_white_list_enabled: true,
  cves_white_list: [someCve],
})
const other = policy({ name: 'audit-only severity', cvss_severity_enabled: true, cvss_severity: 'critical', block_failed: false, fail_cicd: false })

function viaCache(cache: ReturnType<typeof createControlCache>, policies: ImageAssurancePolicy[]) {
  const kept = policies.map((p) => cache.policyVerdicts(p))
  return scans.map((scan, r) => combinePolicies(scan, policies, (_, i) => kept[i]![r]!, NOW))
}

describe('per-control results recombined (createControlCache + combinePolicies)', () => {
  it('the reports are read and the settings come from them', () => {
    expect(scans.length).toBeGreaterThan(10)
    expect(someCve).toMatch(/^CVE-/)
  })

  it('equals evaluate for every control switched on and off, alone and beside another policy, one cache throughout', () => {
    const cache = createControlCache(scans, NOW)
    let compared = 0
    for (const id of CONTROL_ORDER) {
      const field = CONTROLS[id].enableField
      for (const on of [true, false]) {
        const switched = { ...base, [field]: on }
        for (const policies of [[switched], [other, switched]]) {
          const got = viaCache(cache, policies)
          scans.forEach((scan, r) => expect(got[r]).toEqual(evaluate(scan, policies, { now: NOW })))
          compared += scans.length
        }
      }
    }
    expect(compared).toBe(CONTROL_ORDER.length * 2 * 2 * scans.length)
  })

  it('a verdict changes when a switch changes it (the comparison can fail)', () => {
    const cache = createControlCache(scans, NOW)
    const on = viaCache(cache, [{ ...base, cvss_severity_enabled: true, cvss_severity: 'low' }])
    const off = viaCache(cache, [{ ...base, cvss_severity_enabled: false, cvss_severity: 'low' }])
    expect(on.filter((v) => !v.policies[0]!.passed).length).toBeGreaterThan(off.filter((v) => !v.policies[0]!.passed).length)
  })

  it('a disabled policy counts for nothing, as in evaluate', () => {
    const cache = createControlCache(scans, NOW)
    const policies = [{ ...base, enabled: false }, other]
    viaCache(cache, policies).forEach((v, r) => expect(v).toEqual(evaluate(scans[r]!, policies, { now: NOW })))
  })

  it('the settings key ignores enable fields only', () => {
    expect(controlSettingsKey({ ...base, malware_enabled_dummy: 1 } as ImageAssurancePolicy)).not.toBe(controlSettingsKey(base))
    expect(controlSettingsKey({ ...base, disallow_malware: false, cvss_severity_enabled: false })).toBe(controlSettingsKey(base))
    expect(controlSettingsKey({ ...base, cvss_severity: 'critical' })).not.toBe(controlSettingsKey(base))
    expect(controlSettingsKey({ ...base, cves_white_list_enabled: false })).not.toBe(controlSettingsKey(base))
  })
})
