// receiver.ts: a throw-away receiver for Aqua audit events, for the SIEM lab when the customer's
// SIEM cannot be reached from Aqua SaaS yet. It listens on the learner's laptop, accepts what the
// Log Management "WebHook" target (or the Splunk target) posts, saves every event at once as one
// JSON line, and prints one line per event.
//
// Usage
//   npx tsx snippets/siem/receiver.ts [--port 8088] [--host 127.0.0.1] [--out aqua-events.jsonl]
//       [--token <shared secret>]
//
// Aqua SaaS sends from the internet, so the laptop's port must be published at an HTTPS address
// the customer's network team approves (their reverse proxy or an approved tunnel); the receiver
// itself only listens on this machine (--host 127.0.0.1 by default).
//
// What it accepts: POST to any path with a JSON object, a JSON array of objects, or objects one
// after another (Splunk HTTP Event Collector style); an object's `event` member is unwrapped, as a
// HEC client wraps each event in one. It answers the way a HEC endpoint does ({"text":"Success","code":0})
// so either target type sees a success. GET answers with the count received, to test reachability.
// With --token, a request must carry the token in its Authorization header (Bearer or Splunk scheme).
//
// Exit codes: 0 on Ctrl-C, 2 on a usage error.

import { appendFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

export interface ReceiverOptions {
  port: number
  host: string
  /** JSON Lines file every accepted event is appended to. */
  out: string
  /** When set, the Authorization header must carry it. */
  token?: string
  /** Where the one-line summaries and errors go. */
  log: (line: string) => void
}

export interface Receiver {
  server: Server
  port: number
  /** Events accepted since start. */
  count: () => number
}

type AuditEvent = Record<string, unknown>

const MAX_BODY = 5 * 1024 * 1024

/** Objects in a body: one JSON value, or JSON objects one after another (HEC batches). */
export function parseEvents(body: string): AuditEvent[] {
  const text = body.trim()
  if (text === '') throw new Error('the body is empty')
  let values: unknown[]
  try {
    const value: unknown = JSON.parse(text)
    values = Array.isArray(value) ? value : [value]
  } catch {
    values = splitConcatenated(text)
  }
  return values.map((v, i) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`item ${i + 1} is not a JSON object`)
    const o = v as AuditEvent
    const inner = o.event
    return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as AuditEvent) : o
  })
}

/** `{…}{…}` or `{…}\n{…}`: split at the top-level braces, strings and escapes respected. */
function splitConcatenated(text: string): unknown[] {
  const out: unknown[] = []
  let depth = 0
  let start = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') inString = true
    else if (c === '{') {
      if (depth === 0) start = i
      depth++
    } else if (c === '}') {
      depth--
      if (depth === 0) out.push(JSON.parse(text.slice(start, i + 1)))
      if (depth < 0) break
    } else if (depth === 0 && !/\s/.test(c!)) throw new Error(`unexpected "${c}" at character ${i + 1}: not JSON`)
  }
  if (depth !== 0 || out.length === 0) throw new Error('the body is not JSON (unbalanced braces)')
  return out
}

const field = (e: AuditEvent, k: string): string => {
  const v = e[k]
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '-'
}

/** One line per event, from the fields Aqua's audit events carry (action, category, level, user, image). */
export function summarise(e: AuditEvent): string {
  const what = field(e, 'image') !== '-' ? field(e, 'image') : field(e, 'resource')
  return [field(e, 'time'), field(e, 'action'), field(e, 'category'), field(e, 'level'), field(e, 'user'), what].join('  ')
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        fail(new Error(`the body is larger than ${MAX_BODY / 1024 / 1024} MB`))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

export function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  let received = 0
  const server = createServer((req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    }
    const from = req.socket.remoteAddress ?? 'unknown'
    if (req.method === 'GET') return reply(200, { text: `Aqua event receiver: ${received} events received`, code: 0 })
    if (req.method !== 'POST') return reply(405, { text: 'only POST and GET are accepted', code: 405 })
    if (opts.token !== undefined) {
      const auth = /^(?:Bearer|Splunk)\s+(.+)$/i.exec(req.headers.authorization ?? '')
      if (auth?.[1] !== opts.token) {
        opts.log(`receiver: request from ${from} to ${req.url}: refused, the Authorization header does not carry the token`)
        return reply(401, { text: 'invalid authorization', code: 4 })
      }
    }
    readBody(req).then(
      (body) => {
        let events: AuditEvent[]
        try {
          events = parseEvents(body)
        } catch (e) {
          opts.log(`receiver: request from ${from} to ${req.url}: ${(e as Error).message}; nothing saved`)
          return reply(400, { text: (e as Error).message, code: 6 })
        }
        // Saved before the reply: an event that was answered "Success" is on disk.
        appendFileSync(opts.out, events.map((e) => JSON.stringify(e) + '\n').join(''))
        received += events.length
        for (const e of events) opts.log(summarise(e))
        reply(200, { text: 'Success', code: 0 })
      },
      (e: Error) => {
        opts.log(`receiver: request from ${from} to ${req.url}: ${e.message}; nothing saved`)
        if (!res.headersSent) reply(413, { text: e.message, code: 6 })
      },
    )
  })
  return new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port, opts.host, () => {
      server.off('error', fail)
      ok({ server, port: (server.address() as AddressInfo).port, count: () => received })
    })
  })
}

async function main(argv: string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8088' },
        host: { type: 'string', default: '127.0.0.1' },
        out: { type: 'string', default: 'aqua-events.jsonl' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (e) {
    console.error(`receiver: ${(e as Error).message}`)
    return 2
  }
  if (values.help) {
    console.log('Usage: npx tsx snippets/siem/receiver.ts [--port 8088] [--host 127.0.0.1] [--out aqua-events.jsonl] [--token <secret>]')
    return 0
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`receiver: --port must be a port number (got "${values.port}")`)
    return 2
  }
  if (values.token !== undefined && values.token.trim() === '') {
    console.error('receiver: --token is empty (set RECEIVER_TOKEN first, or leave --token out)')
    return 2
  }
  const out = resolve(values.out)
  const r = await startReceiver({ port, host: values.host, out, token: values.token, log: (l) => console.log(l) })
  console.log(`Listening on http://${values.host}:${r.port}/ ; events are saved to ${out}`)
  console.log('time  action  category  level  user  image-or-resource')
  return new Promise(() => {})
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(`receiver: ${e.message}`)
      process.exit(2)
    },
  )
}
