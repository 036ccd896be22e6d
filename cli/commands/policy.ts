// kit policy lint <policy.json>...: every problem as "file: $.path: severity: message".
import { readPolicyJsonFile } from '../../core/files.ts'
import { lintPolicy } from '../../core/policy.ts'
import type { LintProblem } from '../../core/policy.ts'
import { ReportError } from '../../core/report.ts'
import { UsageError, parseCommandLine, subcommandOf } from '../args.ts'
import { EXIT } from '../errors.ts'
import type { Output } from '../io.ts'
import { clean } from '../table.ts'

export const POLICY_HELP = `Usage: kit policy lint <policy.json>...

Checks image assurance policy files: field types, cvss_severity values, maximum_score
range, enabled controls with empty lists, missing names, assurance_type, likely typos.

Options:
  -h, --help  show this help

Exit codes: 0 no errors (warnings allowed), 2 errors or bad usage.`

export async function runPolicy(argv: readonly string[], io: Output): Promise<number> {
  const word = subcommandOf(argv, POLICY_HELP, io)
  if ('exit' in word) return word.exit
  const { name: sub, rest } = word
  if (sub !== 'lint') throw new UsageError(`unknown policy command "${clean(sub)}" (only "lint")`, 'policy')
  const args = parseCommandLine(rest, {}, 'policy')
  if (args.help) {
    io.out(POLICY_HELP)
    return EXIT.ok
  }
  if (args.positionals.length === 0) throw new UsageError('give at least one policy file', 'policy')

  let errors = 0
  let warnings = 0
  for (const file of args.positionals) {
    let problems: LintProblem[]
    try {
      problems = lintDocument(await readPolicyJsonFile(file), file)
    } catch (error) {
      if (!(error instanceof ReportError)) throw error
      problems = [{ path: error.path, message: error.message.split('\n')[0]!.replace(`${file}: `, ''), severity: 'error' }]
    }
    for (const p of problems) {
      io.out(`${file}: ${p.path}: ${p.severity}: ${clean(p.message)}`)
      if (p.severity === 'error') errors++
      else warnings++
    }
    if (problems.length === 0) io.out(`${file}: ok`)
  }
  io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${args.positionals.length} file${args.positionals.length === 1 ? '' : 's'}`)
  return errors > 0 ? EXIT.input : EXIT.ok
}

/** A file may hold one policy, a list, or the API's {"result": [...]} list. */
function lintDocument(json: unknown, file: string): LintProblem[] {
  if (Array.isArray(json)) return json.flatMap((p, i) => lintPolicy(p, file, `$[${i}]`))
  if (typeof json === 'object' && json !== null && Array.isArray((json as { result?: unknown }).result) && !('name' in json)) {
    return (json as { result: unknown[] }).result.flatMap((p, i) => lintPolicy(p, file, `$.result[${i}]`))
  }
  return lintPolicy(json, file)
}
