// The Postee snippet: cfg.yaml parses, uses only keys and types Postee knows, every cross-reference
// resolves, secrets are $VARs, and the routes fire as intended on real Aqua scan payloads.
// docker-run.sh is run against a stand-in docker that keeps the rendered config.

import { execFile } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { readRegions } from '../checks/regions.ts'
import { type Cfg, ENV_REF, type Route, posteeProblems } from '../checks/postee.ts'

const DIR = resolve(import.meta.dirname)
const ROOT = resolve(DIR, '../..')
const text = await readFile(join(DIR, 'cfg.yaml'), 'utf8')
/** cfg.yaml as docker-run.sh renders it when every target is set: what Postee reads. */
const cfg = parseYaml(text.replace(/\$(SLACK|TEAMS|JIRA|EMAIL)_ENABLE\b/g, 'true')) as Cfg
/** The catch-all route of the first test: every scan to Postee's log. */
const FIRST_TEST_ROUTE = 'every-scan-to-log'

describe('cfg.yaml schema', () => {
  it('parses, with regions that fit a slide', () => {
    expect(readRegions(text).problems).toEqual([])
  })

  it('passes the Postee config checks (snippets/checks/postee.ts), which fail a broken copy', () => {
    expect(posteeProblems(cfg, text)).toEqual([])
    const broken = structuredClone(cfg)
    broken.routes[1]!.actions = ['security-slak']
    broken.actions[1]!.url = 'https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnop'
    expect(posteeProblems(broken, text)).toEqual(expect.arrayContaining([expect.stringMatching(/action security-slak does not exist/), expect.stringMatching(/security-slack\.url is not a \$VAR/)]))
  })

  it('routes that notify people use the unique-message plugin so a result is reported once', () => {
    for (const r of cfg.routes.filter((x) => x.name !== FIRST_TEST_ROUTE)) {
      const p = r.plugins ?? {}
      expect(Array.isArray(p['unique-message-props']) && (p['unique-message-props'] as unknown[]).length > 0, r.name).toBe(true)
      expect(String(p['unique-message-timeout'])).toMatch(/^\d+[smhd]$/)
    }
  })

  it('hard-codes no host, address or project: docker-run.sh fills them in, and switches each target on', () => {
    const raw = parseYaml(text) as Cfg
    for (const a of raw.actions) {
      if (a.type === 'stdout') continue
      expect(a.enable, `${a.name}.enable`).toMatch(/^\$(SLACK|TEAMS|JIRA|EMAIL)_ENABLE$/)
      for (const k of ['url', 'host', 'port', 'sender', 'project-key']) if (a[k] !== undefined) expect(a[k], `${a.name}.${k}`).toMatch(ENV_REF)
      if (a.recipients !== undefined) expect(a.recipients).toEqual(['$MAIL_TO'])
    }
    expect(text).not.toMatch(/example\.com|your-company|atlassian\.net/)
  })

  it('has the catch-all route for the first test: every scan to the log', () => {
    const r = cfg.routes.find((x) => x.name === FIRST_TEST_ROUTE)!
    expect(r.input).toBe('input')
    expect(r.actions.map((a) => cfg.actions.find((x) => x.name === a)!.type)).toEqual(['stdout'])
  })
})

// A reader for the route conditions used here: one condition per line, AND-ed, as Postee wraps
// them in a Rego rule body. Anything else fails the test, so new conditions get a test too.
function get(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj)
}
function evalCondition(line: string, input: unknown): boolean {
  if (line === 'input') return input !== undefined && input !== null // the catch-all
  let m = /^not input\.([\w.]+)$/.exec(line)
  if (m) {
    const v = get(input, m[1]!)
    return v === undefined || v === false
  }
  m = /^input\.([\w.]+)\s*(==|>)\s*(true|false|\d+)$/.exec(line)
  if (!m) throw new Error(`route condition not understood by this test: ${line}`)
  const v = get(input, m[1]!)
  if (v === undefined) return false // undefined in Rego: the rule body fails
  const rhs = m[3] === 'true' ? true : m[3] === 'false' ? false : Number(m[3])
  return m[2] === '==' ? v === rhs : typeof v === 'number' && v > (rhs as number)
}
const fires = (r: Route, input: unknown) => (r.input ?? '').split('\n').map((l) => l.trim()).filter(Boolean).every((l) => evalCondition(l, input))
const routedTypes = (input: unknown) =>
  cfg.routes.filter((r) => fires(r, input)).flatMap((r) => r.actions.map((a) => cfg.actions.find((x) => x.name === a)!.type)).sort()

