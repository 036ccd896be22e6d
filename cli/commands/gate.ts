// kit gate --policy <file>... <report>: the CI gate. Exit 0 compliant, 4 non-compliant (as Aqua's
// scanner does), 2 when the report, a policy or the command line is unusable.
import { evaluate } from '../../core/policy.ts'
import { renderComplianceReport } from '../../core/report-html.ts'
import { parseCommandLine } from '../args.ts'
import { EXIT } from '../errors.ts'
import { type Output, loadPolicies, loadReport, onePositional, writeOutput } from '../io.ts'
import { clean } from '../table.ts'
import { verdictText } from '../verdict-text.ts'

export const GATE_HELP = `Usage: kit gate --policy <policy.json> [--policy <file>...] <report.json> [--json] [--html <out.html>]

Evaluates the report against Image Assurance policies the way the Aqua console does.
A policy file may hold one policy or a list of policies.

Options:
  --policy <file>  policy JSON (repeat for layered policies)
  --json           print the verdict as JSON
  --html <file>    also write the HTML compliance report
  -h, --help       show this help

Exit codes: 0 compliant, 4 non-compliant, 2 unreadable input or bad usage.`

export async function runGate(argv: readonly string[], io: Output): Promise<number> {
  const args = parseCommandLine(argv, { policy: { type: 'string', multiple: true }, json: { type: 'boolean' }, html: { type: 'string' } }, 'gate')
  if (args.help) {
    io.out(GATE_HELP)
    return EXIT.ok
  }
  const file = onePositional(args.positionals, 'gate')
  const policies = await loadPolicies(args.values.policy ?? [], 'gate')
  const scan = await loadReport(file)
  const verdict = evaluate(scan, policies)
  // Write the HTML first: if that fails, nothing is printed that could pass for a finished run.
  if (typeof args.values.html === 'string') await writeOutput(args.values.html, renderComplianceReport(scan, verdict, policies))
  if (args.values.json) {
    io.out(JSON.stringify(verdict, null, 2))
    for (const w of scan.warnings) io.err(`warning: ${clean(w)}`)
  } else {
    io.out(verdictText(verdict))
    if (typeof args.values.html === 'string') io.out(`\nWrote ${args.values.html}`)
  }
  return verdict.compliant ? EXIT.ok : EXIT.nonCompliant
}
