// Broken and foreign inputs: every one must throw ReportError whose message names the file, what was
// expected and where, in at most three lines, and never return a partial result.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readReportFile } from '../../core/files.ts'
import { ReportError, parseReport, readReport } from '../../core/report.ts'
import { fixture, report } from './core-test-helpers.ts'

function errorOf(fn: () => unknown): ReportError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ReportError)
    const e = error as ReportError
    expect(e.message.split('\n').length).toBeLessThanOrEqual(3)
    expect(e.message).not.toMatch(/\n\s+at .*\.ts:\d+/) // no stack frames in the message
    return e
  }
  throw new Error('expected a ReportError, but the report was read')
}

const readFixture = (name: string) => errorOf(() => readReport(readFileSync(fixture(name), 'utf8'), fixture(name)))

describe('text that is not a JSON report', () => {
  it('not JSON: names the file and where parsing stopped', () => {
    const e = readFixture('not-json.json')
    expect(e.file).toBe(fixture('not-json.json'))
    expect(e.message).toContain(fixture('not-json.json'))
    expect(e.message).toContain('not JSON')
    expect(e.message).toContain('line 1, column 1')
    expect(e.path).toBe('$')
    expect(e.expected).toBe('well-formed JSON')
  })

  it('empty and whitespace-only files', () => {
    for (const name of ['empty.json', 'whitespace.json']) {
      const e = readFixture(name)
      expect(e.message.split('\n')[0]).toBe(`${fixture(name)}: the file is empty`)
    }
  })

  it('truncated: says the file was cut off and where', () => {
    const text = readFileSync(fixture('truncated.json'), 'utf8')
    const e = readFixture('truncated.json')
    expect(e.message).toContain('truncated')
    const lines = text.split('\n')
    expect(e.line).toBe(lines.length)
    expect(e.message).toContain(`line ${lines.length}`)
  })

  it('a trailing comma: line and column of the closing brace', () => {
    const e = readFixture('trailing-comma.json')
    expect(e).toMatchObject({ line: 5, column: 1 })
    expect(e.message).toContain('line 5, column 1')
    expect(e.message).toContain('double-quoted property name')
  })

  it('JSON Lines (the grype label bundle) stops at the second line', () => {
    const file = report('other/ubuntu-14.04.grype-0.63.0-match-labels.jsonl')
    const e = errorOf(() => readReport(readFileSync(file, 'utf8'), file))
    expect(e.line).toBe(2)
    expect(e.message).toContain('JSON Lines')
  })

  it('a missing file', async () => {
    await expect(readReportFile(fixture('does-not-exist.json'))).rejects.toThrow(/does-not-exist\.json: cannot read the report: no such file/)
  })
})

describe("other scanners' formats are named", () => {
  it.each([
    ['grype.json', 'a Grype report', '$.matches'],
    ['sarif.json', 'a SARIF log', '$.runs'],
    ['cyclonedx.json', 'a CycloneDX SBOM', '$.bomFormat'],
    ['spdx.json', 'an SPDX SBOM', '$.spdxVersion'],
  ])('%s → %s', (name, what, path) => {
    const e = readFixture(name)
    expect(e.message.split('\n')[0]).toBe(`${fixture(name)}: this is ${what}, which the kit does not read`)
    expect(e.path).toBe(path)
    expect(e.expected).toContain('Trivy')
  })

  it('the real Sysdig report', () => {
    const file = report('other/sysdig-runtime-vulns.alpine-3.4.6+ubuntu-14.04.json')
    const e = errorOf(() => readReport(readFileSync(file, 'utf8'), file))
    expect(e.message).toContain('Sysdig')
    expect(e.path).toBe('$.data')
  })

  it('scalars, empty objects and unknown objects', () => {
    expect(errorOf(() => parseReport(42, 'n.json')).message).toContain('found number 42')
    expect(errorOf(() => parseReport(null, 'n.json')).message).toContain('found null')
    expect(errorOf(() => parseReport({}, 'e.json')).message).toContain('the report is empty')
    expect(errorOf(() => parseReport([], 'a.json')).message).toContain('empty list')
    expect(errorOf(() => parseReport([[1]], 'a.json')).path).toBe('$[0]')
    expect(errorOf(() => parseReport({ hello: 'world' }, 'o.json')).message).toContain('"hello"')
  })

  it('a Trivy SchemaVersion it does not know', () => {
    const e = readFixture('trivy-unsupported-schema.json')
    expect(e.path).toBe('$.SchemaVersion')
    expect(e.message).toContain('SchemaVersion 3')
  })
})

describe('wrong types at a path', () => {
  it('$.Results[3].Vulnerabilities[0].Severity', () => {
    const e = readFixture('trivy-wrong-type-severity.json')
    expect(e.path).toBe('$.Results[3].Vulnerabilities[0].Severity')
    expect(e.expected).toBe('a string')
    expect(e.message).toBe(
      `${fixture('trivy-wrong-type-severity.json')}: wrong type at $.Results[3].Vulnerabilities[0].Severity\n` +
        '  at $.Results[3].Vulnerabilities[0].Severity: expected a string, found number 3',
    )
  })

  it('$.resources[0].vulnerabilities[1].aqua_score', () => {
    const e = readFixture('aqua-wrong-type-score.json')
    expect(e.path).toBe('$.resources[0].vulnerabilities[1].aqua_score')
    expect(e.message).toContain('expected a number, found the string "high"')
  })

  it('$.resources as a string', () => {
    expect(readFixture('aqua-resources-not-array.json')).toMatchObject({ path: '$.resources', expected: 'an array' })
  })

  it('Results entries, labels and CVSS entries of the wrong shape', () => {
    const base = JSON.parse(readFileSync(report('trivy/ubi-7-comprehensive.json'), 'utf8'))
    const bad1 = structuredClone(base)
    bad1.Results[1] = 'Python'
    expect(errorOf(() => parseReport(bad1, 'x.json')).path).toBe('$.Results[1]')
    const bad2 = structuredClone(base)
    bad2.Metadata.ImageConfig.config.Labels.maintainer = 7
    expect(errorOf(() => parseReport(bad2, 'x.json')).path).toBe('$.Metadata.ImageConfig.config.Labels.maintainer')
    const bad3 = structuredClone(base)
    bad3.Results[0].Vulnerabilities[0].CVSS.nvd = [5]
    expect(errorOf(() => parseReport(bad3, 'x.json')).path).toBe('$.Results[0].Vulnerabilities[0].CVSS.nvd')
    const bad4 = structuredClone(base)
    delete bad4.Results[1].Vulnerabilities[0].VulnerabilityID
    expect(errorOf(() => parseReport(bad4, 'x.json')).path).toBe('$.Results[1].Vulnerabilities[0].VulnerabilityID')
  })
})

describe('hostile content', () => {
  it('a "__proto__" label stays a plain label and pollutes nothing', () => {
    const scan = readReport(readFileSync(fixture('trivy-hostile-text.json'), 'utf8'), 'hostile.json')
    expect(Object.keys(scan.config!.labels)).toEqual(['__proto__', 'org.example.note'])
    expect(Object.getPrototypeOf(scan.config!.labels)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('deep nesting does not overflow the stack', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`
    expect(errorOf(() => readReport(deep, 'deep.json')).path).toBe('$[0]')
    const open = '['.repeat(200_000)
    expect(errorOf(() => readReport(open, 'open.json')).message).toContain('truncated')
  })
})
