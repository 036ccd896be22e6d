// Policy linting and reading: every rule in the brief, with the JSON path of the problem.
import { describe, expect, it } from 'vitest'
import { PolicyError, lintPolicy, readPolicies, readPolicy } from '../../core/policy.ts'
import { guidePolicy } from './core-test-helpers.ts'

const lint = (p: unknown) => lintPolicy(p, 'p.json')
const errors = (p: unknown) => lint(p).filter((x) => x.severity === 'error')
const warnings = (p: unknown) => lint(p).filter((x) => x.severity === 'warning')

describe('lintPolicy', () => {
  it('finds nothing wrong with the guide policy', () => {
    expect(lint(guidePolicy())).toEqual([])
  })

  it('reports wrong types with their paths', () => {
    const problems = errors({ ...guidePolicy(), maximum_score: '7', fail_cicd: 'yes', cves_black_list: 'CVE-2021-44228', application_scopes: ['Global', 3] })
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['$.maximum_score', '$.fail_cicd', '$.cves_black_list', '$.application_scopes[1]']))
    expect(problems.find((p) => p.path === '$.fail_cicd')?.message).toBe('fail_cicd must be true or false, found the string "yes"')
  })

  it('rejects unknown cvss_severity values and warns about upper case', () => {
    expect(errors(guidePolicy({ cvss_severity: 'severe' }))).toEqual([
      { path: '$.cvss_severity', severity: 'error', message: 'unknown cvss_severity "severe": use one of critical, high, medium, low, negligible', expected: 'critical | high | medium | low | negligible' },
    ])
    expect(errors(guidePolicy({ cvss_severity: 'High' }))).toEqual([])
    expect(warnings(guidePolicy({ cvss_severity: 'High' }))[0]?.path).toBe('$.cvss_severity')
  })

  it('keeps maximum_score within 0–10', () => {
    expect(errors(guidePolicy({ maximum_score: 10.5 }))[0]).toMatchObject({ path: '$.maximum_score', message: 'maximum_score 10.5 is outside the CVSS range 0–10' })
    expect(errors(guidePolicy({ maximum_score: -1 }))).toHaveLength(1)
    expect(errors(guidePolicy({ maximum_score: 0 }))).toHaveLength(0)
    expect(errors(guidePolicy({ maximum_score: 10 }))).toHaveLength(0)
  })

  it('flags enabled controls with an empty list', () => {
    const p = guidePolicy({ required_labels_enabled: true, required_labels: [], cves_black_list_enabled: true, packages_black_list_enabled: true })
    expect(errors(p).map((x) => x.path)).toEqual(['$.cves_black_list', '$.packages_black_list', '$.required_labels'])
    // A disabled control with an empty list is fine.
    expect(errors(guidePolicy({ required_labels_enabled: false, required_labels: [] }))).toEqual([])
  })

  it('needs a name and an image assurance_type', () => {
    const { name: _name, ...nameless } = guidePolicy()
    expect(errors(nameless)[0]).toMatchObject({ path: '$.name', message: 'the policy has no name' })
    expect(errors(guidePolicy({ name: '  ' }))[0]?.path).toBe('$.name')
    expect(errors(guidePolicy({ assurance_type: 'host' }))[0]).toMatchObject({ path: '$.assurance_type' })
    const { assurance_type: _t, ...untyped } = guidePolicy()
    expect(errors(untyped)).toEqual([])
    expect(warnings(untyped)[0]?.path).toBe('$.assurance_type')
  })

  it('ignores unknown fields but warns about likely typos of known ones', () => {
    expect(lint(guidePolicy({ x_workshop_note: 'hello', scope: { expression: 'v1' }, custom_severity_enabled: true }))).toEqual([])
    expect(warnings({ ...guidePolicy(), cvss_severty: 'high' })).toEqual([
      { path: '$.cvss_severty', severity: 'warning', message: 'unknown field "cvss_severty" is ignored; did you mean "cvss_severity"?' },
    ])
    expect(warnings({ ...guidePolicy(), Fail_CICD: true })[0]?.message).toContain('"fail_cicd"')
  })

  it('checks package and label rules', () => {
    const p = guidePolicy({
      packages_black_list_enabled: true,
      packages_black_list: [{ format: 'deb', name: '', version: '', version_range: '' }, { format: 'npm', name: 'jquery', version: '', version_range: 'around 3' }],
      required_labels_enabled: true,
      required_labels: [{ key: '', value: '*' }],
    } as never)
    expect(errors(p).map((x) => x.path)).toEqual(['$.packages_black_list[0].name', '$.packages_black_list[1].version_range', '$.required_labels[0].key'])
  })

  it('warns about a CVE both blocked and allowed, a zero period and a policy with no actions', () => {
    const p = guidePolicy({
      cves_black_list_enabled: true,
      cves_black_list: ['CVE-2021-44228'],
      cves_white_list_enabled: true,
      cves_white_list: ['CVE-2021-44228'],
      ignore_recently_published_vln: true,
      audit_on_failure: false,
      fail_cicd: false,
      block_failed: false,
    })
    expect(warnings(p).map((x) => x.path)).toEqual(['$.cves_black_list[0]', '$.ignore_recently_published_vln_period', '$'])
    expect(errors(p)).toEqual([])
  })

  it('rejects a non-object', () => {
    expect(errors([])[0]).toMatchObject({ path: '$', message: 'a policy must be a JSON object, found an array' })
  })
})

describe('readPolicy / readPolicies', () => {
  it('returns the policy when there are only warnings', () => {
    const p = { ...guidePolicy(), cvss_severty: 'x' }
    expect(readPolicy(p, 'p.json')).toBe(p)
  })

  it('throws PolicyError naming the file and the first path', () => {
    try {
      readPolicy(guidePolicy({ maximum_score: 12, cvss_severity: 'urgent' }), 'policies/prod.json')
      throw new Error('no error')
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError)
      const e = error as PolicyError
      expect(e).toMatchObject({ file: 'policies/prod.json', path: '$.cvss_severity' })
      expect(e.problems).toHaveLength(2)
      expect(e.message).toBe(
        'policies/prod.json: not a usable image assurance policy (and 1 more error; run kit policy lint)\n' +
          '  at $.cvss_severity: unknown cvss_severity "urgent": use one of critical, high, medium, low, negligible',
      )
    }
  })

  it('reads a list and the API list response, with indexed paths', () => {
    expect(readPolicies([guidePolicy(), guidePolicy({ name: 'b' })], 'p.json').map((p) => p.name)).toEqual(['workshop-custom-example', 'b'])
    expect(readPolicies({ count: 1, result: [guidePolicy()] }, 'p.json')).toHaveLength(1)
    expect(() => readPolicies([guidePolicy(), { name: 'x', maximum_score: 'high' }], 'p.json')).toThrow(/at \$\[1\]\.maximum_score/)
  })
})
