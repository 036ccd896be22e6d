// The decks' data entry point: every report and policy it names loads through the core, counts match
// data/reports/PROVENANCE.md, and bad data comes back as a DataError instead of a throw.
import { describe, expect, it } from 'vitest'
import {
  SCANS,
  brokenExample,
  counts,
  finding,
  isDataError,
  policies,
  policy,
  policyIds,
  repeatedScan,
  scan,
  scanIds,
  scanInfo,
  scans,
  verdict,
} from '../../data/catalog.ts'

describe('catalog', () => {
  it('loads every scan and every policy it lists', () => {
    for (const id of scanIds) expect(isDataError(scan(id)), id).toBe(false)
    for (const id of policyIds) expect(isDataError(policy(id)), id).toBe(false)
  })

  it('parses once: the same object comes back', () => {
    expect(scan('alpine-3.9')).toBe(scan('alpine-3.9'))
    expect(policy('prod-gate')).toBe(policy('prod-gate'))
  })

  it('counts as PROVENANCE.md does', () => {
    expect(counts('alpine-3.4')).toMatchObject({ critical: 2, high: 52, medium: 184, low: 11, negligible: 34, total: 283 })
    expect(counts('all-in-one-3.5')).toMatchObject({ critical: 0, high: 7, medium: 30, low: 6, total: 43 })
    expect(counts('alpine-3.9')).toMatchObject({ critical: 2, medium: 4, total: 6 })
    expect(counts('debian-10.13')).toMatchObject({ medium: 1, low: 12, total: 13 })
  })

  it('labels the pokemongo image honestly', () => {
    expect(scanInfo('alpine-3.4').label).toContain('pokemongo-map')
    expect(scanInfo('alpine-3.4').provenance).toMatch(/not the bare alpine:3\.4/)
    for (const id of scanIds) {
      expect(SCANS[id].file).toMatch(/^data\/reports\//)
      expect(SCANS[id].short.length).toBeLessThanOrEqual(SCANS[id].label.length + 10)
    }
  })

  it('evaluates with the core', () => {
    const v = verdict('alpine-3.4', ['baseline-default'])
    expect(isDataError(v)).toBe(false)
    // The Default copy fails CI/CD and does not mark images non-compliant (block_failed: false).
    if (!isDataError(v)) expect([v.compliant, v.failsCicd]).toEqual([true, true])
    const ok = verdict('all-in-one-3.5', ['baseline-default'])
    if (!isDataError(ok)) expect([ok.compliant, ok.failsCicd]).toEqual([true, false])
    const prod = verdict('alpine-3.4', ['prod-gate'])
    if (!isDataError(prod)) expect([prod.compliant, prod.failsCicd]).toEqual([false, true])
  })

  it('returns DataErrors for unknown ids and broken reports, naming the file and field', () => {
    const unknown = scan('alpine-9.9' as never)
    expect(isDataError(unknown)).toBe(true)
    const broken = brokenExample()
    expect(isDataError(broken)).toBe(true)
    if (isDataError(broken)) {
      expect(broken.file).toContain('broken')
      expect(broken.field).toBe('$.Results[0].Vulnerabilities')
    }
    expect(isDataError(policies(['baseline-default', 'nope' as never]))).toBe(true)
    expect(isDataError(scans(['alpine-3.9', 'nope' as never]))).toBe(true)
    expect(isDataError(finding('alpine-3.4', 'CVE-0000-0000'))).toBe(true)
  })

  it('builds a synthetic big scan from real findings', () => {
    const big = repeatedScan('alpine-3.4', 5000)
    expect(isDataError(big)).toBe(false)
    if (!isDataError(big)) {
      expect(big.findings).toHaveLength(5000)
      expect(big.image).toMatch(/synthetic/)
    }
  })
})
