// The SIEM lab's fallback receiver: it saves what Aqua's WebHook or Splunk target posts before it
// answers, unwraps HEC envelopes, refuses bad bodies with one line and keeps the good ones, checks
// the token when it is given one, and the command the handout names really starts and receives.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseEvents, startReceiver, summarise, type Receiver } from './receiver.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const LAB = readFileSync(join(ROOT, 'labs/06-siem-logging/lab.md'), 'utf8')

// Shaped like an image-assurance failure audit event (field names: aqua-events-go audit.go).
const FAILURE = {
  action: 'policy.failure',
  category: 'image',
  level: 'alert',
  type: 'alert',
  user: 'workshop-user@example.com',
  time: 1764590000,
  image: 'alpine:3.4',
  registry: 'Docker Hub',
  data: { policy_id: 'workshop-custom-example', controls: ['max_severity'], blocking: false },
}
const LOGIN = { action: 'login', category: 'user', level: 'success', type: 'administration', user: 'workshop-user@example.com', time: 1764590001 }

let dir: string
let lines: string[]
let r: Receiver
let url: string
const saved = (): unknown[] =>
  existsSync(join(dir, 'events.jsonl'))
    ? readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown)
    : []
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } })

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kit-siem-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))
afterEach(async () => {
  await new Promise((ok) => r?.server.close(ok))
  rmSync(join(dir, 'events.jsonl'), { force: true })
})

async function start(token?: string): Promise<void> {
  lines = []
  r = await startReceiver({ port: 0, host: '127.0.0.1', out: join(dir, 'events.jsonl'), token, log: (l) => lines.push(l) })
  url = `http://127.0.0.1:${r.port}/`
}

describe('the receiver', () => {
  it('saves a WebHook event before answering and prints one line with action, category, level, user and image', async () => {
    await start()
    const res = await post(JSON.stringify(FAILURE))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ text: 'Success', code: 0 })
    expect(saved()).toEqual([FAILURE])
    expect(lines).toEqual(['1764590000  policy.failure  image  alert  workshop-user@example.com  alpine:3.4'])
  })

  it('unwraps Splunk HEC envelopes, one after another in one request', async () => {
    await start()
    const res = await post(`{"event": ${JSON.stringify(FAILURE)}, "sourcetype": "aqua:audit"}\n{"event": ${JSON.stringify(LOGIN)}}`, {
      Authorization: 'Splunk anything',
    })
    expect(res.status).toBe(200)
    expect(saved()).toEqual([FAILURE, LOGIN])
    expect(r.count()).toBe(2)
  })

  it('refuses a body that is not JSON with one line naming the request, and keeps what came before', async () => {
    await start()
    await post(JSON.stringify(LOGIN))
    const res = await post('<html>not an event</html>')
    expect(res.status).toBe(400)
    expect(saved()).toEqual([LOGIN])
    expect(lines.at(-1)).toMatch(/^receiver: request from \S+ to \/: unexpected "<" at character 1: not JSON; nothing saved$/)
    const arr = await post('[1]')
    expect(arr.status).toBe(400)
    expect(lines.at(-1)).toContain('item 1 is not a JSON object')
  })

  it('with --token, refuses a request without it and accepts Bearer or Splunk', async () => {
    await start('s3cret-for-test')
    expect((await post(JSON.stringify(LOGIN))).status).toBe(401)
    expect(saved()).toEqual([])
    expect(lines.at(-1)).toContain('refused, the Authorization header does not carry the token')
    expect((await post(JSON.stringify(LOGIN), { Authorization: 'Bearer s3cret-for-test' })).status).toBe(200)
    expect((await post(JSON.stringify(LOGIN), { Authorization: 'Splunk s3cret-for-test' })).status).toBe(200)
    expect(saved()).toHaveLength(2)
  })

  it('answers GET with the count, for a reachability test', async () => {
    await start()
    await post(JSON.stringify([FAILURE, LOGIN]))
    const res = await fetch(url)
    expect(await res.json()).toEqual({ text: 'Aqua event receiver: 2 events received', code: 0 })
  })

  it('keeps report text as text in its summary line', () => {
    expect(summarise({ action: '<b>x</b>', resource: 'r' })).toBe('-  <b>x</b>  -  -  -  r')
    expect(() => parseEvents('')).toThrow('the body is empty')
  })
})

describe('the command the SIEM handout names', () => {
  it('is in the handout', () => {
    expect(LAB).toContain('npx tsx snippets/siem/receiver.ts --port 8088')
  })

  it('starts, says where it saves, and receives an event', async () => {
    const out = join(dir, 'cli-events.jsonl')
    const child = spawn(process.execPath, ['--import', 'tsx', 'snippets/siem/receiver.ts', '--port', '0', '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let stdout = ''
      const port = await new Promise<number>((ok, fail) => {
        child.stdout.on('data', (c: Buffer) => {
          stdout += c.toString()
          const m = /Listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout)
          if (m) ok(Number(m[1]))
        })
        child.once('exit', (code) => fail(new Error(`receiver exited ${code}: ${stdout}`)))
      })
      expect(stdout).toContain(`events are saved to ${out}`)
      const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify(LOGIN) })
      expect(res.status).toBe(200)
      expect(JSON.parse(readFileSync(out, 'utf8').trim())).toEqual(LOGIN)
    } finally {
      child.kill()
    }
  })

  it.each([
    [['--port', 'eighty'], 'receiver: --port must be a port number (got "eighty")'],
    [['--token', ''], 'receiver: --token is empty (set RECEIVER_TOKEN first, or leave --token out)'],
  ])('%j: names the bad option in one line and exits 2', async (args, message) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'snippets/siem/receiver.ts', ...args], { cwd: ROOT })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const code = await new Promise((ok) => child.once('exit', ok))
    expect(code).toBe(2)
    expect(stderr.trim()).toBe(message)
  })
})
