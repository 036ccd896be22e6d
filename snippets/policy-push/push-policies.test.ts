// Tests of the policy push script against a stand-in of the Aqua API on 127.0.0.1 (node:http,
// ephemeral port). The stand-in checks every token request's HMAC signature itself.

import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseRetryAfter, redact, signRequest } from './aqua-client.ts'
import { canonical, diffPolicy, formatPlan } from './policy-diff.ts'
import { main, promotePolicy } from './push-policies.ts'
import { startFakeAqua, type FakeAqua } from '../checks/fake-aqua.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const ENV_DIR = 'snippets/policies/env'
const KEY = 'AKIAWORKSHOPKEY1234'
const SECRET = 'workshop-secret-0123456789'
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.workshop-token.c2lnbmF0dXJl'
const NOW_MS = 1_700_000_000_000

const devFile = JSON.parse(await readFile(join(ROOT, ENV_DIR, 'dev-test.json'), 'utf8')) as Record<string, unknown>

let fake: FakeAqua

beforeEach(async () => {
  fake = await startFakeAqua({ key: KEY, secret: SECRET, token: TOKEN })
})
afterEach(async () => {
  await fake.close()
})

function apiEnv(extra: Record<string, string> = {}) {
  return { AQUA_API_KEY: KEY, AQUA_API_SECRET: SECRET, AQUA_TOKEN_API: fake.url, AQUA_PROV_URL: fake.url, ...extra }
}

async function run(args: string[], env: Record<string, string | undefined> = apiEnv(), extra: { timeoutMs?: number; maxAttempts?: number } = {}) {
  const out: string[] = []
  const err: string[] = []
  const sleeps: number[] = []
  const code = await main(args, {
    env,
    cwd: ROOT,
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    now: () => NOW_MS,
    timeoutMs: extra.timeoutMs ?? 5_000,
    maxAttempts: extra.maxAttempts,
  })
  const stdout = out.join('\n')
  const stderr = err.join('\n')
  // whatever happened, neither the secret nor the token may be printed
  expect(stdout + stderr).not.toContain(SECRET)
  expect(stdout + stderr).not.toContain(TOKEN)
  return { code, stdout, stderr, sleeps }
}

const writes = () => fake.requests.filter((r) => r.path.startsWith('/api/') && r.method !== 'GET')
const count = (method: string, path: string) => fake.requests.filter((r) => r.method === method && r.path === path).length

