// kit engagement pull against the stand-in Aqua API on 127.0.0.1: registries, the paged image list,
// each image's paged vulnerabilities and the image policies land in the folder as the same ScanResult
// a scanner report of the image gives; interrupted pulls resume; 401/403/429/5xx are one clear sentence;
// no secret is ever printed; the client keeps to 10 requests per second.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { reportFileName } from '../../core/engagement/images.ts'
import { pullEngagement } from '../../core/engagement/pull.ts'
import { readReportFile } from '../../core/files.ts'
import { summarize } from '../../core/summary.ts'
import { AquaClient } from '../../snippets/policy-push/aqua-client.ts'
import { type FakeAqua, startFakeAqua } from '../../snippets/checks/fake-aqua.ts'
import { kitWithEnv as kit } from './cli-test-helpers.ts'
import { report } from './core-test-helpers.ts'

const CREDS = { key: 'pull-test-key-0001', secret: 'pull-test-secret-s3cr3t', token: 'pull-test-token-jwt-abc' }
const SOURCES = ['aqua/postee-pokemongo-map-alpine-3.4.0.json', 'aqua/postee-alpine-3.8.json', 'aqua/defectdojo-scannercli-debian-10-azurecr.json'].map(report)

type Json = Record<string, unknown>

/**
 * A real Aqua scanner report laid out as the image API answers it (field names from
 * terraform-provider-aquasec client/image.go and client/vulnerabilities.go): the same findings, no new ones.
 */
function asImageApi(file: string): { image: Json; vulnerabilities: Json[] } {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Json & { resources: Array<{ resource: Json; vulnerabilities?: Json[] }> }
  const [repository, tag] = String(doc.image).split(/:(?=[^:]*$)/) as [string, string]
  const vulnerabilities = doc.resources.flatMap((r) =>
    (r.vulnerabilities ?? []).map((v) => ({
      name: v.name,
      description: v.description ?? '',
      publish_date: v.publish_date ?? '',
      aqua_severity: v.aqua_severity ?? '',
      vendor_severity: v.vendor_severity ?? '',
      nvd_severity: v.nvd_severity ?? '',
      aqua_score: v.aqua_score ?? 0,
      nvd_cvss3_score: v.nvd_score_v3 ?? 0,
      nvd_cvss2_score: v.nvd_score ?? 0,
      vendor_cvss2_score: v.vendor_score ?? 0,
      fix_version: v.fix_version ?? '',
      nvd_url: v.nvd_url ?? '',
      vendor_url: v.vendor_url ?? '',
      resource: { type: 'package', format: r.resource.format ?? '', name: r.resource.name ?? '', version: r.resource.version ?? '', path: r.resource.path ?? '', licenses: r.resource.license ? [r.resource.license] : [] },
      registry: doc.registry,
      image_repository_name: repository,
      image_name: `${repository}:${tag}`,
    })),
  )
  const started = doc.scan_started as { seconds: number } | undefined
  return {
    image: {
      registry: doc.registry,
      repository,
      tag,
      name: `${repository}:${tag}`,
      digest: doc.digest ?? '',
      os: doc.os ?? '',
      os_version: doc.version ?? '',
      scan_status: 'finished',
      scan_date: started ? new Date(started.seconds * 1000).toISOString() : '',
      vulns_found: vulnerabilities.length,
      metadata: { default_user: '', env: [], docker_labels: ['maintainer=<b>ops</b>'] },
    },
    vulnerabilities,
  }
}