describe('routing on real Aqua scan payloads (data/reports/aqua)', () => {
  const load = async (f: string) => JSON.parse(await readFile(join(ROOT, 'data/reports/aqua', f), 'utf8')) as unknown
  const ALL = ['email', 'jira', 'slack', 'stdout', 'teams']
  const rules = (input: unknown) => cfg.routes.filter((r) => r.name !== FIRST_TEST_ROUTE && fires(r, input))

  it('non-compliant with criticals (pokemongo-map): every channel once, from the non-compliant routes', async () => {
    const input = await load('postee-pokemongo-map-alpine-3.4.0.json')
    expect(routedTypes(input)).toEqual(ALL)
    expect(rules(input).every((r) => r.name.startsWith('non-compliant'))).toBe(true)
  })

  it('non-compliant without criticals (alpine:3.8): every channel', async () => {
    expect(routedTypes(await load('postee-alpine-3.8.json'))).toEqual(ALL)
  })

  it('compliant with criticals (photon, harbor adapter output): every channel, from the critical routes', async () => {
    const input = await load('harbor-scanner-aqua-photon-3.0.json')
    expect(get(input, 'image_assurance_results.disallowed')).toBeUndefined()
    expect(routedTypes(input)).toEqual(ALL)
    expect(rules(input).every((r) => r.name.startsWith('critical'))).toBe(true)
  })

  it('compliant without criticals (all-in-one): only the log of the first test', async () => {
    expect(routedTypes(await load('postee-all-in-one-3.5.json'))).toEqual(['stdout'])
  })

  it('the condition reader refuses what it does not know', () => {
    expect(() => evalCondition('contains(input.image, "alpine")', {})).toThrow()
  })
})

