// Pure helpers behind the scan and policy components: severity chips and donut, the scan table's
// filter/sort/page rules, policy edits (always a new object), the impact matrix's "changed" rule,
// and DataError cards.
import { describe, expect, it } from 'vitest'
import { emptyCounts } from '../../core/summary.ts'
import type { Finding, ImageAssurancePolicy, SeverityCounts, Verdict } from '../../core/types.ts'
import { guard, isDataError, tidyMessage, toDataError } from '../../core/data-error.ts'
import {
  breakableParts,
  clampPage,
  dateTimeText,
  filterFindings,
  fixText,
  nextSort,
  pageCount,
  pageSlice,
  rangeText,
  scoreLines,
  sortFindings,
} from '../../display/findings.ts'
import { cellSentence, cellState } from '../../display/impact.ts'
import {
  CONSOLE_ORDER,
  clampScore,
  describeSettings,
  enabledControls,
  isEnabled,
  packageRule,
  parseBaseImage,
  parseLabel,
  withEnabled,
  withField,
  withItemAdded,
  withItemRemoved,
} from '../../display/policyControls.ts'
import { countsSentence, donutSegments, visibleSeverities } from '../../display/severity.ts'

function finding(id: string, severity: Finding['severity'], score: number | null, pkg: string, fixed = ''): Finding {
  return {
    id,
    pkg: { name: pkg, version: '1.0', format: 'apk', path: '', licenses: [] },
    fixedVersion: fixed,
    fixStatus: fixed ? 'fixed' : 'affected',
    severity,
    scores: { aqua: score, nvdV3: null, nvdV2: null, vendorV3: null, vendorV2: null },
    score: score === null ? null : { value: score, source: 'aqua' },
    title: '',
    description: '',
    publishedDate: '',
    layer: null,
    links: [],
    acknowledged: false,
  }
}

const FINDINGS: Finding[] = [
  finding('CVE-2020-0002', 'medium', 5.5, 'musl', '1.1.20-r5'),
  finding('CVE-2020-0001', 'critical', 9.8, 'busybox', '1.29.0'),
  finding('CVE-2020-0003', 'high', 7.5, 'openssl'),
  finding('CVE-2020-0004', 'high', 8.1, 'apk-tools', '2.10.4'),
  finding('GHSA-xxxx-0005', 'low', null, 'zlib'),
  finding('CVE-2020-0006', 'negligible', 1.0, 'busybox'),
]

const counts = (c: Partial<SeverityCounts>): SeverityCounts => ({ ...emptyCounts(), ...c })

describe('severity helpers', () => {
  it('shows the five console buckets, and unknown only when something is in it', () => {
    expect(visibleSeverities(counts({ total: 0 }))).toEqual(['critical', 'high', 'medium', 'low', 'negligible'])
    expect(visibleSeverities(counts({ unknown: 2, total: 2 }))).toContain('unknown')
  })

  it('writes the donut’s text alternative in bucket order', () => {
    expect(countsSentence(counts({ critical: 2, high: 52, total: 54 }))).toBe(
      '54 findings: 2 critical, 52 high, 0 medium, 0 low, 0 negligible',
    )
  })

  it('makes arcs proportional to the counts that add up to the circumference, skipping empty buckets', () => {
    const segs = donutSegments(counts({ critical: 1, medium: 3, total: 4 }), 100)
    expect(segs.map((s) => s.severity)).toEqual(['critical', 'medium'])
    expect(segs[0]!.length).toBeCloseTo(25)
    expect(segs[1]!.offset).toBeCloseTo(25)
    expect(segs.reduce((a, s) => a + s.length, 0)).toBeCloseTo(100)
    expect(donutSegments(counts({}), 100)).toEqual([])
  })
})

