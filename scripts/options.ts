// Port and host options shared by `npm start` and `npm run serve`.
import { parseScriptArgs } from '../cli/args.ts'

export interface ServeOptions {
  port: number
  host: string
}

export function parseServeOptions(argv: string[], defaultPort = 3030): ServeOptions {
  const { values } = parseScriptArgs(
    argv,
    { port: { type: 'string', short: 'p' }, host: { type: 'string' } },
    'npm start -- [--port <number>] [--host <address>] (or PORT, HOST)',
  )
  const portText = values.port ?? process.env.PORT ?? String(defaultPort)
  const options: ServeOptions = { port: Number(portText), host: values.host ?? process.env.HOST ?? '127.0.0.1' }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`The port must be a whole number from 0 to 65535, not "${portText}".`)
  }
  return options
}