describe('docker-run.sh', () => {
  let dir: string
  const env: Record<string, string | undefined> = {
    AQUA_CONSOLE_URL: 'https://tenant.cloud.aquasec.com',
    SLACK_WEBHOOK_URL: 'https://hooks.example/slack/secret-slack-part?a=1&b=2',
    TEAMS_WEBHOOK_URL: 'https://hooks.example/teams/secret-teams-part',
    JIRA_URL: 'https://jira.customer.test',
    JIRA_PROJECT_KEY: 'SEC',
    JIRA_USER: 'jira-user@customer.test',
    JIRA_API_TOKEN: 'secret-jira-token',
    SMTP_HOST: 'smtp.customer.test',
    SMTP_PORT: '587',
    SMTP_USER: 'smtp-user',
    SMTP_PASSWORD: 'secret-smtp-password',
    MAIL_FROM: 'aqua@customer.test',
    MAIL_TO: 'security@customer.test',
  }
  const only = (keep: string[]) => Object.fromEntries(Object.keys(env).map((k) => [k, keep.includes(k) ? env[k] : undefined]))
  const rendered = async () => parseYaml(await readFile(join(dir, 'cfg.yaml'), 'utf8')) as Cfg
  const enabled = (c: Cfg) => c.actions.filter((a) => a.enable === true).map((a) => a.type).sort()
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'postee-run-'))
    // stand-in docker: record the arguments and keep a copy of the mounted config
    await writeFile(
      join(dir, 'docker'),
      `#!/usr/bin/env bash
printf '%s\\n' "$@" > "$OUT/args"
for a in "$@"; do case "$a" in *:/config/cfg.yaml:ro) cp "\${a%%:*}" "$OUT/cfg.yaml"; stat -c %a "\${a%%:*}" > "$OUT/mode";; esac; done
printf '%s\\n' "$JIRA_API_TOKEN" > "$OUT/jira-token-in-env"
`,
    )
    await chmod(join(dir, 'docker'), 0o755)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const run = (extra: Record<string, string | undefined>) =>
    new Promise<{ code: number; out: string }>((res) => {
      const e = Object.fromEntries(Object.entries({ ...env, ...extra }).filter(([, v]) => v !== undefined)) as Record<string, string>
      execFile('bash', [join(DIR, 'docker-run.sh')], { env: { PATH: `${dir}:${process.env.PATH ?? ''}`, OUT: dir, ...e } }, (err, stdout, stderr) =>
        res({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
      )
    })

  it('renders the URLs, leaves user/password references to Postee, publishes 8082 and 8445', async () => {
    const r = await run({})
    expect(r.code).toBe(0)
    for (const v of Object.values(env)) if (v?.includes('secret')) expect(r.out).not.toContain(v)
    const c = await rendered()
    expect(c['aqua-server']).toBe(env.AQUA_CONSOLE_URL)
    expect(c.actions.find((a) => a.type === 'slack')!.url).toBe(env.SLACK_WEBHOOK_URL) // & survives
    expect(c.actions.find((a) => a.type === 'teams')!.url).toBe(env.TEAMS_WEBHOOK_URL)
    expect(c.actions.find((a) => a.type === 'jira')!.password).toBe('$JIRA_API_TOKEN')
    expect(c.actions.find((a) => a.type === 'jira')).toMatchObject({ url: env.JIRA_URL, 'project-key': 'SEC' })
    expect(c.actions.find((a) => a.type === 'email')).toMatchObject({ host: env.SMTP_HOST, port: 587, sender: env.MAIL_FROM, recipients: [env.MAIL_TO] })
    expect(enabled(c)).toEqual(['email', 'jira', 'slack', 'stdout', 'teams'])
    expect((await readFile(join(dir, 'mode'), 'utf8')).trim()).toBe('644')
    const args = (await readFile(join(dir, 'args'), 'utf8')).split('\n')
    expect(args).toEqual(expect.arrayContaining(['-p', '8082:8082', '8445:8445', 'POSTEE_CFG=/config/cfg.yaml', 'JIRA_API_TOKEN', 'aquasec/postee:latest']))
    expect(args.join(' ')).not.toMatch(/secret-/) // secrets travel in the environment, not in argv
    expect((await readFile(join(dir, 'jira-token-in-env'), 'utf8')).trim()).toBe(env.JIRA_API_TOKEN)
  })

  it('needs only the console URL and one target; the others stay switched off', async () => {
    const r = await run(only(['AQUA_CONSOLE_URL', 'TEAMS_WEBHOOK_URL']))
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain('targets on: TEAMS')
    const c = await rendered()
    expect(enabled(c)).toEqual(['stdout', 'teams'])
    expect(c.actions.find((a) => a.type === 'slack')!.enable).toBe(false)
    expect(c.actions.find((a) => a.type === 'jira')!.enable).toBe(false)
  })

  it.each([
    ['no console URL', only(['SLACK_WEBHOOK_URL']), 'export AQUA_CONSOLE_URL first'],
    ['no target', only(['AQUA_CONSOLE_URL']), 'at least one target'],
    ['a half-set target, naming what is missing', only(['AQUA_CONSOLE_URL', 'SLACK_WEBHOOK_URL', 'JIRA_URL', 'JIRA_USER']), 'export JIRA_PROJECT_KEY JIRA_API_TOKEN too'],
  ])('stops with exit 2 on %s', async (_why, vars, message) => {
    const r = await run(vars)
    expect(r.code).toBe(2)
    expect(r.out).toContain(message)
    expect(readRegions(await readFile(join(DIR, 'docker-run.sh'), 'utf8')).problems).toEqual([])
  })
})