describe('scan table rules', () => {
  it('filters by severity and by a case-insensitive id or package query', () => {
    expect(filterFindings(FINDINGS, { severity: 'high' }).map((f) => f.id)).toEqual(['CVE-2020-0003', 'CVE-2020-0004'])
    expect(filterFindings(FINDINGS, { query: 'BUSY' })).toHaveLength(2)
    expect(filterFindings(FINDINGS, { query: 'cve-2020-0004' })).toHaveLength(1)
    expect(filterFindings(FINDINGS, { severity: 'critical', query: 'musl' })).toHaveLength(0)
    expect(filterFindings(FINDINGS, { query: '   ' })).toHaveLength(FINDINGS.length)
  })

  it('sorts by severity (most urgent first), score, package and fix, without changing the input', () => {
    const before = FINDINGS.map((f) => f.id)
    const bySeverity = sortFindings(FINDINGS, { key: 'severity', direction: 'descending' })
    expect(bySeverity.map((f) => f.severity)).toEqual(['critical', 'high', 'high', 'medium', 'low', 'negligible'])
    // ties within a severity: higher score first
    expect(bySeverity[1]!.id).toBe('CVE-2020-0004')
    const byScore = sortFindings(FINDINGS, { key: 'score', direction: 'descending' }).map((f) => f.score?.value ?? null)
    expect(byScore).toEqual([9.8, 8.1, 7.5, 5.5, 1.0, null])
    const ascending = sortFindings(FINDINGS, { key: 'score', direction: 'ascending' }).map((f) => f.score?.value ?? null)
    expect(ascending[0]).toBeNull()
    expect(sortFindings(FINDINGS, { key: 'package', direction: 'ascending' })[0]!.pkg.name).toBe('apk-tools')
    const byFix = sortFindings(FINDINGS, { key: 'fix', direction: 'descending' })
    expect(byFix.slice(0, 3).every((f) => f.fixedVersion !== '')).toBe(true)
    expect(FINDINGS.map((f) => f.id)).toEqual(before)
  })

  it('flips the direction on the same column and starts a new column in its natural direction', () => {
    expect(nextSort({ key: 'severity', direction: 'descending' }, 'severity')).toEqual({ key: 'severity', direction: 'ascending' })
    expect(nextSort({ key: 'severity', direction: 'descending' }, 'package')).toEqual({ key: 'package', direction: 'ascending' })
    expect(nextSort({ key: 'package', direction: 'ascending' }, 'score')).toEqual({ key: 'score', direction: 'descending' })
  })

  it('pages: counts, clamping, slices and the range line', () => {
    expect(pageCount(0, 5)).toBe(1)
    expect(pageCount(283, 5)).toBe(57)
    expect(clampPage(99, 283, 5)).toBe(57)
    expect(clampPage(0, 283, 5)).toBe(1)
    expect(pageSlice([1, 2, 3, 4, 5, 6, 7], 2, 5)).toEqual([6, 7])
    expect(rangeText(2, 5, 2, 7)).toBe('Showing 6–7 of 7 findings')
    expect(rangeText(1, 5, 0, 0)).toBe('Showing 0 of 0 findings')
  })

  it('says "no fix" when there is none and lists every score with its source', () => {
    expect(fixText(FINDINGS[2]!)).toBe('no fix')
    expect(fixText(FINDINGS[1]!)).toBe('1.29.0')
    const f = { ...FINDINGS[1]!, scores: { aqua: 9.8, nvdV3: 9.1, nvdV2: 7.5, vendorV3: null, vendorV2: null } }
    expect(scoreLines(f).map((s) => `${s.label} ${s.value}${s.used ? '*' : ''}`)).toEqual([
      'Aqua score 9.8*',
      'NVD CVSS v3 9.1',
      'NVD CVSS v2 7.5',
    ])
  })

  it('breaks paths and URLs after slashes only, losing no character', () => {
    const path = '/usr/local/lib/python2.7/site-packages/yaml/constructor.py'
    expect(breakableParts(path).join('')).toBe(path)
    expect(breakableParts(path)[0]).toBe('/')
    const url = 'https://example.org/a/b?id=CVE-1&x=2'
    expect(breakableParts(url).join('')).toBe(url)
  })

  it('formats scan timestamps for a slide', () => {
    expect(dateTimeText('2020-05-11T10:51:05.762Z')).toBe('2020-05-11 10:51 UTC')
    expect(dateTimeText('2021-08-25')).toBe('2021-08-25')
    expect(dateTimeText(null)).toBe('')
  })
})

describe('policy edits', () => {
  const base: ImageAssurancePolicy = { name: 'p', cvss_severity_enabled: false, disallow_malware: true }

  it('lists the 17 controls in the console’s (alphabetical) order', () => {
    expect(CONSOLE_ORDER).toHaveLength(17)
    expect(CONSOLE_ORDER[0]).toBe('trusted_base_images')
    expect(CONSOLE_ORDER[CONSOLE_ORDER.length - 1]).toBe('max_severity')
    expect(enabledControls(base)).toEqual(['malware'])
  })

  it('switches a control on in a NEW object and fills a missing severity or score', () => {
    const on = withEnabled(base, 'max_severity', true)
    expect(on).not.toBe(base)
    expect(base.cvss_severity_enabled).toBe(false)
    expect(isEnabled(on, 'max_severity')).toBe(true)
    expect(on.cvss_severity).toBe('high')
    const kept = withEnabled({ ...base, cvss_severity: 'critical' }, 'max_severity', true)
    expect(kept.cvss_severity).toBe('critical')
    expect(withEnabled(base, 'max_score', true).maximum_score).toBe(7)
    expect(isEnabled(withEnabled(on, 'max_severity', false), 'max_severity')).toBe(false)
  })

  it('adds and removes list items without touching the original list', () => {
    const one = withItemAdded(base, 'cves_black_list', 'CVE-2021-44228')
    const two = withItemAdded(one, 'cves_black_list', 'CVE-2021-45046')
    expect(two.cves_black_list).toEqual(['CVE-2021-44228', 'CVE-2021-45046'])
    expect(one.cves_black_list).toEqual(['CVE-2021-44228'])
    expect(withItemRemoved(two, 'cves_black_list', 0).cves_black_list).toEqual(['CVE-2021-45046'])
    expect(withField(base, 'maximum_score', 5).maximum_score).toBe(5)
  })

  it('parses labels, base images and package rules in Aqua’s shapes', () => {
    expect(parseLabel('maintainer=*')).toEqual({ key: 'maintainer', value: '*' })
    expect(parseLabel('team')).toEqual({ key: 'team', value: '*' })
    expect(parseLabel(' =x')).toBeNull()
    expect(parseBaseImage('docker.io/library/alpine')).toEqual({ registry: 'docker.io', imagename: 'library/alpine' })
    expect(parseBaseImage('alpine')).toEqual({ registry: '', imagename: 'alpine' })
    expect(Object.keys(packageRule('telnet')).sort()).toEqual(
      ['arch', 'display', 'epoch', 'format', 'license', 'name', 'release', 'version', 'version_range'].sort(),
    )
  })

  it('keeps scores within 0–10 at one decimal', () => {
    expect(clampScore(7.25)).toBe(7.3)
    expect(clampScore(12)).toBe(10)
    expect(clampScore(-1)).toBe(0)
    expect(clampScore(Number.NaN)).toBe(0)
  })

  it('describes settings in one line, and says when a control needs the live platform', () => {
    expect(describeSettings({ name: 'x', cvss_severity: 'high' }, 'max_severity')).toBe('Fails at high or above')
    expect(describeSettings({ name: 'x', maximum_score: 7, maximum_score_exclude_no_fix: true }, 'max_score')).toBe(
      'Fails at score 7.0 or higher; vulnerabilities without a fix are ignored',
    )
    expect(describeSettings({ name: 'x', cves_black_list: ['CVE-1'] }, 'cves_blocked')).toBe('Blocks: CVE-1')
    expect(describeSettings({ name: 'x', required_labels: [{ key: 'a', value: 'b' }] }, 'labels_required')).toBe('Requires: a=b')
    expect(describeSettings({ name: 'x' }, 'dta')).toMatch(/^Not evaluated offline: needs the live platform/)
  })
})

