// How policies combine into a verdict: action flags, layering, audit-only, skipped policies,
// action sentences and the CONTROLS catalogue.
import { describe, expect, it } from 'vitest'
import { CONTROLS, actionsOf, evaluate } from '../../core/policy.ts'
import type { ControlId } from '../../core/types.ts'
import { POKEMONGO, guidePolicy, load, policy, report } from './core-test-helpers.ts'

const NOW = new Date('2026-01-01T00:00:00Z')
const severity = (limit: string, flags: object = {}) => policy({ name: `severity-${limit}`, cvss_severity_enabled: true, cvss_severity: limit, ...flags })

describe('action flags', () => {
  const all = { audit: true, failCicd: true, markNonCompliant: true }
  it('absent flags default to true (the Terraform provider default)', () => {
    expect(actionsOf(policy())).toEqual(all)
  })
  it('reads each flag on its own: they are independent actions', () => {
    expect(actionsOf(policy({ block_failed: false }))).toEqual({ ...all, markNonCompliant: false })
    expect(actionsOf(policy({ block_failed: false, fail_cicd: false }))).toEqual({ audit: true, failCicd: false, markNonCompliant: false })
    expect(actionsOf(policy({ block_failed: false, fail_cicd: false, audit_on_failure: false }))).toEqual({ audit: false, failCicd: false, markNonCompliant: false })
    expect(actionsOf(policy({ block_failed: true, fail_cicd: false, audit_on_failure: false }))).toEqual({ audit: false, failCicd: false, markNonCompliant: true })
  })
  it('a failing policy without flags makes the image non-compliant and fails the CI/CD step', () => {
    const verdict = evaluate(load(report('trivy/alpine-39.json')), [severity('critical')], { now: NOW })
    expect(verdict).toMatchObject({ compliant: false, failsCicd: true, policies: [{ actions: all, passed: false }] })
  })
  // The console's "Image Is Compliant" beside a failed Default policy: failing CI/CD is not marking
  // the image non-compliant (Aqua lists the two as separate actions).
  it('fail CI/CD without "mark non-compliant": the CI/CD step fails, the image stays compliant', () => {
    const verdict = evaluate(load(report('trivy/alpine-39.json')), [severity('critical', { block_failed: false })], { now: NOW })
    expect([verdict.compliant, verdict.failsCicd]).toEqual([true, true])
  })
  it('"mark non-compliant" without fail CI/CD: non-compliant, the CI/CD step passes', () => {
    const verdict = evaluate(load(report('trivy/alpine-39.json')), [severity('critical', { fail_cicd: false })], { now: NOW })
    expect([verdict.compliant, verdict.failsCicd]).toEqual([false, false])
  })
})

