// A small, strict argument parser: every command declares its flags, anything else is a usage error
// (exit 2) rather than being silently ignored in front of a customer.

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

export interface FlagSpec {
  /** 'boolean' flags take no value; 'string' flags take one; 'strings' may repeat. */
  type: 'boolean' | 'string' | 'strings'
}

export interface Parsed {
  flags: Record<string, string | string[] | boolean | undefined>
  positionals: string[]
  help: boolean
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>, command: string): Parsed {
  const flags: Parsed['flags'] = {}
  const positionals: string[] = []
  let help = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (arg === '-h' || arg === '--help') {
      help = true
      continue
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg)
      continue
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`, command)
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq === -1 ? undefined : eq)
    const flag = spec[name]
    if (!flag) throw new UsageError(`unknown option --${name}`, command)
    if (flag.type === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`, command)
      flags[name] = true
      continue
    }
    let value: string | undefined
    if (eq !== -1) value = arg.slice(eq + 1)
    else {
      value = argv[i + 1]
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`--${name} needs a value`, command)
      i++
    }
    if (value === '') throw new UsageError(`--${name} needs a value`, command)
    if (flag.type === 'strings') flags[name] = [...((flags[name] as string[] | undefined) ?? []), value]
    else if (flags[name] !== undefined) throw new UsageError(`--${name} given twice`, command)
    else flags[name] = value
  }
  return { flags, positionals, help }
}