describe('impact cells', () => {
  // One policy with the given actions that fails the given controls; the outcomes follow the engine's rule.
  const verdict = (failed: string[], actions = { audit: true, failCicd: true, markNonCompliant: true }): Verdict => ({
    image: 'i',
    compliant: !(failed.length > 0 && actions.markNonCompliant),
    failsCicd: failed.length > 0 && actions.failCicd,
    policies: [
      {
        policy: 'p',
        actions,
        passed: failed.length === 0,
        controls: failed.map((control) => ({
          control: control as never,
          name: control,
          status: 'failed' as const,
          summary: '',
          evidence: [],
          action: null,
        })),
      },
    ],
    actionsNeeded: [],
    notEvaluated: [],
  })
  const cicdOnly = { audit: true, failCicd: true, markNonCompliant: false }
  const auditOnly = { audit: true, failCicd: false, markNonCompliant: false }

  it('tells passes, non-compliant, fails CI/CD and audit-only apart, and changes key when the failed controls change', () => {
    const pass = cellState(verdict([]))
    const fail = cellState(verdict(['max_severity']))
    const failMore = cellState(verdict(['root_user', 'max_severity']))
    const cicd = cellState(verdict(['max_severity'], cicdOnly))
    const audit = cellState(verdict(['root_user'], auditOnly))
    expect(cellSentence(pass)).toBe('Passes')
    expect(cellSentence(fail)).toBe('Non-compliant: Severity')
    expect(cellSentence(cicd)).toBe('Fails CI/CD: Severity')
    expect(cellSentence(audit)).toBe('Audit only: Superuser')
    expect([cicd.verdict, cicd.failsCicd, cicd.auditOnly]).toEqual(['compliant', true, false])
    expect(fail.key).not.toBe(failMore.key)
    expect(cicd.key).not.toBe(cellState(verdict(['max_severity'], auditOnly)).key)
    expect(cellState(verdict(['max_severity', 'root_user'])).key).toBe(failMore.key)
    expect(pass.key).not.toBe(audit.key)
  })

  it('turns a DataError into an error cell', () => {
    const cell = cellState({ kind: 'data-error', file: 'f', field: '$', message: 'bad' })
    expect(cell.verdict).toBe('error')
    expect(cell.error?.message).toBe('bad')
  })
})

describe('data errors', () => {
  it('keeps the file and JSON path a core error carries', () => {
    const e = Object.assign(new Error('x.json: wrong type\n  at $.a: expected an array'), { file: 'x.json', path: '$.a' })
    const d = toDataError(e, 'fallback.json')
    expect(d).toMatchObject({ kind: 'data-error', file: 'x.json', field: '$.a' })
    expect(d.message).toBe('Wrong type\nat $.a: expected an array')
    expect(isDataError(d)).toBe(true)
  })

  it('falls back to the given file and "$", and never throws', () => {
    const d = guard('y.json', () => {
      throw 'boom'
    })
    expect(d).toEqual({ kind: 'data-error', file: 'y.json', field: '$', message: 'Boom' })
    expect(guard('z.json', () => 42)).toBe(42)
    expect(tidyMessage('z.json: the file is empty', 'z.json')).toBe('The file is empty')
  })
})
