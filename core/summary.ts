// The counting rule used everywhere a number appears (slides, labs, kit summary, HTML report):
// a finding is one vulnerability entry for one package as the report lists it; total counts all six
// buckets; fixable means a fixed version is known. Aqua's own vulnerability_summary follows another
// rule (it leaves out negligible and counts each package/CVE pair once), so when the two disagree the
// scan carries a warning instead of silently showing either number.
import { SEVERITIES, type Finding, type ScanResult, type ScanSummary, type SeverityCounts } from './types.ts'

export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0, total: 0 }
}

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): SeverityCounts {
  const counts = emptyCounts()
  for (const f of findings) counts[f.severity]++
  counts.total = findings.length
  return counts
}

export function countFixable(findings: readonly Pick<Finding, 'fixedVersion'>[]): number {
  let n = 0
  for (const f of findings) if (f.fixedVersion !== '') n++
  return n
}

export function osLabel(scan: Pick<ScanResult, 'os'>): string | null {
  if (!scan.os) return null
  return scan.os.version ? `${scan.os.family} ${scan.os.version}` : scan.os.family
}

/** The numbers of a scan. Reads only: the reader noted any summary mismatch when it built the scan. */
export function summarize(scan: ScanResult): ScanSummary {
  const vulnerabilities = countBySeverity(scan.findings)
  return {
    format: scan.format,
    image: scan.image,
    os: osLabel(scan),
    vulnerabilities,
    fixable: countFixable(scan.findings),
    secrets: scan.secrets.length + scan.sensitiveCount,
    malware: Math.max(scan.malware.length, scan.malwareCount),
  }
}

const MISMATCH_PREFIX = "The report's own vulnerability_summary"

/**
 * Adds one warning to scan.warnings when the scanner's summary disagrees with the kit's count. For
 * the reader, while it builds the scan (core/report.ts); idempotent, so a second call adds nothing.
 */
export function noteSummaryMismatch(scan: ScanResult, counts: SeverityCounts = countBySeverity(scan.findings)): void {
  const reported = scan.reportedSummary
  if (!reported) return
  const differences: string[] = []
  for (const key of [...SEVERITIES, 'total'] as const) {
    if (key === 'unknown') continue
    const theirs = reported[key]
    if (theirs !== null && theirs !== counts[key]) differences.push(`${key} ${theirs} vs ${counts[key]}`)
  }
  if (differences.length === 0 || scan.warnings.some((w) => w.startsWith(MISMATCH_PREFIX))) return
  scan.warnings.push(
    `${MISMATCH_PREFIX} disagrees with the kit's count (${differences.join(', ')}; report first). ` +
      "Aqua's summary leaves out negligible findings and counts a package/CVE pair once; the kit counts every finding listed.",
  )
}
