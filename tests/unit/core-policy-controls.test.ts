// Each control, passing and failing, against the real reports (values checked against the files).
import { describe, expect, it } from 'vitest'
import { evaluate, isRootUser } from '../../core/policy.ts'
import { parseReport } from '../../core/report.ts'
import type { ControlId, ControlResult, ImageAssurancePolicy, ScanResult } from '../../core/types.ts'
import { POKEMONGO, fixture, guidePolicy, load, policy, report } from './core-test-helpers.ts'
import { readFileSync } from 'node:fs'

const NOW = new Date('2026-01-01T00:00:00Z')

function control(scan: ScanResult, p: ImageAssurancePolicy, id: ControlId): ControlResult {
  const verdict = evaluate(scan, [p], { now: NOW })
  const found = verdict.policies[0]?.controls.find((c) => c.control === id)
  if (!found) throw new Error(`control ${id} not in verdict`)
  return found
}

const status = (file: string, p: ImageAssurancePolicy, id: ControlId) => control(load(file), p, id).status

describe("the guide's example policy against ashex/pokemongo-map (alpine 3.4.0)", () => {
  const verdict = evaluate(load(POKEMONGO), [guidePolicy()], { now: NOW })
  const byId = Object.fromEntries(verdict.policies[0]!.controls.map((c) => [c.control, c]))

  it('fails Vulnerability Severity (2 critical + 52 high at or above "high")', () => {
    expect(byId.max_severity).toMatchObject({ status: 'failed', evidenceCount: 54 })
    expect(byId.max_severity!.evidence).toHaveLength(10)
    expect(byId.max_severity!.evidence[0]).toMatchObject({ kind: 'finding', findingId: 'CVE-2020-1747' })
    expect(byId.max_severity!.action).toBe('Fix the vulnerabilities: maximum severity critical matched or exceeded the limit high.')
  })

  it('fails Vulnerability Score (max 10 ≥ 7), Sensitive Data (15), passes Malware, cannot judge Superuser', () => {
    expect(byId.max_score).toMatchObject({ status: 'failed', evidenceCount: 54 })
    expect(byId.max_score!.action).toBe('Fix the vulnerabilities: maximum score 10 matched or exceeded the limit 7.')
    expect(byId.sensitive_data).toMatchObject({ status: 'failed', evidenceCount: 15 })
    expect(byId.malware!.status).toBe('passed')
    expect(byId.root_user!.status).toBe('not-evaluated')
    expect(byId.root_user!.summary).toContain('do not include the image configuration')
  })

  it('fails the CI/CD step but stays compliant: the guide policy fails CI/CD and does not mark images non-compliant', () => {
    expect([verdict.compliant, verdict.failsCicd]).toEqual([true, true])
  })

  it('is non-compliant with the actions Aqua recorded (a blocking policy; disallowed, block_required), failing the same controls', () => {
    const scan = load(POKEMONGO)
    const recorded = evaluate(scan, [guidePolicy({ block_failed: true })], { now: NOW })
    expect([recorded.compliant, recorded.failsCicd]).toEqual([false, true])
    expect(scan.assurance?.disallowed).toBe(true)
    expect(scan.assurance?.checks.filter((c) => c.failed).map((c) => c.control)).toEqual(expect.arrayContaining(['max_severity', 'max_score']))
  })
})

describe('Vulnerability Severity', () => {
  it('passes when nothing reaches the limit (all-in-one: highest high, limit critical)', () => {
    expect(status(report('aqua/postee-all-in-one-3.5.json'), policy({ cvss_severity_enabled: true, cvss_severity: 'critical' }), 'max_severity')).toBe('passed')
  })
  it('is inclusive: a medium finding fails a "medium" limit and passes a "high" one (alpine:3.8)', () => {
    const file = report('aqua/postee-alpine-3.8.json')
    const atLimit = control(load(file), policy({ cvss_severity_enabled: true, cvss_severity: 'medium' }), 'max_severity')
    expect(atLimit).toMatchObject({ status: 'failed', evidenceCount: 2 })
    expect(atLimit.action).toBe('Fix the vulnerabilities: maximum severity medium matched or exceeded the limit medium.')
    expect(status(file, policy({ cvss_severity_enabled: true, cvss_severity: 'high' }), 'max_severity')).toBe('passed')
  })
  it('excludes findings without a fix when asked (distroless-base: medium has no fix, highest fixable is low)', () => {
    const file = report('trivy/distroless-base.json')
    const base = { cvss_severity_enabled: true, cvss_severity: 'medium' }
    expect(status(file, policy(base), 'max_severity')).toBe('failed')
    expect(status(file, policy({ ...base, cvss_severity_exclude_no_fix: true }), 'max_severity')).toBe('passed')
    expect(status(file, policy({ ...base, control_exclude_no_fix: true }), 'max_severity')).toBe('passed')
  })
})

