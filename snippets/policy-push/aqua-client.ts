// A small Aqua SaaS API client for the policy push script: HMAC-signed token, tenant lookup and the
// image assurance policy endpoints. Node built-ins only (fetch, crypto). Nothing here prints the API
// secret or the token: every message that leaves this module has gone through `redact`.

import { createHmac } from 'node:crypto'

// #region regions
/** SaaS regions: where tokens are issued and where the tenant's Workload Protection URL is looked up. */
export const REGIONS = {
  us: { tokenApi: 'https://api.cloudsploit.com', prov: 'https://prov.cloud.aquasec.com' },
  'eu-1': { tokenApi: 'https://eu-1.api.cloudsploit.com', prov: 'https://prov-eu-1.cloud.aquasec.com' },
  'asia-1': { tokenApi: 'https://asia-1.api.cloudsploit.com', prov: 'https://prov-asia-1.cloud.aquasec.com' },
  'asia-2': { tokenApi: 'https://asia-2.api.cloudsploit.com', prov: 'https://prov-asia-2.cloud.aquasec.com' },
  'ap-2': { tokenApi: 'https://ap-2.api.cloudsploit.com', prov: 'https://prov-ap-2.cloud.aquasec.com' },
} as const
// #endregion regions

export type Region = keyof typeof REGIONS

export function isRegion(value: string): value is Region {
  return Object.hasOwn(REGIONS, value)
}

export const TOKEN_PATH = '/v2/tokens'
/** User and password sign-in on the token API (terraform-provider-aquasec client/client.go GetUSEAuthToken). */
export const SIGNIN_PATH = '/v2/signin'
export const POLICY_PATH = '/api/v2/assurance_policy/image'

// #region signature
/**
 * X-Signature for a SaaS API-key request: hex HMAC-SHA256 keyed with the API secret over
 * timestamp + METHOD + path + body, where body is exactly the bytes that are sent.
 */
export function signRequest(secret: string, timestamp: string, method: string, path: string, body: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + method.toUpperCase() + path + body)
    .digest('hex')
}
// #endregion signature

/** Replace every occurrence of each non-empty secret with ***. */
export function redact(text: string, secrets: ReadonlyArray<string | null | undefined>): string {
  let out = text
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('***')
  }
  return out
}

export type ErrorKind = 'auth' | 'http' | 'network' | 'timeout' | 'bad-response'

export class AquaApiError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly status: number | null = null,
  ) {
    super(message)
    this.name = 'AquaApiError'
  }
}

export interface ClientOptions {
  apiKey: string
  apiSecret: string
  /** Token API base, e.g. https://api.cloudsploit.com */
  tokenApi: string
  /** Provisioning base used for GET /v1/envs. */
  provUrl: string
  /** Workload Protection base URL; when given, /v1/envs is not called. */
  eseUrl?: string | undefined
  /** Roles asked for in the token (csp_roles); left out of the request when empty. */
  cspRoles?: string[]
  tokenValidityMinutes?: number
  /** Per-attempt timeout. */
  timeoutMs?: number
  /** Attempts per request, the first included. */
  maxAttempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Clock in milliseconds; the token request signs its seconds. */
  now?: () => number
  /** Progress lines (retries). Already redacted. */
  log?: (line: string) => void
  /**
   * Client-side rate limit (token bucket), off when unset. Aqua's Terraform provider limits itself to
   * 10 requests/s with a burst of 3 (client/client.go: rate.NewLimiter(10, 3)).
   */
  requestsPerSecond?: number
  burst?: number
  /** Password for user sign-in; kept only to be redacted from every message. */
  password?: string
}

type Json = Record<string, unknown>

interface Prepared {
  headers: Record<string, string>
  body?: string
}

interface Sent {
  status: number
  text: string
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function keyHint(key: string): string {
  return key.length > 8 ? `…${key.slice(-4)}` : '(short key)'
}

function serverMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as unknown
    if (parsed && typeof parsed === 'object' && typeof (parsed as Json).message === 'string') {
      return (parsed as Json).message as string
    }
  } catch {
    // not JSON: fall through
  }
  return text.trim().slice(0, 200)
}

