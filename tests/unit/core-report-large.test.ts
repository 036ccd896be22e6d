// A 50 MB Trivy report made of the real findings repeated, written to the OS temp dir. Only
// correctness is asserted here; time and memory are measured by bench/engine.ts.
import { rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildLargeTrivyReport } from '../../bench/engine.ts'
import { evaluate } from '../../core/policy.ts'
import { readReportFile } from '../../core/files.ts'
import { countBySeverity } from '../../core/summary.ts'
import { policy } from './core-test-helpers.ts'

const file = join(tmpdir(), `kit-core-large-${process.pid}.json`)
afterAll(() => rmSync(file, { force: true }))

describe('a 50 MB report', () => {
  it('reads completely with counts equal to repetitions × the real findings', async () => {
    const large = buildLargeTrivyReport(50 * 1024 * 1024)
    writeFileSync(file, large.text)
    expect(statSync(file).size).toBeGreaterThanOrEqual(50 * 1024 * 1024)

    const scan = await readReportFile(file)
    const counts = countBySeverity(scan.findings)
    const per = large.perRep
    // One repetition of data/reports/trivy holds C 5 / H 2 / M 25 / L 18, total 50 (PROVENANCE.md rows summed).
    expect(per).toEqual({ critical: 5, high: 2, medium: 25, low: 18, negligible: 0, unknown: 0 })
    expect(counts).toEqual({
      critical: per.critical * large.reps,
      high: per.high * large.reps,
      medium: per.medium * large.reps,
      low: per.low * large.reps,
      negligible: 0,
      unknown: 0,
      total: 50 * large.reps,
    })
    expect(scan.findings).toHaveLength(large.findings)
    // Packages are deduped: the repetitions add findings, not packages.
    expect(scan.packages.length).toBeLessThan(60)
    // And the engine still answers on it.
    const verdict = evaluate(scan, [policy({ cvss_severity_enabled: true, cvss_severity: 'critical' })], { now: new Date('2026-01-01') })
    expect(verdict.policies[0]!.controls[0]!.evidenceCount).toBe(per.critical * large.reps)
  }, 120_000)
})