describe('Vulnerability Score', () => {
  it('fails when a score equals maximum_score exactly (alpine:3.8: Aqua scores 5 and 5)', () => {
    const file = report('aqua/postee-alpine-3.8.json')
    expect(control(load(file), policy({ maximum_score_enabled: true, maximum_score: 5 }), 'max_score')).toMatchObject({ status: 'failed', evidenceCount: 2 })
    expect(status(file, policy({ maximum_score_enabled: true, maximum_score: 5.1 }), 'max_score')).toBe('passed')
  })
  it('excludes findings without a fix when asked (debian-stretch: 7.8 has no fix, highest fixable 6.7)', () => {
    const file = report('trivy/debian-stretch.json')
    expect(status(file, policy({ maximum_score_enabled: true, maximum_score: 7 }), 'max_score')).toBe('failed')
    expect(status(file, policy({ maximum_score_enabled: true, maximum_score: 7, maximum_score_exclude_no_fix: true }), 'max_score')).toBe('passed')
  })
})

describe('CVEs Blocked and the allow list', () => {
  const file = report('trivy/alpine-39.json')
  it('fails on a blocked CVE (CVE-2019-1549 in libcrypto1.1 and libssl1.1) and passes on one that is absent', () => {
    const c = control(load(file), policy({ cves_black_list_enabled: true, cves_black_list: ['cve-2019-1549'] }), 'cves_blocked')
    expect(c).toMatchObject({ status: 'failed', evidenceCount: 2 })
    expect(c.action).toContain('CVE-2019-1549')
    expect(status(file, policy({ cves_black_list_enabled: true, cves_black_list: ['CVE-2021-44228'] }), 'cves_blocked')).toBe('passed')
  })
  it('allow-listed CVEs do not count for blocked, severity or score controls', () => {
    const strict = { cvss_severity_enabled: true, cvss_severity: 'critical', maximum_score_enabled: true, maximum_score: 9, cves_black_list_enabled: true, cves_black_list: ['CVE-2019-14697'] }
    const scan = load(file)
    const without = evaluate(scan, [policy(strict)], { now: NOW }).policies[0]!.controls
    expect(without.map((c) => c.status)).toEqual(['failed', 'failed', 'failed'])
    const allowed = evaluate(scan, [policy({ ...strict, cves_white_list_enabled: true, cves_white_list: ['CVE-2019-14697'] })], { now: NOW }).policies[0]!.controls
    expect(allowed.map((c) => c.status)).toEqual(['passed', 'passed', 'passed'])
    expect(allowed[0]!.summary).toContain('2 findings at or above the limit exempted')
    // The list only counts when it is switched on.
    const off = evaluate(scan, [policy({ ...strict, cves_white_list_enabled: false, cves_white_list: ['CVE-2019-14697'] })], { now: NOW }).policies[0]!.controls
    expect(off.map((c) => c.status)).toEqual(['failed', 'failed', 'failed'])
  })
})