/** Milliseconds from a Retry-After header (delta-seconds or HTTP date), or null when absent/unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - nowMs)
}

export class AquaClient {
  private token: string | null = null
  private ese: string | null
  private readonly o: Required<Omit<ClientOptions, 'eseUrl' | 'log' | 'requestsPerSecond' | 'burst' | 'password'>> &
    Pick<ClientOptions, 'log' | 'requestsPerSecond' | 'burst' | 'password'>
  private tokens: number
  private refilledAt: number

  constructor(options: ClientOptions) {
    this.o = {
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      tokenApi: options.tokenApi,
      provUrl: options.provUrl,
      cspRoles: options.cspRoles ?? [],
      tokenValidityMinutes: options.tokenValidityMinutes ?? 30,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxAttempts: Math.max(1, options.maxAttempts ?? 4),
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 8_000,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      sleep: options.sleep ?? defaultSleep,
      now: options.now ?? Date.now,
      log: options.log,
      requestsPerSecond: options.requestsPerSecond,
      burst: options.burst,
      password: options.password,
    }
    this.ese = options.eseUrl ? normaliseBase(options.eseUrl) : null
    this.tokens = options.burst ?? 1
    this.refilledAt = this.o.now()
  }

  /** Everything that must never be printed. */
  get secrets(): string[] {
    return [this.o.apiSecret, this.o.password ?? '', this.token ?? '']
  }

  redact(text: string): string {
    return redact(text, this.secrets)
  }

  get workloadUrl(): string | null {
    return this.ese
  }

  /** POST /v2/tokens signed with the API key's secret; keeps the returned JWT in memory only. */
  async authenticate(): Promise<void> {
    const body = JSON.stringify({
      validity: this.o.tokenValidityMinutes,
      allowed_endpoints: ['ANY'],
      ...(this.o.cspRoles.length > 0 ? { csp_roles: this.o.cspRoles } : {}),
    })
    // #region token
    const res = await this.send('POST', normaliseBase(this.o.tokenApi) + TOKEN_PATH, () => {
      const timestamp = String(Math.floor(this.o.now() / 1000)) // re-signed on every attempt
      return {
        headers: {
          'Content-Type': 'application/json',
          'X-API-Key': this.o.apiKey,
          'X-Timestamp': timestamp,
          'X-Signature': signRequest(this.o.apiSecret, timestamp, 'POST', TOKEN_PATH, body),
        },
        body,
      }
    })
    // #endregion token
    this.expectOk(res, 'POST', TOKEN_PATH)
    const data = parseJson(res.text)?.data
    if (typeof data !== 'string' || data === '') {
      throw new AquaApiError(`POST ${TOKEN_PATH} answered ${res.status} without a token in "data"`, 'bad-response', res.status)
    }
    this.token = data
  }

  /** POST /v2/signin with a user's email and password (instead of an API key); keeps the token in memory only. */
  async signIn(email: string, password: string): Promise<void> {
    const body = JSON.stringify({ email, password })
    const res = await this.send('POST', normaliseBase(this.o.tokenApi) + SIGNIN_PATH, () => ({ headers: { 'Content-Type': 'application/json' }, body }))
    this.expectOk(res, 'POST', SIGNIN_PATH)
    const data = parseJson(res.text)?.data
    const token = data && typeof data === 'object' ? (data as Json).token : undefined
    if (typeof token !== 'string' || token === '') {
      throw new AquaApiError(`POST ${SIGNIN_PATH} answered ${res.status} without a token in "data.token"`, 'bad-response', res.status)
    }
    this.token = token
  }

  /** GET a Workload Protection path (with its query) and parse the JSON answer. */
  async getJson(pathAndQuery: string): Promise<unknown> {
    const res = await this.send('GET', this.base() + pathAndQuery, () => ({ headers: this.bearer() }))
    const path = pathAndQuery.split('?')[0]!
    this.expectOk(res, 'GET', path)
    try {
      return JSON.parse(res.text) as unknown
    } catch {
      throw new AquaApiError(`GET ${path} answered ${res.status} with a body that is not JSON`, 'bad-response', res.status)
    }
  }

  /** GET <prov>/v1/envs → data.ese_url, unless a Workload Protection URL was given. */
  async resolveWorkloadUrl(): Promise<string> {
    if (this.ese) return this.ese
    const res = await this.send('GET', normaliseBase(this.o.provUrl) + '/v1/envs', () => ({ headers: this.bearer() }))
    this.expectOk(res, 'GET', '/v1/envs')
    const data = parseJson(res.text)?.data
    const url = data && typeof data === 'object' ? (data as Json).ese_url : undefined
    if (typeof url !== 'string' || url === '') {
      throw new AquaApiError('GET /v1/envs answered without data.ese_url', 'bad-response', res.status)
    }
    this.ese = normaliseBase(url)
    return this.ese
  }

  // #region get-policy
  /** The policy as the server has it, or null when absent (404, empty body, or an object without a name). */
  async getImagePolicy(name: string): Promise<Json | null> {
    const path = `${POLICY_PATH}/${encodeURIComponent(name)}`
    const res = await this.send('GET', this.base() + path, () => ({ headers: this.bearer() }))
    if (res.status === 404) return null
    this.expectOk(res, 'GET', path)
    if (res.text.trim() === '') return null
    const body = parseJson(res.text)
    if (!body) throw new AquaApiError(`GET ${path} answered ${res.status} with a body that is not a JSON object`, 'bad-response', res.status)
    return typeof body.name === 'string' && body.name !== '' ? body : null
  }
  // #endregion get-policy

  async createImagePolicy(policy: Json): Promise<number> {
    const body = JSON.stringify(policy)
    const res = await this.send('POST', this.base() + POLICY_PATH, () => ({ headers: this.jsonHeaders(), body }))
    this.expectOk(res, 'POST', POLICY_PATH)
    return res.status
  }

  async updateImagePolicy(name: string, policy: Json): Promise<number> {
    const path = `${POLICY_PATH}/${encodeURIComponent(name)}`
    const body = JSON.stringify(policy)
    const res = await this.send('PUT', this.base() + path, () => ({ headers: this.jsonHeaders(), body }))
    this.expectOk(res, 'PUT', path)
    return res.status
  }

  private base(): string {
    if (!this.ese) throw new Error('resolveWorkloadUrl() must run before Workload Protection calls')
    return this.ese
  }

  private bearer(): Record<string, string> {
    if (!this.token) throw new Error('authenticate() must run before this call')
    return { Authorization: `Bearer ${this.token}`, Accept: 'application/json' }
  }

  private jsonHeaders(): Record<string, string> {
    return { ...this.bearer(), 'Content-Type': 'application/json' }
  }

  private expectOk(res: Sent, method: string, path: string): void {
    if (res.status >= 200 && res.status < 300) return
    const msg = this.redact(serverMessage(res.text))
    throw new AquaApiError(`${method} ${path} failed with HTTP ${res.status}${msg ? `: ${msg}` : ''}`, 'http', res.status)
  }

  /**
   * One request with per-attempt timeout. 401/403 stop at once; 429, 5xx, network errors and
   * timeouts are retried with exponential backoff (Retry-After wins when the server sends it).
   */
  private async send(method: string, url: string, prepare: () => Prepared): Promise<Sent> {
    const path = new URL(url).pathname
    const { maxAttempts } = this.o
    for (let attempt = 1; ; attempt++) {
      await this.throttle()
      const { headers, body } = prepare()
      let res: Sent & { retryAfter: string | null }
      // #region timeout
      const controller = new AbortController()
      const timer = setTimeout(() => controller.abort(), this.o.timeoutMs)
      try {
        const r = await this.o.fetch(url, { method, headers, body, signal: controller.signal })
        res = { status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after') }
      } catch (err) {
        const timedOut = controller.signal.aborted
        const why = timedOut ? `timed out after ${this.o.timeoutMs} ms` : `network error: ${(err as Error).message}`
        if (attempt >= maxAttempts) throw new AquaApiError(this.redact(`${method} ${path} ${why} (${attempt} attempts)`), timedOut ? 'timeout' : 'network')
        await this.pause(attempt, null, `${method} ${path} ${why}`)
        continue
      } finally {
        clearTimeout(timer)
      }
      // #endregion timeout
      // #region retry
      if (res.status === 401 || res.status === 403) {
        throw new AquaApiError(this.authMessage(res.status, method, path, res.text), 'auth', res.status)
      }
      if (res.status === 429 || res.status >= 500) {
        if (attempt >= maxAttempts) {
          const msg = this.redact(serverMessage(res.text))
          const detail = `${method} ${path} failed with HTTP ${res.status} after ${attempt} attempts${msg ? `: ${msg}` : ''}`
          throw new AquaApiError(detail, 'http', res.status)
        }
        await this.pause(attempt, parseRetryAfter(res.retryAfter, this.o.now()), `${method} ${path} got HTTP ${res.status}`)
        continue
      }
      return res
      // #endregion retry
    }
  }

  /** Waits for a token of the bucket when a rate limit is set. */
  private async throttle(): Promise<void> {
    const rate = this.o.requestsPerSecond
    if (!rate) return
    const burst = this.o.burst ?? 1
    for (;;) {
      const now = this.o.now()
      this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) * rate) / 1000)
      this.refilledAt = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await this.o.sleep(Math.ceil(((1 - this.tokens) * 1000) / rate))
    }
  }

  // #region backoff
  private async pause(attempt: number, retryAfterMs: number | null, why: string): Promise<void> {
    const backoff = Math.min(this.o.baseDelayMs * 2 ** (attempt - 1), this.o.maxDelayMs)
    const wait = retryAfterMs ?? backoff
    this.o.log?.(this.redact(`${why}; retry ${attempt + 1}/${this.o.maxAttempts} in ${(wait / 1000).toFixed(1)} s`))
    await this.o.sleep(wait)
  }
  // #endregion backoff

  private authMessage(status: number, method: string, path: string, text: string): string {
    const server = this.redact(serverMessage(text))
    const said = server ? ` Server said: ${server}` : ''
    const where = `(HTTP ${status} from ${method} ${path})`
    if (path === TOKEN_PATH && status === 401) {
      return `Aqua rejected the API key ${keyHint(this.o.apiKey)} ${where}. Check AQUA_API_KEY and AQUA_API_SECRET: the key may be wrong, disabled or expired, the secret may not be the key's, or this machine's clock may be off (X-Timestamp is signed).${said}`
    }
    if (path === SIGNIN_PATH) {
      return `Aqua did not accept the user name and password ${where}. Check AQUA_USER and AQUA_PASSWORD, and that the user may sign in without single sign-on.${said}`
    }
    if (path === TOKEN_PATH) {
      return `The API key ${keyHint(this.o.apiKey)} may not obtain this token ${where}. Check the key's roles, its allowed IP addresses, and AQUA_CSP_ROLES if you set it.${said}`
    }
    if (status === 401) {
      return `The token was not accepted ${where}. It may have expired, or belong to another region or tenant: check --region, AQUA_PROV_URL and AQUA_ESE_URL.${said}`
    }
    const who = this.o.apiKey ? `The API key ${keyHint(this.o.apiKey)}` : 'This user'
    if (!path.startsWith(POLICY_PATH)) {
      return `${who} is not allowed to read this ${where}. Its role needs a permission set that may view images, registries and image assurance policies.${said}`
    }
    const need = method === 'GET' ? 'image_assurance.read' : 'image_assurance.write'
    return `${who} is not allowed to do this ${where}. Its role needs a permission set with ${need} on the policy's application scopes.${said}`
  }
}

function normaliseBase(url: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`
  return withScheme.replace(/\/+$/, '')
}

function parseJson(text: string): Json | null {
  try {
    const v = JSON.parse(text) as unknown
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null
  } catch {
    return null
  }
}
