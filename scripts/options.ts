// Port and host options shared by `npm start` and `npm run serve`.
import { parseScriptArgs } from '../cli/args.ts'

export interface ServeOptions {
  port: number
  host: string
  /** `--engagement <dir>`: serve that engagement's worksheet record to the kit's pages. */
  engagement?: string
}

export function parseServeOptions(argv: string[], defaultPort = 3030): ServeOptions {
  const { values } = parseScriptArgs(
    argv,
    { port: { type: 'string', short: 'p' }, host: { type: 'string' }, engagement: { type: 'string' } },
    'npm start -- [--port <number>] [--host <address>] [--engagement <dir>] (or PORT, HOST)',
  )
  const portText = values.port ?? process.env.PORT ?? String(defaultPort)
  const options: ServeOptions = { port: Number(portText), host: values.host ?? process.env.HOST ?? '127.0.0.1' }
  if (values.engagement !== undefined) options.engagement = values.engagement
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`The port must be a whole number from 0 to 65535, not "${portText}".`)
  }
  if (options.engagement !== undefined) {
    if (!options.engagement) throw new Error('--engagement needs the engagement folder.')
    // Customer answers are served to this machine only.
    if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) throw new Error(`--engagement serves on this machine only (localhost), not on --host ${options.host}.`)
  }
  return options
}
