// The `kit` command (npm run --silent kit -- <command>). Every error is caught here and printed in
// one to three lines naming the file; stack traces only with KIT_DEBUG=1.
import { AnswersError } from '../core/engagement/answers.ts'
import { PolicyError } from '../core/policy.ts'
import { ReportError } from '../core/report.ts'
import { UsageError, subcommandOf } from './args.ts'
import { ENGAGEMENT_HELP, runEngagement } from './commands/engagement.ts'
import { GATE_HELP, runGate } from './commands/gate.ts'
import { POLICY_HELP, runPolicy } from './commands/policy.ts'
import { REPORT_HELP, runReport } from './commands/report.ts'
import { SUMMARY_HELP, runSummary } from './commands/summary.ts'
import { EXIT, KitError } from './errors.ts'
import { type Output, stdio } from './io.ts'
import { clean } from './table.ts'

export const HELP = `Usage: kit <command> [options]

Commands:
  summary <report>                         vulnerability counts of a Trivy or Aqua report
  gate --policy <file>... <report>         evaluate Image Assurance policies (exit 0 / 4)
  report --policy <file>... <report> --out <file.html|file.pdf>
                                           write the compliance report
  policy lint <policy.json>...             check policy files
  engagement new|add|pull|summary|answers|report|export <dir>
                                           one customer's folder (see kit engagement --help)

Run kit <command> --help for the options of each command.
Exit codes: 0 ok/compliant, 4 non-compliant, 2 bad input or usage, 1 internal error.`

const COMMANDS: Record<string, { run: (argv: readonly string[], io: Output) => Promise<number>; help: string }> = {
  summary: { run: runSummary, help: SUMMARY_HELP },
  gate: { run: runGate, help: GATE_HELP },
  report: { run: runReport, help: REPORT_HELP },
  policy: { run: runPolicy, help: POLICY_HELP },
  engagement: { run: runEngagement, help: ENGAGEMENT_HELP },
}

export async function main(argv: readonly string[], io: Output = stdio): Promise<number> {
  try {
    const word = subcommandOf(argv, HELP, io, ['-h', '--help', 'help'])
    if ('exit' in word) return word.exit
    const { name, rest } = word
    const command = COMMANDS[name]
    if (!command) throw new UsageError(`unknown command "${clean(name)}"`)
    return await command.run(rest, io)
  } catch (error) {
    return report(error, io)
  }
}

function report(error: unknown, io: Output): number {
  if (process.env.KIT_DEBUG === '1' && error instanceof Error && error.stack) io.err(error.stack)
  if (error instanceof UsageError) {
    io.err(`kit${error.command ? ` ${error.command}` : ''}: ${error.message}`)
    io.err(`Run kit ${error.command ? `${error.command} ` : ''}--help for usage.`)
    return EXIT.input
  }
  if (error instanceof ReportError || error instanceof PolicyError || error instanceof KitError || error instanceof AnswersError) {
    io.err(`error: ${error.message}`)
    return EXIT.input
  }
  const message = error instanceof Error ? error.message : String(error)
  io.err(`kit: internal error: ${clean(message.split('\n')[0] ?? '')}`)
  if (process.env.KIT_DEBUG !== '1') io.err('Set KIT_DEBUG=1 to see the details.')
  return EXIT.internal
}

// Run when executed directly (tsx cli/kit.ts), not when imported by tests.
const invoked = process.argv[1] ?? ''
if (/[\\/]cli[\\/]kit\.(ts|js|mjs)$/.test(invoked)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error) => {
      process.stderr.write(`kit: internal error: ${String(error)}\n`)
      process.exitCode = EXIT.internal
    },
  )
}
