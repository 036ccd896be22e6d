// The kit command in-process through main(argv, io): every output format, usage error and exit code
// without paying for a Node start per case (cli-kit.test.ts covers the real process).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POKEMONGO, fixture, guidePolicy, policy, report } from './core-test-helpers.ts'
import { kit } from './cli-test-helpers.ts'

const dir = mkdtempSync(join(tmpdir(), 'kit-main-'))
const file = (name: string) => join(dir, name)
beforeAll(() => {
  writeFileSync(file('guide.json'), JSON.stringify(guidePolicy(), null, 2))
  writeFileSync(file('critical.json'), JSON.stringify(policy({ name: 'critical-gate', cvss_severity_enabled: true, cvss_severity: 'critical', fail_cicd: true })))
  writeFileSync(file('bad.json'), JSON.stringify({ name: 'bad', assurance_type: 'image', maximum_score_enabled: true, maximum_score: 12, cvss_severity: 'severe' }))
  writeFileSync(file('warn.json'), JSON.stringify({ ...guidePolicy(), cvss_severty: 'high' }))
  writeFileSync(file('api-list.json'), JSON.stringify({ count: 2, page: 1, pagesize: 50, result: [guidePolicy(), policy({ name: 'Default', cvss_severity_enabled: true, cvss_severity: 'critical' })] }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('summary', () => {
  it('prints an aligned table with the warnings as notes', async () => {
    const r = await kit('summary', POKEMONGO)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Image\s{4}ashex\/pokemongo-map:latest$/m)
    expect(r.stdout).toMatch(/^Critical\s+2$/m)
    expect(r.stdout).toMatch(/^Negligible\s+34$/m)
    expect(r.stdout).toMatch(/^Total\s+283$/m)
    expect(r.stdout).toMatch(/^Fixable\s+174$/m)
    expect(r.stdout).toMatch(/^Secrets\s+15$/m)
    expect(r.stdout).toContain('Note: The report\'s own vulnerability_summary disagrees')
  })

  it('strips terminal control characters that come from a report', async () => {
    const r = await kit('summary', fixture('trivy-hostile-text.json'))
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('\u001b')
    expect(r.stdout).toContain('<script>alert(3)</script>[31mred')
  })

  it.each([
    ['not-json.json', /not-json\.json: not JSON: parsing stopped at line 1, column 1/],
    ['empty.json', /empty\.json: the file is empty/],
    ['grype.json', /grype\.json: this is a Grype report, which the kit does not read/],
    ['sarif.json', /sarif\.json: this is a SARIF log/],
    ['cyclonedx.json', /cyclonedx\.json: this is a CycloneDX SBOM/],
    ['trivy-wrong-type-severity.json', /at \$\.Results\[3\]\.Vulnerabilities\[0\]\.Severity: expected a string, found number 3/],
  ])('exit 2 for %s with a one-to-three-line message', async (name, message) => {
    const r = await kit('summary', fixture(name))
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(3)
  })

  it('exit 2 for a missing file and every usage error', async () => {
    expect((await kit('summary', file('nope.json'))).stderr).toContain('nope.json: cannot read the report: no such file')
    for (const args of [['summary'], ['summary', 'a.json', 'b.json'], ['summary', POKEMONGO, '--bogus'], ['summary', POKEMONGO, '-x'], ['summary', POKEMONGO, '--json=yes'], ['frobnicate'], []]) {
      const r = await kit(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).not.toBe('')
    }
    expect((await kit('summary', POKEMONGO, '--bogus')).stderr).toBe('kit summary: unknown option --bogus\nRun kit summary --help for usage.')
  })
})

describe('gate', () => {
  it('exit 4 with a verdict line, a control table per policy and the actions', async () => {
    const r = await kit('gate', '--policy', file('guide.json'), POKEMONGO)
    expect(r.code).toBe(4)
    const lines = r.stdout.split('\n')
    // Exit 4 follows "Fail the Aqua step in CI/CD"; the guide policy does not mark images non-compliant.
    expect(lines.slice(0, 4)).toEqual([
      'COMPLIANT: ashex/pokemongo-map:latest · Aqua CI/CD step fails (exit code 4)',
      'Failed: workshop-custom-example (audit, fail CI/CD).',
      'Failed controls: Vulnerability Severity, Vulnerability Score, Sensitive Data.',
      '1 of 5 controls could not be evaluated from this report and are not counted as passed.',
    ])
    expect(r.stdout).toContain('Policy workshop-custom-example: Failed [on failure: audit, fail CI/CD]')
    expect(r.stdout).toMatch(/^ {2}Vulnerability Severity\s+Failed\s+Limit high, fails at or above it; highest found: critical; 54 findings at or above the limit\.$/m)
    expect(r.stdout).toMatch(/^ {2}Malware\s+Passed\s+No malware found\.$/m)
    expect(r.stdout).toMatch(/^ {2}Superuser\s+Not evaluated\s+Cannot tell/m)
    expect(r.stdout).toContain('Actions needed:\n  1. Fix the vulnerabilities: maximum severity critical matched or exceeded the limit high.')
    expect(r.stdout).toContain('Not evaluated: Superuser (check these on the Aqua platform).')
  })

  it('exit 0 when compliant; reads the API list shape ({"result": [...]})', async () => {
    const allInOne = report('aqua/postee-all-in-one-3.5.json')
    expect((await kit('gate', '--policy', file('critical.json'), allInOne)).code).toBe(0)
    const r = await kit('gate', '--policy', file('api-list.json'), report('trivy/alpine-310.json'), '--json')
    expect(JSON.parse(r.stdout).policies.map((p: { policy: string }) => p.policy)).toEqual(['workshop-custom-example', 'Default'])
    expect(r.code).toBe(4) // no USER in alpine-310: Superuser fails the guide policy
  })

  it('writes --html before printing, and fails cleanly when it cannot', async () => {
    const out = file('gate.html')
    const r = await kit('gate', '--policy', file('critical.json'), '--policy', file('guide.json'), report('trivy/alpine-39.json'), '--html', out)
    expect(r.code).toBe(4)
    expect(r.stdout).toContain(`Wrote ${out}`)
    expect(readFileSync(out, 'utf8')).toContain('critical-gate')
    const missing = await kit('gate', '--policy', file('guide.json'), POKEMONGO, '--html', join(dir, 'missing-dir', 'x.html'))
    expect(missing).toMatchObject({ code: 2, stdout: '' })
    expect(missing.stderr).toContain('its folder does not exist')
  })

  it('exit 2 and no verdict for a broken policy, a broken report or no --policy', async () => {
    const bad = await kit('gate', '--policy', file('bad.json'), POKEMONGO)
    expect(bad).toMatchObject({ code: 2, stdout: '' })
    expect(bad.stderr).toBe(
      `error: ${file('bad.json')}: not a usable image assurance policy (and 1 more error; run kit policy lint)\n` +
        '  at $.cvss_severity: unknown cvss_severity "severe": use one of critical, high, medium, low, negligible',
    )
    expect(await kit('gate', '--policy', file('guide.json'), fixture('truncated.json'))).toMatchObject({ code: 2, stdout: '' })
    expect((await kit('gate', POKEMONGO)).stderr).toContain('give at least one --policy <file>')
    expect((await kit('gate', '--policy', file('nope.json'), POKEMONGO)).stderr).toContain('nope.json: cannot read the policy file: no such file')
    expect((await kit('gate', '--policy')).stderr).toContain('--policy needs a value')
  })
})

describe('policy lint', () => {
  it('exit 0 and "ok" for a clean file; warnings do not fail', async () => {
    expect(await kit('policy', 'lint', file('guide.json'))).toMatchObject({ code: 0, stdout: `${file('guide.json')}: ok` })
    const warn = await kit('policy', 'lint', file('warn.json'))
    expect(warn).toMatchObject({
      code: 0,
      stdout: `${file('warn.json')}: $.cvss_severty: warning: unknown field "cvss_severty" is ignored; did you mean "cvss_severity"?`,
    })
    expect(warn.stderr).toBe('0 errors, 1 warning in 1 file')
  })

  it('exit 2 and every problem as "file: $.path: message"', async () => {
    const r = await kit('policy', 'lint', file('bad.json'), fixture('not-json.json'), file('api-list.json'))
    expect(r.code).toBe(2)
    const lines = r.stdout.split('\n')
    expect(lines).toEqual([
      `${file('bad.json')}: $.cvss_severity: error: unknown cvss_severity "severe": use one of critical, high, medium, low, negligible`,
      `${file('bad.json')}: $.maximum_score: error: maximum_score 12 is outside the CVSS range 0–10`,
      expect.stringMatching(new RegExp(`^${fixture('not-json.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: \\$: error: not JSON: parsing stopped at line 1, column 1`)),
      `${file('api-list.json')}: ok`,
    ])
    expect(r.stderr).toBe('3 errors, 0 warnings in 3 files')
  })

  it('usage errors', async () => {
    expect((await kit('policy')).code).toBe(2)
    expect((await kit('policy', 'check', file('guide.json'))).code).toBe(2)
    expect((await kit('policy', 'lint')).code).toBe(2)
    expect((await kit('policy', 'lint', '--strict', file('guide.json'))).code).toBe(2)
  })
})

describe('report', () => {
  it('writes HTML', async () => {
    const out = file('report.html')
    expect(await kit('report', '--policy', file('guide.json'), POKEMONGO, '--out', out)).toMatchObject({ code: 0, stdout: `Wrote ${out} (compliant; Aqua CI/CD step fails (exit code 4))` })
    expect(readFileSync(out, 'utf8')).toContain('<h1>ashex/pokemongo-map:latest</h1>')
  })

  it('rejects other extensions and a missing --out', async () => {
    expect((await kit('report', '--policy', file('guide.json'), POKEMONGO, '--out', file('r.txt'))).stderr).toContain('--out must end in .html or .pdf, not .txt')
    expect((await kit('report', '--policy', file('guide.json'), POKEMONGO)).code).toBe(2)
  })

  it('says clearly when KIT_CHROME points nowhere, and writes nothing', async () => {
    const saved = process.env.KIT_CHROME
    process.env.KIT_CHROME = '/nonexistent/chrome'
    try {
      const r = await kit('report', '--policy', file('guide.json'), POKEMONGO, '--out', file('x.pdf'))
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('KIT_CHROME is set to /nonexistent/chrome')
      expect(r.stderr.split('\n').length).toBeLessThanOrEqual(3)
      expect(existsSync(file('x.pdf'))).toBe(false)
    } finally {
      if (saved === undefined) delete process.env.KIT_CHROME
      else process.env.KIT_CHROME = saved
    }
  })
})

describe('help', () => {
  it.each([['--help'], ['-h'], ['help'], ['summary', '--help'], ['gate', '-h'], ['report', '--help'], ['policy', '--help'], ['policy', 'lint', '--help']])('%s', async (...args) => {
    const r = await kit(...args)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage: kit/)
  })
  it('no command prints the usage to stderr with exit 2', async () => {
    const r = await kit()
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toMatch(/^Usage: kit <command>/)
  })
})
