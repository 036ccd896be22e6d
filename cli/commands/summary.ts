// kit summary <report> [--json]: the counts every deck and handout quotes, from one report.
import { summarize } from '../../core/summary.ts'
import { SEVERITIES, type ScanSummary } from '../../core/types.ts'
import { parseCommandLine } from '../args.ts'
import { EXIT } from '../errors.ts'
import { type Output, loadReport, onePositional } from '../io.ts'
import { clean, table } from '../table.ts'

export const SUMMARY_HELP = `Usage: kit summary <report.json> [--json]

Reads a Trivy or Aqua scanner JSON report and prints its vulnerability counts
(one finding = one vulnerability in one package, as the report lists it).

Options:
  --json      print {"format","image","os","vulnerabilities":{…},"fixable","secrets","malware"}
  -h, --help  show this help

Exit codes: 0 success, 2 unreadable report or bad usage.`

export async function runSummary(argv: readonly string[], io: Output): Promise<number> {
  const args = parseCommandLine(argv, { json: { type: 'boolean' } }, 'summary')
  if (args.help) {
    io.out(SUMMARY_HELP)
    return EXIT.ok
  }
  const file = onePositional(args.positionals, 'summary')
  const scan = await loadReport(file)
  const summary = summarize(scan)
  if (args.values.json) {
    io.out(JSON.stringify(summaryJson(summary), null, 2))
    for (const w of scan.warnings) io.err(`warning: ${clean(w)}`)
    return EXIT.ok
  }
  const v = summary.vulnerabilities
  io.out(
    table([
      ['Image', clean(summary.image) || '(not in report)'],
      ['OS', clean(summary.os ?? '(not in report)')],
      ['Format', `${summary.format} (${scan.flavour})`],
      ['Scanned', clean(scan.scannedAt ?? '(not in report)')],
    ]),
  )
  io.out('')
  const rows = [['Severity', 'Findings'], ...SEVERITIES.map((s) => [s[0]!.toUpperCase() + s.slice(1), String(v[s])]), ['Total', String(v.total)]]
  io.out(table(rows, { header: true, align: ['left', 'right'] }))
  io.out('')
  io.out(
    table(
      [
        ['Fixable', String(summary.fixable)],
        ['Secrets', String(summary.secrets)],
        ['Malware', String(summary.malware)],
      ],
      { align: ['left', 'right'] },
    ),
  )
  for (const w of scan.warnings) io.out(`\nNote: ${clean(w)}`)
  return EXIT.ok
}

/** The documented --json shape, built field by field so its key order never drifts. */
export function summaryJson(s: ScanSummary): ScanSummary {
  const v = s.vulnerabilities
  return {
    format: s.format,
    image: s.image,
    os: s.os,
    vulnerabilities: { critical: v.critical, high: v.high, medium: v.medium, low: v.low, negligible: v.negligible, unknown: v.unknown, total: v.total },
    fixable: s.fixable,
    secrets: s.secrets,
    malware: s.malware,
  }
}
