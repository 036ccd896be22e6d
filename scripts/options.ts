// Port and host options shared by `npm start` and `npm run serve`.
export interface ServeOptions {
  port: number
  host: string
  /** `--engagement <dir>`: serve that engagement's worksheet record to the kit's pages. */
  engagement?: string
}

export function parseServeOptions(argv: string[], defaultPort = 3030): ServeOptions {
  const options: ServeOptions = { port: Number(process.env.PORT ?? defaultPort), host: process.env.HOST ?? '127.0.0.1' }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined]
    const value = () => inline ?? argv[++i] ?? ''
    if (flag === '--port' || flag === '-p') options.port = Number(value())
    else if (flag === '--host') options.host = value()
    else if (flag === '--engagement') options.engagement = value()
    else throw new Error(`Unknown option ${arg}. Options: --port <number> (or PORT), --host <address> (or HOST), --engagement <dir>`)
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`The port must be a whole number from 0 to 65535, not "${process.env.PORT ?? argv.join(' ')}".`)
  }
  if (options.engagement !== undefined) {
    if (!options.engagement) throw new Error('--engagement needs the engagement folder.')
    // Customer answers are served to this machine only.
    if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) throw new Error(`--engagement serves on this machine only (localhost), not on --host ${options.host}.`)
  }
  return options
}