describe('ignore recently published vulnerabilities', () => {
  // CVE-2019-14697 (critical, musl) was published 2019-08-06T16:15Z.
  const file = report('trivy/alpine-39.json')
  const now = new Date('2019-08-20T00:00:00Z')
  const p = (period: number) =>
    policy({ cvss_severity_enabled: true, cvss_severity: 'critical', cves_black_list_enabled: true, cves_black_list: ['CVE-2019-14697'], ignore_recently_published_vln: true, ignore_recently_published_vln_period: period })
  it('ignores it 14 days later with a 30-day period', () => {
    const controls = evaluate(load(file), [p(30)], { now }).policies[0]!.controls
    expect(controls.map((c) => c.status)).toEqual(['passed', 'passed'])
  })
  it('counts it with a 13-day period (published 13 days 7¾ hours before now)', () => {
    const controls = evaluate(load(file), [p(13)], { now }).policies[0]!.controls
    expect(controls.map((c) => c.status)).toEqual(['failed', 'failed'])
  })
  it('counts it when the option is off', () => {
    expect(evaluate(load(file), [{ ...p(30), ignore_recently_published_vln: false }], { now }).policies[0]!.controls[0]!.status).toBe('failed')
  })
})

describe('Malware', () => {
  it('passes an Aqua scan that ran malware scanning and found none (alpine:3.8)', () => {
    expect(status(report('aqua/postee-alpine-3.8.json'), policy({ disallow_malware: true }), 'malware')).toBe('passed')
  })
  it('fails when the summary counts malware', () => {
    const doc = JSON.parse(readFileSync(report('aqua/postee-alpine-3.8.json'), 'utf8'))
    doc.vulnerability_summary.malware = 1
    const c = control(parseReport(doc, 'with-malware.json'), policy({ disallow_malware: true }), 'malware')
    expect(c).toMatchObject({ status: 'failed', evidenceCount: 1 })
    expect(c.action).toContain('Remove the malware')
  })
  it('is not evaluated for Trivy (no malware scanner) or when scanning was off (harbor photon)', () => {
    expect(control(load(report('trivy/alpine-39.json')), policy({ disallow_malware: true }), 'malware').summary).toContain('Trivy does not scan for malware')
    expect(status(report('aqua/harbor-scanner-aqua-photon-3.0.json'), policy({ disallow_malware: true }), 'malware')).toBe('not-evaluated')
  })
})

describe('Sensitive Data', () => {
  it('fails on Trivy secrets (2 in secrets.json) and passes a clean Aqua scan', () => {
    const c = control(load(report('trivy/secrets.json')), policy({ scan_sensitive_data: true }), 'sensitive_data')
    expect(c).toMatchObject({ status: 'failed', evidenceCount: 2 })
    expect(c.evidence[0]!.text).toBe('AWS Access Key ID (critical) in deploy.sh:3')
    expect(status(report('aqua/postee-alpine-3.8.json'), policy({ scan_sensitive_data: true }), 'sensitive_data')).toBe('passed')
  })
  it('is not evaluated when sensitive-data scanning was off', () => {
    expect(status(report('aqua/harbor-scanner-aqua-photon-3.0.json'), policy({ scan_sensitive_data: true }), 'sensitive_data')).toBe('not-evaluated')
  })
})

describe('Superuser', () => {
  const p = policy({ only_none_root_users: true })
  it('fails a Trivy image whose config has no User (alpine-39, distroless-base)', () => {
    for (const file of [report('trivy/alpine-39.json'), report('trivy/distroless-base.json')]) {
      const c = control(load(file), p, 'root_user')
      expect(c).toMatchObject({ status: 'failed', evidence: [{ kind: 'user', text: 'USER not set (defaults to root)' }] })
      expect(c.action).toContain('non-root user')
    }
  })
  it('passes the alpine-distroless golden, which sets User 65532', () => {
    expect(control(load(fixture('trivy-alpine-distroless-user.json')), p, 'root_user')).toMatchObject({ status: 'passed', summary: 'Runs as user 65532.' })
  })
  it('is not evaluated without an image config (Aqua payload, repository scan)', () => {
    expect(status(report('aqua/postee-alpine-3.8.json'), p, 'root_user')).toBe('not-evaluated')
    expect(status(report('trivy/npm.json'), p, 'root_user')).toBe('not-evaluated')
  })
  it('treats unset, root, 0, 0:0 and root:root as root', () => {
    for (const user of [null, '', 'root', '0', '0:0', 'root:root', ' root ']) expect(isRootUser(user)).toBe(true)
    for (const user of ['65532', 'nobody', '1000:0', 'app:root', 'rooter']) expect(isRootUser(user)).toBe(false)
  })
})

