// The kit command end to end, as a child process: exit codes 0/4/2, the exact --json shapes, error
// messages without stack traces, and the PDF it writes. Each spawn starts Node + tsx, so the finer
// checks of output and usage live in cli-main.test.ts, which calls main() in-process.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POKEMONGO, ROOT, fixture, guidePolicy, policy, report } from './core-test-helpers.ts'

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, viaNpm = false): Promise<Run> {
  const [cmd, argv] = viaNpm ? ['npm', ['run', '--silent', 'kit', '--', ...args]] : [process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'kit.ts'), ...args]]
  return new Promise((resolve) => {
    execFile(cmd as string, argv as string[], { cwd: ROOT, env: { ...process.env, KIT_DEBUG: '', ...env }, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

const dir = mkdtempSync(join(tmpdir(), 'kit-cli-'))
const file = (name: string) => join(dir, name)
beforeAll(() => {
  writeFileSync(file('guide.json'), JSON.stringify(guidePolicy(), null, 2))
  writeFileSync(file('critical.json'), JSON.stringify(policy({ name: 'critical-gate', cvss_severity_enabled: true, cvss_severity: 'critical', fail_cicd: true })))
  writeFileSync(file('layered.json'), JSON.stringify([policy({ name: 'Default', cvss_severity_enabled: true, cvss_severity: 'critical' }), policy({ name: 'audit', fail_cicd: false, block_failed: false, cvss_severity_enabled: true, cvss_severity: 'high' })]))
  writeFileSync(file('bad.json'), JSON.stringify({ name: 'bad', assurance_type: 'image', maximum_score_enabled: true, maximum_score: 12, cvss_severity: 'severe' }))
  writeFileSync(file('warn.json'), JSON.stringify({ ...guidePolicy(), cvss_severty: 'high' }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
const SLOW = 180_000 // a child process per test; the machine may be busy

describe('kit as a child process', () => {
  it('summary --json prints exactly the documented shape (pokemongo), exit 0', async () => {
    const r = await run(['summary', POKEMONGO, '--json'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout)
    expect(json).toEqual({
      format: 'aqua',
      image: 'ashex/pokemongo-map:latest',
      os: 'alpine 3.4.0',
      vulnerabilities: { critical: 2, high: 52, medium: 184, low: 11, negligible: 34, unknown: 0, total: 283 },
      fixable: 174,
      secrets: 15,
      malware: 0,
    })
    expect(Object.keys(json)).toEqual(['format', 'image', 'os', 'vulnerabilities', 'fixable', 'secrets', 'malware'])
    expect(Object.keys(json.vulnerabilities)).toEqual(['critical', 'high', 'medium', 'low', 'negligible', 'unknown', 'total'])
    expect(r.stderr).toContain('vulnerability_summary') // the summary mismatch goes to stderr, not into the JSON
  }, SLOW)

  it('npm run --silent kit -- summary --json (Trivy ubi-7)', async () => {
    const r = await run(['summary', report('trivy/ubi-7-comprehensive.json'), '--json'], {}, true)
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      format: 'trivy',
      image: 'testdata/fixtures/images/ubi-7.tar.gz',
      os: 'redhat 7.7',
      vulnerabilities: { critical: 0, high: 1, medium: 0, low: 1, negligible: 0, unknown: 0, total: 2 },
      fixable: 1,
      secrets: 0,
      malware: 0,
    })
  }, SLOW)

  it('gate: exit 4 for the guide policy on pokemongo, --json prints the Verdict', async () => {
    const r = await run(['gate', '--policy', file('guide.json'), POKEMONGO, '--json'])
    expect(r.code).toBe(4)
    const v = JSON.parse(r.stdout)
    expect(Object.keys(v)).toEqual(['image', 'compliant', 'failsCicd', 'policies', 'actionsNeeded', 'notEvaluated', 'evaluatedAt'])
    expect([v.compliant, v.failsCicd]).toEqual([true, true]) // fail_cicd on, block_failed off
    expect(v.policies[0].actions).toEqual({ audit: true, failCicd: true, markNonCompliant: false })
    expect(v.policies[0].controls.map((c: { control: string; status: string }) => `${c.control}:${c.status}`)).toEqual([
      'max_severity:failed',
      'max_score:failed',
      'malware:passed',
      'sensitive_data:failed',
      'root_user:not-evaluated',
    ])
  }, SLOW)

  it('gate: exit 0 for layered policies whose only failure is audit-only, human output', async () => {
    const r = await run(['gate', '--policy', file('layered.json'), report('aqua/postee-all-in-one-3.5.json')])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['COMPLIANT: all-in-one:3.5.19223 · Aqua CI/CD step passes (exit code 0)', 'Failed: audit (audit only).'])
  }, SLOW)

  it('exit 2 for a truncated report: the file and line named, no stack, nothing on stdout', async () => {
    const r = await run(['gate', '--policy', file('guide.json'), fixture('truncated.json')])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/truncated\.json: the JSON stops early at line \d+, column \d+ \(the file looks truncated\)/)
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(3)
    noStack(r.stderr)
  }, SLOW)

  it('exit 2 for a broken policy, exit 2 for an unknown command; stack only with KIT_DEBUG=1', async () => {
    const bad = await run(['gate', '--policy', file('bad.json'), POKEMONGO])
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toContain(`${file('bad.json')}: not a usable image assurance policy`)
    noStack(bad.stderr)
    expect((await run(['frobnicate'])).code).toBe(2)
    const debug = await run(['summary', fixture('not-json.json')], { KIT_DEBUG: '1' })
    expect(debug.code).toBe(2)
    expect(debug.stderr).toMatch(/^\s+at .+/m)
  }, SLOW)

  const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p)) ?? process.env.KIT_CHROME
  it.skipIf(!browser)('report --out x.pdf writes an A4 PDF with an installed browser', async () => {
    const out = file('report.pdf')
    const r = await run(['report', '--policy', file('guide.json'), POKEMONGO, '--out', out], { KIT_CHROME: browser! })
    expect(r.stderr).toBe('')
    expect(r).toMatchObject({ code: 0, stdout: `Wrote ${out} (compliant; Aqua CI/CD step fails (exit code 4))\n` })
    const bytes = readFileSync(out)
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const { PDFDocument } = await import('pdf-lib')
    const pdf = await PDFDocument.load(bytes)
    const { width, height } = pdf.getPage(0).getSize()
    expect(Math.round(width)).toBe(595) // A4: 210 × 297 mm
    expect(Math.round(height)).toBe(842)
  }, 300_000)
})
