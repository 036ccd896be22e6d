// The one way the kit reads a command line: node:util parseArgs with `strict: true`, for the `kit`
// command and the build, lab and serve scripts alike. Every command declares its flags; anything
// else is a usage error (exit 2) rather than being silently ignored in front of a customer.
// parseArgs' own errors are put in the kit's words ("unknown option --x", "--x needs a value").
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Bad command line: printed with the command's usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
  constructor(
    message: string,
    readonly command: string = '',
  ) {
    super(message)
  }
}

/** The exit code of every usage error, in the `kit` command and the scripts. */
export const USAGE_EXIT = 2

export type FlagOptions = NonNullable<ParseArgsConfig['options']>

const HELP = { help: { type: 'boolean', short: 'h' } } as const

/** The parsed flags, typed from the command's own option table as node:util types them. */
export type FlagValues<O extends FlagOptions> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>>['values']

interface CommandLineConfig {
  args: string[]
  options: FlagOptions
  strict: true
  allowPositionals: boolean
  tokens: true
}

/**
 * Parses `argv` against `options` (node:util's option shape; `-h`/`--help` is always added).
 * `positionals: false` makes a stray word a usage error too. Throws UsageError for `command`.
 */
export function parseCommandLine<O extends FlagOptions>(
  argv: readonly string[],
  options: O,
  command = '',
  { positionals = true } = {},
): { values: FlagValues<O>; positionals: string[]; help: boolean } {
  const config: CommandLineConfig = {
    args: [...argv],
    options: { ...options, ...HELP },
    strict: true,
    allowPositionals: positionals,
    tokens: true,
  }
  let parsed: ReturnType<typeof parseArgs<CommandLineConfig>>
  try {
    parsed = parseArgs(config)
  } catch {
    throw new UsageError(describeMistake(config), command)
  }
  const seen = new Set<string>()
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue
    const spec = config.options[token.name]!
    if (spec.type === 'string' && token.value === '') throw new UsageError(`--${token.name} needs a value`, command)
    if (spec.type === 'string' && !spec.multiple && seen.has(token.name)) throw new UsageError(`--${token.name} given twice`, command)
    seen.add(token.name)
  }
  const { help, ...values } = parsed.values
  return { values: values as FlagValues<O>, positionals: parsed.positionals, help: help === true }
}

/** Why a strict parse failed, found from the same command line parsed leniently. */
function describeMistake(config: CommandLineConfig): string {
  const { tokens } = parseArgs({ ...config, strict: false, allowPositionals: true })
  for (const token of tokens) {
    if (token.kind === 'positional' && !config.allowPositionals) return `unexpected argument ${token.value}`
    if (token.kind !== 'option') continue
    const spec = config.options[token.name]
    if (!spec) return `unknown option ${token.rawName}`
    if (spec.type === 'boolean' && token.value !== undefined) return `--${token.name} takes no value`
    if (spec.type === 'string' && (token.value === undefined || (token.inlineValue === false && token.value.startsWith('-')))) {
      return `--${token.name} needs a value`
    }
  }
  return 'cannot read the command line'
}

/**
 * For scripts (build, labs, serve, check): parse, or print "<Mistake>. Usage: <usage>" and exit 2;
 * `--help` prints the usage and exits 0 (unless `help: false`: then the script prints its own).
 */
export function parseScriptArgs<O extends FlagOptions>(
  argv: readonly string[],
  options: O,
  usage: string,
  settings: { positionals?: boolean; help?: boolean } = {},
) {
  try {
    const parsed = parseCommandLine(argv, options, '', { positionals: settings.positionals ?? false })
    if (parsed.help && settings.help !== false) {
      console.log(`Usage: ${usage}`)
      process.exit(0)
    }
    return parsed
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`${error.message[0]!.toUpperCase()}${error.message.slice(1)}. Usage: ${usage}`)
    process.exit(USAGE_EXIT)
  }
}

/**
 * The (sub)command word of `kit <command> ...` or `kit <group> <subcommand> ...`: with no word the
 * help goes to stderr (exit 2), with a help word (-h, --help) to stdout (exit 0); otherwise the word
 * and the rest.
 */
export function subcommandOf(
  argv: readonly string[],
  help: string,
  io: { out(text: string): void; err(text: string): void },
  helpWords: readonly string[] = ['-h', '--help'],
): { name: string; rest: string[] } | { exit: number } {
  const [name, ...rest] = argv
  if (name === undefined) {
    io.err(help)
    return { exit: USAGE_EXIT }
  }
  if (helpWords.includes(name)) {
    io.out(help)
    return { exit: 0 }
  }
  return { name, rest }
}