describe('signature and pure helpers', () => {
  it('matches a known HMAC-SHA256 answer (computed with openssl for fixed inputs)', () => {
    const body = '{"validity":30,"allowed_endpoints":["ANY"]}'
    expect(signRequest(SECRET, '1700000000', 'POST', '/v2/tokens', body)).toBe(
      '21f29c0b968b45f487643da9178aedc718f9b5cb16eb9253e02f5e6546be090f',
    )
    expect(signRequest(SECRET, '1700000000', 'post', '/v2/tokens', body)).toBe(
      '21f29c0b968b45f487643da9178aedc718f9b5cb16eb9253e02f5e6546be090f',
    )
    expect(signRequest(SECRET, '1700000001', 'POST', '/v2/tokens', body)).not.toBe(
      '21f29c0b968b45f487643da9178aedc718f9b5cb16eb9253e02f5e6546be090f',
    )
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000)
    expect(parseRetryAfter(new Date(NOW_MS + 5000).toUTCString(), NOW_MS)).toBe(5000)
    expect(parseRetryAfter(null, 0)).toBeNull()
    expect(parseRetryAfter('soon', 0)).toBeNull()
  })

  it('redacts every secret occurrence', () => {
    expect(redact(`a ${SECRET} b ${SECRET}`, [SECRET, undefined])).toBe('a *** b ***')
  })

  it('diffs by field, ignoring key order and server-only fields', () => {
    const desired = { name: 'p', scope: { expression: 'v1', variables: [] }, fail_cicd: true }
    const server = { id: 9, name: 'p', scope: { variables: [], expression: 'v1' }, fail_cicd: false }
    const d = diffPolicy(desired, server)
    expect(d.action).toBe('update')
    expect(d.changes).toEqual([{ field: 'fail_cicd', before: false, after: true }])
    expect(formatPlan({ name: 'p', file: 'p.json', ...d })).toEqual(['p [p.json]: 1 field(s) change', '  ~ fail_cicd: false → true'])
    expect(diffPolicy(desired, { ...server, fail_cicd: true }).action).toBe('unchanged')
    expect(canonical({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}')
  })
})

describe('push: dry run and apply', () => {
  it('dry run signs the token request, looks up the tenant, reads the policy and writes nothing', async () => {
    const r = await run(['--env', 'dev', '--dir', ENV_DIR])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/DRY RUN/)
    expect(r.stdout).toMatch(/Nothing was written/)

    const tok = fake.requests[0]!
    expect(tok.method).toBe('POST')
    expect(tok.path).toBe('/v2/tokens')
    expect(tok.headers['x-api-key']).toBe(KEY)
    expect(tok.headers['x-timestamp']).toBe(String(NOW_MS / 1000))
    expect(tok.headers['x-signature']).toMatch(/^[0-9a-f]{64}$/)
    expect(tok.headers['content-type']).toBe('application/json')
    expect(JSON.parse(tok.body)).toEqual({ validity: 30, allowed_endpoints: ['ANY'] })
    expect(tok.body).not.toMatch(/\s/) // signed bytes are the compact JSON that was sent

    expect(fake.requests[1]).toMatchObject({ method: 'GET', path: '/v1/envs' })
    expect(fake.requests[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(fake.requests[2]).toMatchObject({ method: 'GET', path: '/api/v2/assurance_policy/image/gitops-dev-test' })
    expect(writes()).toEqual([])

    // a new policy is listed in full
    expect(r.stdout).toContain('gitops-dev-test [dev-test.json]: new policy')
    for (const field of Object.keys(devFile)) expect(r.stdout).toContain(`  + ${field}: `)
  })

  it('--apply creates a missing policy with POST and the file as body', async () => {
    const r = await run(['--env', 'dev', '--dir', ENV_DIR, '--apply'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Mode: APPLY/)
    expect(r.stdout).toContain('created (HTTP 201)')
    expect(r.stdout).toContain('Applied: 1 created, 0 updated, 0 unchanged.')
    const w = writes()
    expect(w).toHaveLength(1)
    expect(w[0]).toMatchObject({ method: 'POST', path: '/api/v2/assurance_policy/image' })
    expect(w[0]!.headers['content-type']).toBe('application/json')
    expect(w[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(JSON.parse(w[0]!.body)).toEqual(devFile)
  })

  it('treats 200 with an empty body as "absent" and creates', async () => {
    fake.missing = 'empty-200'
    const r = await run(['--env', 'dev', '--dir', ENV_DIR, '--apply'])
    expect(r.code).toBe(0)
    expect(writes().map((w) => w.method)).toEqual(['POST'])
  })

  it('treats 200 with an object without a name as "absent"', async () => {
    fake.override = (req) => (req.method === 'GET' && req.path.startsWith('/api/') ? { status: 200, body: '{"name":""}' } : undefined)
    const r = await run(['--env', 'dev', '--dir', ENV_DIR])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('new policy')
  })

  it('updates a changed policy with PUT, shows field: old → new, keeps server-only fields', async () => {
    fake.policies.set('gitops-dev-test', { ...devFile, id: 42, author: 'alice', only_none_root_users: false, cvss_severity: 'high' })
    const dry = await run(['--env', 'dev', '--dir', ENV_DIR])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('gitops-dev-test [dev-test.json]: 2 field(s) change')
    expect(dry.stdout).toContain('  ~ cvss_severity: "high" → "critical"')
    expect(dry.stdout).toContain('  ~ only_none_root_users: false → true')
    expect(dry.stdout).not.toMatch(/~ (id|author|name):/)
    expect(writes()).toEqual([])

    const r = await run(['--env', 'dev', '--dir', ENV_DIR, '--apply'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('updated (HTTP 204)')
    const w = writes()
    expect(w).toHaveLength(1)
    expect(w[0]).toMatchObject({ method: 'PUT', path: '/api/v2/assurance_policy/image/gitops-dev-test' })
    const body = JSON.parse(w[0]!.body) as Record<string, unknown>
    expect(body).toMatchObject({ ...devFile, id: 42, author: 'alice' })
  })

  it('reports "no change" and writes nothing when the server already matches, even with --apply', async () => {
    fake.policies.set('gitops-dev-test', { id: 42, lastupdate: 1700000000, ...devFile })
    const r = await run(['--env', 'dev', '--dir', ENV_DIR, '--apply'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('gitops-dev-test [dev-test.json]: no change')
    expect(r.stdout).toContain('Applied: 0 created, 0 updated, 1 unchanged.')
    expect(writes()).toEqual([])
  })

  it('escapes the policy name in the URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policies-'))
    try {
      await writeFile(join(dir, 'prod.json'), JSON.stringify({ ...devFile, name: 'prod gate/eu' }))
      const r = await run(['--env', 'prod', '--dir', dir])
      expect(r.code).toBe(0)
      expect(fake.requests.some((q) => q.path === '/api/v2/assurance_policy/image/prod%20gate%2Feu')).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('skips GET /v1/envs when AQUA_ESE_URL is given', async () => {
    const r = await run(['--env', 'prod', '--dir', ENV_DIR], apiEnv({ AQUA_ESE_URL: fake.url, AQUA_PROV_URL: 'http://127.0.0.1:9' }))
    expect(r.code).toBe(0)
    expect(count('GET', '/v1/envs')).toBe(0)
    expect(r.stdout).toContain(`Workload Protection API: ${fake.url}`)
  })
})

describe('push: failures', () => {
  it('401 at /v2/tokens: names the key settings, exit 1, no retry', async () => {
    const r = await run(['--env', 'dev', '--dir', ENV_DIR], apiEnv({ AQUA_API_SECRET: 'not-the-right-secret' }))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/rejected the API key …1234 \(HTTP 401 from POST \/v2\/tokens\)/)
    expect(r.stderr).toMatch(/AQUA_API_KEY and AQUA_API_SECRET/)
    expect(r.stderr).not.toContain('not-the-right-secret')
    expect(count('POST', '/v2/tokens')).toBe(1)
    expect(r.sleeps).toEqual([])
  })

  it('403 at /v2/tokens: points at the key roles', async () => {
    fake.override = (req) => (req.path === '/v2/tokens' ? { status: 403, body: '{"message":"forbidden"}' } : undefined)
    const r = await run(['--env', 'dev', '--dir', ENV_DIR])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/may not obtain this token \(HTTP 403 from POST \/v2\/tokens\).*roles/)
    expect(r.stderr).toContain('Server said: forbidden')
  })

  it('403 on GET names image_assurance.read; on PUT names image_assurance.write', async () => {
    fake.override = (req) => (req.method === 'GET' && req.path.startsWith('/api/') ? { status: 403, body: '{"message":"no permission"}' } : undefined)
    const get = await run(['--env', 'dev', '--dir', ENV_DIR])
    expect(get.code).toBe(1)
    expect(get.stderr).toMatch(/HTTP 403 from GET \/api\/v2\/assurance_policy\/image\/gitops-dev-test.*image_assurance\.read/)

    fake.policies.set('gitops-dev-test', { ...devFile, fail_cicd: true })
    fake.override = (req) => (req.method === 'PUT' ? { status: 403, body: '{"message":"no permission"}' } : undefined)
    const put = await run(['--env', 'dev', '--dir', ENV_DIR, '--apply'])
    expect(put.code).toBe(1)
    expect(put.stderr).toMatch(/HTTP 403 from PUT .*image_assurance\.write/)
    expect(count('PUT', '/api/v2/assurance_policy/image/gitops-dev-test')).toBe(1)
  })

  it('401 from the tenant API says the token was not accepted', async () => {
    fake.override = (req) => (req.path === '/v1/envs' ? { status: 401, body: '{"message":"expired"}' } : undefined)
    const r = await run(['--env', 'dev', '--dir', ENV_DIR])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/token was not accepted \(HTTP 401 from GET \/v1\/envs\)/)
  })

  it('429 then success: honours Retry-After and re-signs the retried token request', async () => {
    fake.override = (req, nth) => (req.path === '/v2/tokens' && nth === 1 ? { status: 429, headers: { 'Retry-After': '3' }, body: '{"message":"slow down"}' } : undefined)
    let clock = NOW_MS
    const out: string[] = []
    const err: string[] = []
    const sleeps: number[] = []
    const code = await main(['--env', 'dev', '--dir', ENV_DIR], {
      env: apiEnv(),
      cwd: ROOT,
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
      sleep: async (ms) => {
        sleeps.push(ms)
        clock += ms
      },
      now: () => clock,
    })
    expect(code).toBe(0)
    expect(sleeps).toEqual([3000])
    const tokens = fake.requests.filter((q) => q.path === '/v2/tokens')
    expect(tokens).toHaveLength(2)
    expect(tokens[1]!.headers['x-timestamp']).toBe(String((NOW_MS + 3000) / 1000))
    expect(err.join('\n')).toMatch(/HTTP 429; retry 2\/4 in 3\.0 s/)
  })

  it('429 and 503 without Retry-After back off exponentially, then succeed', async () => {
    fake.override = (req, nth) =>
      req.method === 'GET' && req.path.startsWith('/api/') && nth <= 2 ? { status: nth === 1 ? 429 : 503 } : undefined
    const r = await run(['--env', 'dev', '--dir', ENV_DIR])
    expect(r.code).toBe(0)
    expect(r.sleeps).toEqual([500, 1000])
  })

  it('5xx every time: stops after the attempt cap with exit 1', async () => {
    fake.override = (req) => (req.path === '/v1/envs' ? { status: 502, body: '{"message":"bad gateway"}' } : undefined)
    const r = await run(['--env', 'dev', '--dir', ENV_DIR])
    expect(r.code).toBe(1)
    expect(count('GET', '/v1/envs')).toBe(4)
    expect(r.sleeps).toEqual([500, 1000, 2000])
    expect(r.stderr).toContain('GET /v1/envs failed with HTTP 502 after 4 attempts: bad gateway')
  })

  it('times out a request that never answers (AbortController) and gives up after the cap', async () => {
    fake.override = (req) => (req.path.startsWith('/api/') ? 'hang' : undefined)
    // 1 s per attempt: long enough for the other calls on a busy machine, short for the test
    const r = await run(['--env', 'dev', '--dir', ENV_DIR], apiEnv(), { timeoutMs: 1000, maxAttempts: 2 })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/GET \/api\/v2\/assurance_policy\/image\/gitops-dev-test timed out after 1000 ms \(2 attempts\)/)
    expect(r.sleeps).toEqual([500])
  })

  it('redacts the secret and the token when the server echoes them', async () => {
    fake.policies.set('gitops-dev-test', { ...devFile, fail_cicd: true })
    fake.override = (req) =>
      req.method === 'PUT' ? { status: 400, body: JSON.stringify({ message: `bad request from key with secret ${SECRET} and token ${TOKEN}` }) } : undefined
    const r = await run(['--env', 'dev', '--dir', ENV_DIR, '--apply'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('failed with HTTP 400: bad request from key with secret *** and token ***')
  })
})

describe('usage errors exit 2', () => {
  it.each([
    [['--env', 'qa']],
    [['--dir', ENV_DIR]],
    [['--env', 'dev', '--region', 'mars']],
    [['--env', 'dev', '--bogus']],
    [['--env', 'dev', '--write']],
    [['--promote', 'dev:prod']],
    [['--promote', 'prod:non-prod']],
    [['--promote', 'dev:non-prod', '--apply']],
  ])('%j', async (args) => {
    const r = await run(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('usage:')
    expect(fake.requests).toEqual([])
  })

  it('missing credentials', async () => {
    const r = await run(['--env', 'dev'], { AQUA_TOKEN_API: fake.url })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('set AQUA_API_KEY and AQUA_API_SECRET')
  })

  it.each([
    ['not JSON', '{ "name": '],
    ['wrong assurance_type', JSON.stringify({ ...devFile, assurance_type: 'host' })],
    ['no scopes', JSON.stringify({ ...devFile, application_scopes: [] })],
    ['no name', JSON.stringify({ ...devFile, name: '' })],
  ])('bad policy file: %s', async (_why, text) => {
    const dir = await mkdtemp(join(tmpdir(), 'policies-'))
    try {
      await writeFile(join(dir, 'dev-test.json'), text)
      const r = await run(['--env', 'dev', '--dir', dir])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/dev-test\.json: /)
      expect(fake.requests).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('duplicate policy names within a stage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policies-'))
    try {
      await writeFile(join(dir, 'prod.json'), JSON.stringify(devFile))
      await writeFile(join(dir, 'prod.extra.json'), JSON.stringify(devFile))
      const r = await run(['--env', 'prod', '--dir', dir])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('both define policy "gitops-dev-test"')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('promotion', () => {
  it('copies controls, keeps the target stage fields', () => {
    const source = { name: 'a', fail_cicd: false, block_failed: false, disallow_malware: true, only_none_root_users: true }
    const target = { name: 'b', fail_cicd: true, block_failed: true, disallow_malware: true, scan_sensitive_data: true }
    expect(promotePolicy(source, target)).toEqual({ name: 'b', fail_cicd: true, block_failed: true, disallow_malware: true, only_none_root_users: true })
  })

  it('previews dev → non-prod from the shipped files, then --write rewrites only the target', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policies-'))
    try {
      await cp(join(ROOT, ENV_DIR), dir, { recursive: true })
      const preview = await run(['--promote', 'dev:non-prod', '--dir', dir])
      expect(preview.code).toBe(0)
      expect(preview.stdout).toContain('gitops-non-prod [non-prod.json]: 1 field(s) change')
      expect(preview.stdout).toContain('  ~ only_none_root_users: false → true')
      expect(JSON.parse(await readFile(join(dir, 'non-prod.json'), 'utf8')).only_none_root_users).toBe(false)

      const written = await run(['--promote', 'dev:non-prod', '--dir', dir, '--write'])
      expect(written.code).toBe(0)
      const after = JSON.parse(await readFile(join(dir, 'non-prod.json'), 'utf8')) as Record<string, unknown>
      expect(after).toMatchObject({ name: 'gitops-non-prod', only_none_root_users: true, fail_cicd: true, block_failed: false })
      expect(await readFile(join(dir, 'dev-test.json'), 'utf8')).toBe(await readFile(join(ROOT, ENV_DIR, 'dev-test.json'), 'utf8'))

      const again = await run(['--promote', 'dev:non-prod', '--dir', dir])
      expect(again.stdout).toContain('gitops-non-prod [non-prod.json]: no change')
      expect(fake.requests).toEqual([]) // promotion never calls the API
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('non-prod → prod is already in step in the shipped files', async () => {
    const r = await run(['--promote', 'non-prod:prod', '--dir', ENV_DIR])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('gitops-prod [prod.json]: no change')
  })
})

describe('as a command (tsx, separate process)', () => {
  const exec = promisify(execFile)
  const script = join(ROOT, 'snippets/policy-push/push-policies.ts')
  const cli = (args: string[], env: Record<string, string>) =>
    exec(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    )

  it('dry run exits 0', async () => {
    const r = await cli(['--env', 'non-prod', '--dir', ENV_DIR], apiEnv())
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Mode: DRY RUN')
    expect(r.stdout).toContain('gitops-non-prod [non-prod.json]: new policy')
  }, 60_000)

  it('a rejected key exits 1 without printing the secret', async () => {
    const r = await cli(['--env', 'dev', '--dir', ENV_DIR], apiEnv({ AQUA_API_SECRET: 'wrong-secret-value-xyz' }))
    expect(r.code).toBe(1)
    expect(r.stdout + r.stderr).not.toContain('wrong-secret-value-xyz')
    expect(r.stderr).toContain('HTTP 401 from POST /v2/tokens')
  }, 60_000)

  it('a usage error exits 2', async () => {
    const r = await cli(['--env', 'staging'], {})
    expect(r.code).toBe(2)
  }, 60_000)
})