let fake: FakeAqua
const root = mkdtempSync(join(tmpdir(), 'kit-pull-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0

beforeEach(async () => {
  fake = await startFakeAqua(CREDS)
  fake.registries = [{ name: 'Docker Hub', type: 'HUB', url: 'https://docker.io' }]
  for (const file of SOURCES) {
    const { image, vulnerabilities } = asImageApi(file)
    fake.images.push(image)
    fake.vulnerabilities.set(`${String(image.registry)}/${String(image.name)}`, vulnerabilities)
  }
  const prod = JSON.parse(readFileSync('snippets/policies/prod-gate.json', 'utf8')) as Json
  fake.policies.set(String(prod.name), prod)
  fake.policies.set('runtime-x', { name: 'runtime-x', assurance_type: 'host' })
})
afterEach(async () => fake.close())

async function engagement(): Promise<string> {
  const dir = join(root, `e${++n}`)
  expect((await kit({}, 'engagement', 'new', dir, '--customer', 'Example')).code).toBe(0)
  return dir
}

const keyEnv = () => ({ AQUA_API_KEY: CREDS.key, AQUA_API_SECRET: CREDS.secret, AQUA_TOKEN_API: fake.url, AQUA_PROV_URL: fake.url })

function client(extra: Partial<ConstructorParameters<typeof AquaClient>[0]> = {}): AquaClient {
  return new AquaClient({ apiKey: CREDS.key, apiSecret: CREDS.secret, tokenApi: fake.url, provUrl: fake.url, eseUrl: fake.url, sleep: async () => {}, baseDelayMs: 1, maxAttempts: 2, ...extra })
}

describe('kit engagement pull', () => {
  it('writes one report per image that reads as the scanner report of that image does, and the image policies', async () => {
    const dir = await engagement()
    const r = await kit(keyEnv(), 'engagement', 'pull', dir, '--url', fake.url)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/registries 1 · policies 1 · images 3\/3 · vulnerabilities \d+/)
    expect(r.stdout).toContain('now in play: prod-gate')
    expect(readdirSync(join(dir, 'policies'))).toEqual(['prod-gate.json'])
    for (const file of SOURCES) {
      const scanner = await readReportFile(file)
      const pulled = await readReportFile(join(dir, 'reports', reportFileName(scanner.image)))
      expect(pulled.flavour).toBe('aqua-image-api')
      expect(pulled.image).toBe(scanner.image)
      expect(summarize(pulled).vulnerabilities).toEqual(summarize(scanner).vulnerabilities)
      expect(summarize(pulled).fixable).toBe(summarize(scanner).fixable)
      expect(pulled.config?.labels).toEqual({ maintainer: '<b>ops</b>' })
    }
    const summary = JSON.parse((await kit({}, 'engagement', 'summary', dir, '--json')).stdout) as { policies: string[]; images: Array<{ image: string }> }
    expect(summary.policies).toEqual(['prod-gate'])
    expect(summary.images).toHaveLength(3)
    expect(r.stdout + r.stderr).not.toContain(CREDS.secret)
    expect(r.stdout + r.stderr).not.toContain(CREDS.token)
    // GET only: the pull never changes the tenant.
    expect(fake.requests.filter((q) => q.method !== 'GET').map((q) => q.path)).toEqual(['/v2/tokens'])
  })

  it('pages the image and vulnerability lists', async () => {
    const dir = await engagement()
    const api = client()
    await api.authenticate()
    const result = await pullEngagement(dir, api)
    const pokemongo = fake.requests.filter((q) => q.path.startsWith('/api/v2/risks/vulnerabilities') && q.path.includes('pokemongo'))
    // 283 findings, 50 per page (as the Terraform provider asks).
    expect(pokemongo.map((q) => new URL(q.path, 'http://x').searchParams.get('page'))).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(result.imagesDone).toBe(3)
  })

  it('resumes after an interruption: whole files only, finished images are not fetched again', async () => {
    const dir = await engagement()
    // The second image (alpine:3.8) keeps failing, through every retry.
    fake.override = (req) => (/^\/api\/v2\/images\/[^/]+\/alpine\/3\.8$/.test(req.path) ? { status: 503, body: '{"message":"maintenance"}' } : undefined)
    const first = await kit(keyEnv(), 'engagement', 'pull', dir, '--url', fake.url)
    expect(first.code).toBe(1)
    expect(first.stderr).toContain("Aqua's server failed (HTTP 503)")
    expect(first.stderr).toContain('run the same command again to resume')
    const afterFirst = readdirSync(join(dir, 'reports'))
    expect(afterFirst).toHaveLength(1)
    for (const name of afterFirst) await readReportFile(join(dir, 'reports', name))
    expect(readdirSync(join(dir, 'reports')).some((x) => x.startsWith('.'))).toBe(false)
    fake.override = () => undefined
    const before = fake.requests.length
    const second = await kit(keyEnv(), 'engagement', 'pull', dir, '--url', fake.url)
    expect(second.code, second.stderr).toBe(0)
    expect(second.stdout).toContain('(1 done before)')
    const again = fake.requests.slice(before)
    // The first image and the saved list page are not fetched again.
    expect(again.filter((q) => q.path.includes('pokemongo'))).toEqual([])
    expect(again.filter((q) => q.path.startsWith('/api/v2/images?'))).toEqual([])
    expect(readdirSync(join(dir, 'reports'))).toHaveLength(3)
    expect(readdirSync(join(dir, '.pull'))).toEqual(['registries.json'])
  })

  it.each([
    [401, 'rejected the API key'],
    [403, 'may not obtain this token'],
  ])('HTTP %i on sign-in is one clear sentence and prints no secret', async (status, words) => {
    const dir = await engagement()
    fake.override = (req) => (req.path === '/v2/tokens' ? { status, body: JSON.stringify({ message: `bad ${CREDS.secret}` }) } : undefined)
    const r = await kit(keyEnv(), 'engagement', 'pull', dir, '--url', fake.url)
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n')).toHaveLength(1)
    expect(r.stderr).toContain(words)
    expect(r.stderr).not.toContain(CREDS.secret)
  })

  it('HTTP 403 on the image list names the missing permission; 429 that keeps coming says to wait', async () => {
    const dir = await engagement()
    fake.override = (req) => (req.path.startsWith('/api/v2/images') ? { status: 403, body: '{"message":"forbidden"}' } : undefined)
    const forbidden = await kit(keyEnv(), 'engagement', 'pull', dir, '--url', fake.url)
    expect(forbidden.code).toBe(1)
    expect(forbidden.stderr).toContain('is not allowed to read this (HTTP 403 from GET /api/v2/images)')
    const api = client()
    await api.authenticate()
    fake.override = (req) => (req.path.startsWith('/api/v1/registries') ? { status: 429, body: '' } : undefined)
    await expect(pullEngagement(dir, api)).rejects.toThrow(/HTTP 429 after 2 attempts/)
  })

  it('signs in with a user and password when no API key is set', async () => {
    const dir = await engagement()
    fake.user = { email: 'consultant@example.com', password: 'pa55-w0rd-secret' }
    const env = { AQUA_USER: 'consultant@example.com', AQUA_PASSWORD: 'pa55-w0rd-secret', AQUA_TOKEN_API: fake.url, AQUA_PROV_URL: fake.url }
    const r = await kit(env, 'engagement', 'pull', dir, '--url', fake.url)
    expect(r.code, r.stderr).toBe(0)
    fake.user = { email: 'consultant@example.com', password: 'another' }
    const wrong = await kit(env, 'engagement', 'pull', dir, '--url', fake.url)
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('did not accept the user name and password')
    expect(wrong.stderr + r.stdout).not.toContain('pa55-w0rd-secret')
  })

  it('keeps to 10 requests per second with a burst of 3, as the Terraform provider does', async () => {
    let clock = 0
    const sent: number[] = []
    const api = new AquaClient({
      apiKey: CREDS.key,
      apiSecret: CREDS.secret,
      tokenApi: fake.url,
      provUrl: fake.url,
      eseUrl: fake.url,
      requestsPerSecond: 10,
      burst: 3,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms
      },
      fetch: async (input, init) => {
        sent.push(clock)
        return fetch(input, init)
      },
    })
    await api.authenticate()
    for (let i = 0; i < 12; i++) await api.getJson('/api/v1/registries')
    // 13 requests: 3 at once, then one every 100 ms.
    expect(sent.slice(0, 3)).toEqual([0, 0, 0])
    expect(sent.at(-1)).toBe(1000)
  })

  it('needs --url and credentials', async () => {
    const dir = await engagement()
    expect((await kit({}, 'engagement', 'pull', dir)).stderr).toContain('--url')
    expect((await kit({}, 'engagement', 'pull', dir, '--url', fake.url)).stderr).toContain('AQUA_API_KEY')
  })
})
