// A stand-in of the Aqua SaaS API on 127.0.0.1 (node:http, ephemeral port) for tests: the token
// endpoint checks each request's HMAC signature itself (node:crypto directly, not the client's
// signRequest), the tenant lookup returns the stand-in's own URL, and image policies live in a Map.
// `override` lets a test answer a request differently (429, 5xx, 401/403, or never).
// For `kit engagement pull` it also serves registries, the paged image list, each image and its paged
// vulnerabilities, and the paged policy list, in the shapes the public clients read (see core/engagement/pull.ts).

import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Recorded {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

export type Override = { status: number; body?: string; headers?: Record<string, string> } | 'hang' | undefined

export interface FakeAqua {
  url: string
  requests: Recorded[]
  policies: Map<string, Record<string, unknown>>
  registries: Array<Record<string, unknown>>
  /** Image objects as GET /api/v2/images/{registry}/{repo}/{tag} answers; the list serves the same objects. */
  images: Array<Record<string, unknown>>
  /** Vulnerability list entries per "registry/repository:tag". */
  vulnerabilities: Map<string, unknown[]>
  /** User sign-in accepted by POST /v2/signin. */
  user: { email: string; password: string } | null
  /** How a GET of a missing policy answers. */
  missing: '404' | 'empty-200'
  /** Per-request override; return undefined to let the stand-in answer normally. */
  override: (req: Recorded, nth: number) => Override
  close: () => Promise<void>
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(text)
}

export async function startFakeAqua(creds: { key: string; secret: string; token: string }): Promise<FakeAqua> {
  const { key: KEY, secret: SECRET, token: TOKEN } = creds
  const fake = {
    url: '',
    requests: [] as Recorded[],
    policies: new Map<string, Record<string, unknown>>(),
    registries: [] as Array<Record<string, unknown>>,
    images: [] as Array<Record<string, unknown>>,
    vulnerabilities: new Map<string, unknown[]>(),
    user: null as FakeAqua['user'],
    missing: '404' as FakeAqua['missing'],
    override: (() => undefined) as FakeAqua['override'],
    close: async () => {},
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const rec: Recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
      fake.requests.push(rec)
      const nth = fake.requests.filter((r) => r.method === rec.method && r.path === rec.path).length
      const o = fake.override(rec, nth)
      if (o === 'hang') return
      if (o) return send(res, o.status, o.body ?? '', o.headers)

      if (rec.method === 'POST' && rec.path === '/v2/tokens') {
        const ts = String(req.headers['x-timestamp'] ?? '')
        // computed here with node:crypto directly, not with the script's signRequest
        const expected = createHmac('sha256', SECRET).update(`${ts}POST/v2/tokens${rec.body}`).digest('hex')
        if (req.headers['x-api-key'] !== KEY || req.headers['x-signature'] !== expected) {
          return send(res, 401, { message: 'invalid API key or signature' })
        }
        return send(res, 200, { status: 200, code: 0, data: TOKEN })
      }
      if (rec.method === 'POST' && rec.path === '/v2/signin') {
        const body = JSON.parse(rec.body || '{}') as { email?: string; password?: string }
        if (!fake.user || body.email !== fake.user.email || body.password !== fake.user.password) return send(res, 401, { message: 'wrong email or password' })
        return send(res, 200, { status: 200, data: { token: TOKEN } })
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(res, 401, { message: 'token required' })
      if (rec.method === 'GET' && rec.path === '/v1/envs') {
        return send(res, 200, { data: { ese_url: fake.url } })
      }
      const url = new URL(rec.path, 'http://fake')
      const page = Number(url.searchParams.get('page') ?? '1')
      const pagesize = Number(url.searchParams.get('pagesize') ?? '1000')
      const paged = (all: unknown[]) => ({ count: all.length, page, pagesize, result: all.slice((page - 1) * pagesize, page * pagesize) })
      if (rec.method === 'GET' && url.pathname === '/api/v1/registries') return send(res, 200, fake.registries)
      if (rec.method === 'GET' && url.pathname === '/api/v2/images') return send(res, 200, paged(fake.images))
      if (rec.method === 'GET' && url.pathname === '/api/v2/assurance_policy') return send(res, 200, paged([...fake.policies.values()]))
      if (rec.method === 'GET' && url.pathname === '/api/v2/risks/vulnerabilities') {
        const id = `${url.searchParams.get('registry_name')}/${url.searchParams.get('image_name')}`
        return send(res, 200, paged(fake.vulnerabilities.get(id) ?? []))
      }
      const image = /^\/api\/v2\/images\/([^/]+)\/(.+)\/([^/]+)$/.exec(url.pathname)
      if (rec.method === 'GET' && image) {
        const [registry, repository, tag] = [image[1]!, image[2]!, image[3]!].map((x) => decodeURIComponent(x))
        const found = fake.images.find((i) => i.registry === registry && i.repository === repository && i.tag === tag)
        return found ? send(res, 200, found) : send(res, 404, { message: 'image not found' })
      }
      const m = /^\/api\/v2\/assurance_policy\/image(?:\/([^/?]+))?$/.exec(rec.path)
      if (!m) return send(res, 404, { message: `no route ${rec.path}` })
      const name = m[1] ? decodeURIComponent(m[1]) : undefined
      if (rec.method === 'GET' && name) {
        const p = fake.policies.get(name)
        if (p) return send(res, 200, p)
        return fake.missing === '404' ? send(res, 404, { message: 'policy not found' }) : send(res, 200, '')
      }
      if (rec.method === 'POST' && !name) {
        const p = JSON.parse(rec.body) as Record<string, unknown>
        fake.policies.set(String(p.name), p)
        return send(res, 201, '')
      }
      if (rec.method === 'PUT' && name) {
        fake.policies.set(name, JSON.parse(rec.body) as Record<string, unknown>)
        return send(res, 204, '')
      }
      return send(res, 405, { message: 'method not allowed' })
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  fake.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections()
      server.close(() => r())
    })
  return fake
}