describe('layered policies', () => {
  // all-in-one: highest severity high. A Default-style gate at critical passes; a stricter audit-only
  // policy at high fails but must not make the image non-compliant.
  const scan = () => load(report('aqua/postee-all-in-one-3.5.json'))
  const gate = severity('critical', { name: 'Default', fail_cicd: true, block_failed: false })
  const audit = severity('high', { name: 'audit-high', fail_cicd: false, block_failed: false, audit_on_failure: true })

  it('an audit-only failure is reported but changes neither compliance nor the CI/CD step', () => {
    const verdict = evaluate(scan(), [gate, audit], { now: NOW })
    expect([verdict.compliant, verdict.failsCicd]).toEqual([true, false])
    expect(verdict.policies.map((p) => [p.policy, p.passed, p.actions.failCicd, p.actions.markNonCompliant])).toEqual([
      ['Default', true, true, false],
      ['audit-high', false, false, false],
    ])
    expect(verdict.actionsNeeded).toEqual(['Fix the vulnerabilities: maximum severity high matched or exceeded the limit high.'])
  })

  it('one failing policy that marks non-compliant, among passing ones, is enough to be non-compliant', () => {
    const verdict = evaluate(scan(), [gate, severity('medium', { name: 'prod' })], { now: NOW })
    expect(verdict.compliant).toBe(false)
    expect(verdict.policies.map((p) => p.passed)).toEqual([true, false])
  })

  it('lists the actions of policies that act first and drops duplicate sentences', () => {
    const p = load(POKEMONGO)
    const auditScore = policy({ name: 'audit-score', fail_cicd: false, block_failed: false, maximum_score_enabled: true, maximum_score: 9 })
    const gateHigh = severity('high', { name: 'gate-high' })
    const gateHighAgain = severity('high', { name: 'gate-high-copy' })
    const verdict = evaluate(p, [auditScore, gateHigh, gateHighAgain], { now: NOW })
    expect(verdict.actionsNeeded).toEqual([
      'Fix the vulnerabilities: maximum severity critical matched or exceeded the limit high.',
      'Fix the vulnerabilities: maximum score 10 matched or exceeded the limit 9.',
    ])
  })

  it('skips policies with enabled: false and lists no disabled controls', () => {
    const verdict = evaluate(scan(), [severity('low', { name: 'off', enabled: false }), policy({ name: 'empty', cvss_severity_enabled: false, cvss_severity: 'low' })], { now: NOW })
    expect(verdict.policies.map((p) => p.policy)).toEqual(['empty'])
    expect(verdict.policies[0]!.controls).toEqual([])
    expect(verdict.compliant).toBe(true)
  })

  it('collects controls it could not evaluate, in catalogue order, once', () => {
    const verdict = evaluate(load(POKEMONGO), [guidePolicy({ dta_enabled: true }), guidePolicy({ name: 'copy' })], { now: NOW })
    expect(verdict.notEvaluated).toEqual(['root_user', 'dta'])
    expect(verdict.evaluatedAt).toBe('2026-01-01T00:00:00.000Z')
    expect(verdict.image).toBe('ashex/pokemongo-map:latest')
  })

  it('uses the current time when no now is given', () => {
    const before = Date.now()
    const at = Date.parse(evaluate(load(report('trivy/alpine-310.json')), [policy()]).evaluatedAt!)
    expect(at).toBeGreaterThanOrEqual(before)
  })
})

describe('the per-scan index', () => {
  it('gives the same verdict on repeated evaluation of one scan (cached index)', () => {
    const scan = load(POKEMONGO)
    const first = evaluate(scan, [guidePolicy()], { now: NOW })
    const second = evaluate(scan, [guidePolicy()], { now: NOW })
    expect(second).toEqual(first)
  })
})

describe('CONTROLS catalogue', () => {
  const NAMES: Record<ControlId, string> = {
    max_severity: 'Vulnerability Severity',
    max_score: 'Vulnerability Score',
    cves_blocked: 'CVEs Blocked',
    malware: 'Malware',
    sensitive_data: 'Sensitive Data',
    root_user: 'Superuser',
    trusted_base_images: 'Approved Base Image',
    packages_blocked: 'Packages Blocked',
    packages_required: 'Packages Required',
    licenses_blocked: 'OSS Licenses Blocked',
    licenses_allowed: 'OSS Licenses Allowed',
    labels_required: 'Labels Required',
    labels_forbidden: 'Labels Forbidden',
    dta: 'Dynamic Threat Analysis',
    custom_checks: 'Custom Compliance Checks',
    scap: 'SCAP',
    microenforcer: 'MicroEnforcer',
  }
  it('names every control as the console does', () => {
    expect(Object.fromEntries(Object.values(CONTROLS).map((c) => [c.id, c.name]))).toEqual(NAMES)
  })
  it('gives enable fields, scan-data decidability and a one-sentence explanation', () => {
    expect(CONTROLS.max_severity.enableField).toBe('cvss_severity_enabled')
    expect(CONTROLS.root_user.enableField).toBe('only_none_root_users')
    expect(CONTROLS.malware.enableField).toBe('disallow_malware')
    expect(CONTROLS.microenforcer.enableField).toBe('force_microenforcer')
    const platformOnly = Object.values(CONTROLS).filter((c) => !c.fromScanData).map((c) => c.id)
    expect(platformOnly).toEqual(['dta', 'custom_checks', 'scap', 'microenforcer'])
    for (const c of Object.values(CONTROLS)) {
      expect(c.explanation).toMatch(/^[A-Z][^.]*\.$/) // one sentence
    }
  })
  it('marks the controls no public source explains as unverified, and says so in the sentence', () => {
    expect(Object.values(CONTROLS).filter((c) => c.unverified).map((c) => c.id)).toEqual(['dta', 'microenforcer'])
    expect(CONTROLS.dta.explanation).toContain('not documented')
    expect(CONTROLS.microenforcer.explanation).toContain('not documented')
  })
})