describe('Packages Blocked / Required', () => {
  it('fails on a blocked package present in the findings (libcrypto1.1, apk)', () => {
    const c = control(load(report('trivy/alpine-39.json')), policy({ packages_black_list_enabled: true, packages_black_list: [{ format: 'apk', name: 'libcrypto1.1', version: '', version_range: '' }] }), 'packages_blocked')
    expect(c).toMatchObject({ status: 'failed', evidence: [{ kind: 'package', text: 'libcrypto1.1 1.1.1b-r1 (apk)' }] })
  })
  it('matches format, version and version_range (npm jquery 3.3.9)', () => {
    const file = report('trivy/npm.json')
    const rule = (r: object) => policy({ packages_black_list_enabled: true, packages_black_list: [{ format: '', name: 'jquery', version: '', version_range: '', ...r }] })
    expect(status(file, rule({ version_range: '<3.4.0' }), 'packages_blocked')).toBe('failed')
    expect(status(file, rule({ version_range: '>=3.4.0' }), 'packages_blocked')).toBe('passed')
    expect(status(file, rule({ version: '3.3.9', format: 'npm' }), 'packages_blocked')).toBe('failed')
    expect(status(file, rule({ format: 'deb' }), 'packages_blocked')).toBe('passed')
  })
  it('cannot pass on a report that lists only vulnerable packages', () => {
    const c = control(load(report('trivy/alpine-39.json')), policy({ packages_black_list_enabled: true, packages_black_list: [{ format: 'apk', name: 'telnet', version: '', version_range: '' }] }), 'packages_blocked')
    expect(c.status).toBe('not-evaluated')
    expect(c.summary).toContain('--list-all-pkgs')
  })
  it('required packages: present passes, missing fails with a full list (npm.json)', () => {
    const file = report('trivy/npm.json')
    const req = (name: string) => policy({ packages_white_list_enabled: true, packages_white_list: [{ format: 'npm', name, version: '', version_range: '' }] })
    expect(status(file, req('react'), 'packages_required')).toBe('passed')
    const c = control(load(file), req('lodash'), 'packages_required')
    expect(c).toMatchObject({ status: 'failed', action: 'Add the required packages to the image: lodash (npm).' })
    expect(status(report('trivy/alpine-39.json'), req('lodash'), 'packages_required')).toBe('not-evaluated')
  })
})

describe('OSS Licenses Blocked / Allowed', () => {
  it('blocked: MIT fails npm.json (5 MIT packages), GPL-3.0 passes', () => {
    const file = report('trivy/npm.json')
    expect(control(load(file), policy({ blacklisted_licenses_enabled: true, blacklisted_licenses: ['MIT'] }), 'licenses_blocked')).toMatchObject({ status: 'failed', evidenceCount: 5 })
    expect(status(file, policy({ blacklisted_licenses_enabled: true, blacklisted_licenses: ['GPL-3.0'] }), 'licenses_blocked')).toBe('passed')
  })
  it('blocked: GPL2only fails the alm-integration image (Aqua resource licenses)', () => {
    expect(status(report('aqua/postee-alm-integration-image.json'), policy({ blacklisted_licenses_enabled: true, blacklisted_licenses: ['GPL2only'] }), 'licenses_blocked')).toBe('failed')
  })
  it('allowed: MIT-only passes npm.json, BSD-only fails it', () => {
    const file = report('trivy/npm.json')
    expect(status(file, policy({ whitelisted_licenses_enabled: true, whitelisted_licenses: ['MIT'] }), 'licenses_allowed')).toBe('passed')
    expect(status(file, policy({ whitelisted_licenses_enabled: true, whitelisted_licenses: ['BSD'] }), 'licenses_allowed')).toBe('failed')
  })
  it('is not evaluated without license data (alpine-39)', () => {
    expect(status(report('trivy/alpine-39.json'), policy({ blacklisted_licenses_enabled: true, blacklisted_licenses: ['MIT'] }), 'licenses_blocked')).toBe('not-evaluated')
  })
})

