// kit gate --policy <file>... <report>: the CI gate. Exit 4 when a failed policy fails the Aqua CI/CD
// step (fail_cicd), as Aqua's scanner exits 4; 0 otherwise; 2 when the report, a policy or the command
// line is unusable. Compliance (the console's mark, block_failed) is printed beside it: the two differ
// when a policy does one action and not the other (core/verdict-text.ts).
import { evaluate } from '../../core/policy.ts'
import { renderComplianceReport } from '../../core/report-html.ts'
import { parseCommandLine } from '../args.ts'
import { EXIT } from '../errors.ts'
import { type Output, loadPolicies, loadReport, onePositional, writeOutput } from '../io.ts'
import { verdictText } from '../../core/verdict-text.ts'
import { clean, table } from '../table.ts'

export const GATE_HELP = `Usage: kit gate --policy <policy.json> [--policy <file>...] <report.json> [--json] [--html <out.html>]

Evaluates the report against Image Assurance policies the way the Aqua console does.
A policy file may hold one policy or a list of policies.

Options:
  --policy <file>  policy JSON (repeat for layered policies)
  --json           print the verdict as JSON
  --html <file>    also write the HTML compliance report
  -h, --help       show this help

A failed policy marks the image non-compliant when its block_failed action is on, and
fails the Aqua CI/CD step when its fail_cicd action is on; both are printed.

Exit codes: 4 the Aqua CI/CD step fails (a failed policy has fail_cicd on), 0 it passes,
2 unreadable input or bad usage.`

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
    io.out(verdictText(verdict, { table, clean }))
    if (typeof args.values.html === 'string') io.out(`\nWrote ${args.values.html}`)
  }
  return verdict.failsCicd ? EXIT.cicdFails : EXIT.ok
}
