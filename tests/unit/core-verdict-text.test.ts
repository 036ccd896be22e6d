// The one wording of a verdict: both outcomes, the failed controls once each, the reason and the
// unverified point, on real reports evaluated by the real engine.
import { describe, expect, it } from 'vitest'
import { evaluate } from '../../core/policy.ts'
import { failedControls, verdictShortText, verdictWords } from '../../core/verdict-text.ts'
import { POKEMONGO, guidePolicy, load, policy, report } from './core-test-helpers.ts'

const NOW = new Date('2026-01-01T00:00:00Z')
const severity = (name: string, flags: object) => policy({ name, cvss_severity_enabled: true, cvss_severity: 'high', ...flags })

describe('verdictWords', () => {
  it('says both outcomes: the guide policy fails CI/CD and leaves the image compliant', () => {
    const words = verdictWords(evaluate(load(POKEMONGO), [guidePolicy()], { now: NOW }))
    expect(words).toMatchObject({
      compliance: 'compliant',
      headline: 'Image is compliant',
      cicd: 'Aqua CI/CD step fails (exit code 4)',
      exitCode: 4,
      reason: 'Failed: workshop-custom-example (audit, fail CI/CD).',
      failedNames: ['Vulnerability Severity', 'Vulnerability Score', 'Sensitive Data'],
      notEvaluated: ['Superuser'],
      unverified: null,
    })
  })

  it('lists a control failed by two layered policies once', () => {
    const verdict = evaluate(load(POKEMONGO), [severity('a', {}), severity('b', { fail_cicd: false })], { now: NOW })
    expect(verdict.policies.map((p) => p.controls.filter((c) => c.status === 'failed').length)).toEqual([1, 1])
    expect(failedControls(verdict).map((c) => c.control)).toEqual(['max_severity'])
  })

  it('marks the unverified case: non-compliant by block_failed alone, CI/CD assumed to pass', () => {
    const words = verdictWords(evaluate(load(POKEMONGO), [severity('marks', { fail_cicd: false })], { now: NOW }))
    expect([words.compliance, words.exitCode]).toEqual(['non-compliant', 0])
    expect(words.unverified).toMatch(/^Unverified: whether the Aqua scanner also fails the CI\/CD step/)
  })

  it('gives the short words of dense places', () => {
    const scan = load(report('trivy/alpine-39.json'))
    const short = (flags: object) => verdictShortText(evaluate(scan, [severity('p', flags)], { now: NOW }))
    expect(short({})).toBe('Non-compliant')
    expect(short({ block_failed: false })).toBe('Fails CI/CD')
    expect(short({ block_failed: false, fail_cicd: false })).toBe('Audit only')
    expect(verdictShortText(evaluate(scan, [], { now: NOW }))).toBe('Passes')
  })
})