describe('Labels Required / Forbidden', () => {
  const ubi = report('trivy/ubi-7-comprehensive.json')
  it('required: "*" and "" match any value; a different value fails', () => {
    expect(status(ubi, policy({ required_labels_enabled: true, required_labels: [{ key: 'maintainer', value: '*' }] }), 'labels_required')).toBe('passed')
    expect(status(ubi, policy({ required_labels_enabled: true, required_labels: [{ key: 'maintainer', value: '' }] }), 'labels_required')).toBe('passed')
    expect(status(ubi, policy({ required_labels_enabled: true, required_labels: [{ key: 'maintainer', value: 'Red Hat, Inc.' }] }), 'labels_required')).toBe('passed')
    const c = control(load(ubi), policy({ required_labels_enabled: true, required_labels: [{ key: 'maintainer', value: 'someone else' }] }), 'labels_required')
    expect(c).toMatchObject({ status: 'failed', evidence: [{ kind: 'label', text: 'maintainer is "Red Hat, Inc.", expected "someone else"' }] })
  })
  it('required: missing on alpine-39 (no labels), not evaluated on an Aqua payload', () => {
    expect(status(report('trivy/alpine-39.json'), policy({ required_labels_enabled: true, required_labels: [{ key: 'maintainer', value: '*' }] }), 'labels_required')).toBe('failed')
    expect(status(POKEMONGO, policy({ required_labels_enabled: true, required_labels: [{ key: 'maintainer', value: '*' }] }), 'labels_required')).toBe('not-evaluated')
  })
  it('forbidden: present fails, absent passes', () => {
    expect(status(ubi, policy({ forbidden_labels_enabled: true, forbidden_labels: [{ key: 'vendor', value: 'Red Hat, Inc.' }] }), 'labels_forbidden')).toBe('failed')
    expect(status(ubi, policy({ forbidden_labels_enabled: true, forbidden_labels: [{ key: 'vendor', value: 'Someone' }] }), 'labels_forbidden')).toBe('passed')
    expect(status(ubi, policy({ forbidden_labels_enabled: true, forbidden_labels: [{ key: 'com.example.debug', value: '*' }] }), 'labels_forbidden')).toBe('passed')
  })
})

describe('Approved Base Image', () => {
  const p = policy({ trusted_base_images_enabled: true, trusted_base_images: [{ registry: 'Docker Hub', imagename: 'alpine:3.9', imagedigest: 'sha256:aaaa' }] })
  it('is not evaluated when the report has no base-image digest (every real report)', () => {
    expect(status(report('trivy/alpine-39.json'), p, 'trusted_base_images')).toBe('not-evaluated')
    expect(status(report('aqua/postee-alpine-3.8.json'), p, 'trusted_base_images')).toBe('not-evaluated')
  })
  it('passes a matching digest and fails another when the data is there', () => {
    const scan = load(report('trivy/alpine-39.json'))
    scan.config = { ...scan.config!, baseImageDigest: 'sha256:aaaa' }
    expect(control(scan, p, 'trusted_base_images').status).toBe('passed')
    const other = load(report('trivy/alpine-39.json'))
    other.config = { ...other.config!, baseImageDigest: 'sha256:bbbb' }
    expect(control(other, p, 'trusted_base_images')).toMatchObject({ status: 'failed', action: expect.stringContaining('approved base images') })
  })
})

describe('controls that need the live platform', () => {
  it.each(['dta', 'custom_checks', 'scap', 'microenforcer'] as const)('%s is not evaluated, never passed', (id) => {
    const fields = { dta: { dta_enabled: true }, custom_checks: { custom_checks_enabled: true, custom_checks: [{}] }, scap: { scap_enabled: true, scap_files: [{}] }, microenforcer: { force_microenforcer: true } }[id]
    const verdict = evaluate(load(report('trivy/alpine-310.json')), [policy(fields)], { now: NOW })
    const c = verdict.policies[0]!.controls[0]!
    expect(c).toMatchObject({ control: id, status: 'not-evaluated', action: null })
    expect(c.summary.startsWith('needs the live platform')).toBe(true)
    expect(verdict.notEvaluated).toEqual([id])
    expect(verdict.policies[0]!.passed).toBe(true) // not evaluated is not a failure…
    expect([verdict.compliant, verdict.failsCicd]).toEqual([true, false]) // …and changes neither outcome
  })
})
