// kit report --policy <file>... <report> --out <file.html|file.pdf>: the compliance report document.
import { extname } from 'node:path'
import { evaluate } from '../../core/policy.ts'
import { renderComplianceReport } from '../../core/report-html.ts'
import { verdictWords } from '../../core/verdict-text.ts'
import { UsageError, parseCommandLine } from '../args.ts'
import { EXIT } from '../errors.ts'
import { type Output, loadPolicies, loadReport, onePositional, writeOutput } from '../io.ts'
import { htmlToPdf } from '../pdf.ts'

export const REPORT_HELP = `Usage: kit report --policy <policy.json> [--policy <file>...] <report.json> --out <file.html|file.pdf>

Writes the compliance report: image, counts with a severity chart, the verdict of every
policy and control with evidence, the top 20 findings and the actions needed.
PDF output (A4) needs an installed Chrome, Chromium or Edge (KIT_CHROME=<path> to choose).

Options:
  --policy <file>  policy JSON (repeat for layered policies)
  --out <file>     .html or .pdf
  -h, --help       show this help

Exit codes: 0 written, 2 unreadable input, bad usage or no browser for PDF.`

export async function runReport(argv: readonly string[], io: Output): Promise<number> {
  const args = parseCommandLine(argv, { policy: { type: 'string', multiple: true }, out: { type: 'string' } }, 'report')
  if (args.help) {
    io.out(REPORT_HELP)
    return EXIT.ok
  }
  const out = args.values.out
  if (typeof out !== 'string') throw new UsageError('give --out <file.html|file.pdf>', 'report')
  const kind = extname(out).toLowerCase()
  if (kind !== '.html' && kind !== '.htm' && kind !== '.pdf') throw new UsageError(`--out must end in .html or .pdf, not ${kind || '(no extension)'}`, 'report')
  const file = onePositional(args.positionals, 'report')
  const policies = await loadPolicies(args.values.policy ?? [], 'report')
  const scan = await loadReport(file)
  const verdict = evaluate(scan, policies)
  const html = renderComplianceReport(scan, verdict, policies)
  if (kind === '.pdf') await htmlToPdf(html, out)
  else await writeOutput(out, html)
  const words = verdictWords(verdict)
  io.out(`Wrote ${out} (${words.complianceText.toLowerCase()}; ${words.cicd})`)
  return EXIT.ok
}
