// push-policies.ts: Image Assurance policies as code, pushed to Aqua SaaS through the API.
//
// Usage
//   tsx snippets/policy-push/push-policies.ts --env dev|non-prod|prod --dir snippets/policies/env
//       [--apply] [--region us|eu-1|asia-1|asia-2|ap-2]
//   tsx snippets/policy-push/push-policies.ts --promote dev:non-prod|non-prod:prod
//       --dir snippets/policies/env [--write]
//
// Environment
//   AQUA_API_KEY, AQUA_API_SECRET   API key and its secret (never printed; redacted from errors too)
//   AQUA_CSP_ROLES                  optional, comma-separated roles asked for in the token
//   AQUA_TOKEN_API, AQUA_PROV_URL   optional overrides of the region's token and provisioning URLs
//   AQUA_ESE_URL                    optional Workload Protection URL; skips the GET /v1/envs lookup
//
// Which files belong to an environment
//   dev → dev-test.json, non-prod → non-prod.json, prod → prod.json in --dir, plus any
//   <base>.<suffix>.json beside them (e.g. prod.payments.json) for more policies per stage.
//
// What a push does
//   POST /v2/tokens (HMAC-signed) → GET /v1/envs → for every file: GET the policy by name, print
//   what would change (a new policy in full, `field: old → new`, or "no change"). Dry run is the
//   default and writes nothing. With --apply: POST creates, PUT updates. A PUT sends the server's
//   object with the file's fields laid over it, so fields the file leaves out stay as they are.
//
// Promotion: dev → non-prod → prod
//   The three stage files share their controls and differ in name, scope and actions
//   (dev audits only, non-prod fails CI/CD, prod also blocks). A control change is made in
//   dev-test.json first. `--promote dev:non-prod` copies the controls of each dev file onto its
//   non-prod counterpart and keeps the target's name, description, scopes and action flags; it
//   prints the diff, and with --write rewrites the target file for a merge request. Only the next
//   stage can be promoted to. Git holds the history; CI applies each stage in order:
//   merge request → dry run of every stage; merge to main → --apply dev automatically;
//   non-prod and prod → --apply behind manual approvals (see ci/gitlab-policy-gitops.yml).
//
// Exit codes: 0 ok, 1 API failure, 2 usage error or bad policy file.

import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { AquaApiError, AquaClient, REGIONS, isRegion, redact } from './aqua-client.ts'
import { diffPolicy, formatPlan, mergeForUpdate, type Policy, type PolicyPlan } from './policy-diff.ts'

export const ENVIRONMENTS = ['dev', 'non-prod', 'prod'] as const
export type Environment = (typeof ENVIRONMENTS)[number]

/** File base name of each stage in --dir. */
export const STAGE_FILE: Record<Environment, string> = { dev: 'dev-test', 'non-prod': 'non-prod', prod: 'prod' }

/** Fields that belong to a stage and are never copied by promotion; everything else is a control. */
export const STAGE_FIELDS: ReadonlySet<string> = new Set([
  'name', 'description', 'id', 'author', 'lastupdate', 'assurance_type',
  'application_scopes', 'exclude_application_scopes', 'scope', 'registries', 'labels', 'images',
  'domain', 'domain_name', 'permission', 'category', 'enabled',
  'audit_on_failure', 'fail_cicd', 'block_failed', 'enforce', 'enforce_after_days', 'policy_settings',
])

export const USAGE = `usage:
  push-policies.ts --env dev|non-prod|prod --dir <policy dir> [--apply] [--region us|eu-1|asia-1|asia-2|ap-2]
  push-policies.ts --promote dev:non-prod|non-prod:prod --dir <policy dir> [--write]`

export class UsageError extends Error {}

export interface PolicyFile {
  file: string
  /** '' for <base>.json, else the <suffix> of <base>.<suffix>.json */
  suffix: string
  policy: Policy
}

export function isEnvironment(value: string): value is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(value)
}

/** Check one parsed policy file; returns problems, empty when fine. */
export function checkPolicyFile(value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['not a JSON object']
  const p = value as Policy
  const problems: string[] = []
  if (typeof p.name !== 'string' || p.name.trim() === '') problems.push('"name" must be a non-empty string')
  if (p.assurance_type !== 'image') problems.push('"assurance_type" must be "image"')
  const scopes = p.application_scopes
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string')) {
    problems.push('"application_scopes" must be a non-empty list of scope names')
  }
  return problems
}

/** Read every policy file of a stage. Throws UsageError for a missing, unreadable or invalid file. */
export async function loadStageFiles(dir: string, env: Environment): Promise<PolicyFile[]> {
  const base = STAGE_FILE[env]
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    throw new UsageError(`cannot read policy directory ${dir}`)
  }
  const pattern = new RegExp(`^${base.replace(/[-.]/g, '\\$&')}(?:\\.([A-Za-z0-9_-]+))?\\.json$`)
  const picked = names.filter((n) => pattern.test(n)).sort()
  if (picked.length === 0) throw new UsageError(`no policy file for ${env} in ${dir} (expected ${base}.json)`)
  const files: PolicyFile[] = []
  for (const file of picked) {
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(join(dir, file), 'utf8'))
    } catch (err) {
      throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`)
    }
    const problems = checkPolicyFile(parsed)
    if (problems.length > 0) throw new UsageError(`${file}: ${problems.join('; ')}`)
    files.push({ file, suffix: pattern.exec(file)?.[1] ?? '', policy: parsed as Policy })
  }
  const seen = new Map<string, string>()
  for (const f of files) {
    const name = f.policy.name as string
    if (seen.has(name)) throw new UsageError(`${f.file} and ${seen.get(name)} both define policy "${name}"`)
    seen.set(name, f.file)
  }
  return files
}

// #region promote
/** The target stage's policy with the source's controls: target keeps name, scopes and actions. */
export function promotePolicy(source: Policy, target: Policy): Policy {
  const out: Policy = {}
  for (const [k, v] of Object.entries(target)) {
    if (STAGE_FIELDS.has(k)) out[k] = v
    else if (k in source) out[k] = source[k]
  }
  for (const [k, v] of Object.entries(source)) {
    if (!STAGE_FIELDS.has(k) && !(k in out)) out[k] = v
  }
  return out
}
// #endregion promote

export function parsePromotion(value: string): { from: Environment; to: Environment } {
  const [from, to, extra] = value.split(':')
  if (extra !== undefined || !from || !to || !isEnvironment(from) || !isEnvironment(to)) {
    throw new UsageError(`--promote takes <from>:<to> with stages ${ENVIRONMENTS.join(', ')}`)
  }
  if (ENVIRONMENTS.indexOf(to) !== ENVIRONMENTS.indexOf(from) + 1) {
    throw new UsageError(`promotion goes one stage at a time: ${ENVIRONMENTS.join(' → ')} (got ${from} → ${to})`)
  }
  return { from, to }
}

export interface MainDeps {
  env: Record<string, string | undefined>
  stdout: (line: string) => void
  stderr: (line: string) => void
  cwd?: string
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  timeoutMs?: number
  maxAttempts?: number
}

async function runPromotion(spec: string, dir: string, label: string, write: boolean, out: (l: string) => void): Promise<number> {
  const { from, to } = parsePromotion(spec)
  const sources = await loadStageFiles(dir, from)
  const targets = await loadStageFiles(dir, to)
  out(`Promote controls ${from} → ${to} in ${label}${write ? '' : ' (preview; add --write to rewrite the target files)'}`)
  let changed = 0
  for (const src of sources) {
    const tgt = targets.find((t) => t.suffix === src.suffix)
    if (!tgt) {
      throw new UsageError(`${src.file} has no ${to} counterpart: create ${STAGE_FILE[to]}${src.suffix ? '.' + src.suffix : ''}.json with its own name, scope and actions first`)
    }
    const promoted = promotePolicy(src.policy, tgt.policy)
    const { action, changes } = diffPolicy(promoted, tgt.policy)
    for (const key of Object.keys(tgt.policy)) {
      if (!(key in promoted)) changes.push({ field: key, before: tgt.policy[key], after: undefined })
    }
    const plan: PolicyPlan = { name: tgt.policy.name as string, file: tgt.file, action: changes.length ? 'update' : action, changes }
    formatPlan(plan).forEach((l) => out(l))
    if (changes.length > 0) {
      changed++
      if (write) {
        await writeFile(join(dir, tgt.file), JSON.stringify(promoted, null, 2) + '\n')
        out(`  wrote ${tgt.file}`)
      }
    }
  }
  out(`${changed} file(s) ${write ? 'rewritten' : 'would change'}.`)
  return 0
}

async function runPush(
  envName: Environment,
  dir: string,
  label: string,
  apply: boolean,
  regionName: string,
  deps: MainDeps,
  hidden: string[],
  out: (l: string) => void,
  err: (l: string) => void,
): Promise<number> {
  if (!isRegion(regionName)) throw new UsageError(`unknown --region ${regionName} (one of ${Object.keys(REGIONS).join(', ')})`)
  const apiKey = deps.env.AQUA_API_KEY ?? ''
  const apiSecret = deps.env.AQUA_API_SECRET ?? ''
  if (!apiKey || !apiSecret) throw new UsageError('set AQUA_API_KEY and AQUA_API_SECRET in the environment')
  hidden.push(apiSecret)

  const files = await loadStageFiles(dir, envName)
  const region = REGIONS[regionName]
  const client = new AquaClient({
    apiKey,
    apiSecret,
    tokenApi: deps.env.AQUA_TOKEN_API || region.tokenApi,
    provUrl: deps.env.AQUA_PROV_URL || region.prov,
    eseUrl: deps.env.AQUA_ESE_URL || undefined,
    cspRoles: (deps.env.AQUA_CSP_ROLES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    fetch: deps.fetch,
    sleep: deps.sleep,
    now: deps.now,
    timeoutMs: deps.timeoutMs,
    maxAttempts: deps.maxAttempts,
    log: err,
  })

  out(`Aqua image policies → ${envName}: ${files.length} file(s) from ${label}, region ${regionName}`)
  out(apply ? 'Mode: APPLY (changes are written)' : 'Mode: DRY RUN (default): nothing is written; add --apply to push')
  await client.authenticate()
  hidden.push(...client.secrets)
  const base = await client.resolveWorkloadUrl()
  out(`Workload Protection API: ${base}`)

  const counts = { create: 0, update: 0, unchanged: 0 }
  for (const f of files) {
    const name = f.policy.name as string
    const existing = await client.getImagePolicy(name)
    const { action, changes } = diffPolicy(f.policy, existing)
    counts[action]++
    formatPlan({ name, file: f.file, action, changes }).forEach((l) => out(l))
    if (!apply || action === 'unchanged') continue
    if (action === 'create') {
      const status = await client.createImagePolicy(f.policy)
      out(`  created (HTTP ${status})`)
    } else if (existing) {
      const status = await client.updateImagePolicy(name, mergeForUpdate(existing, f.policy))
      out(`  updated (HTTP ${status})`)
    }
  }
  out(
    apply
      ? `Applied: ${counts.create} created, ${counts.update} updated, ${counts.unchanged} unchanged.`
      : `Dry run: ${counts.create} to create, ${counts.update} to update, ${counts.unchanged} unchanged. Nothing was written.`,
  )
  return 0
}

export async function main(argv: string[], deps: MainDeps): Promise<number> {
  const hidden: string[] = []
  const out = (l: string) => deps.stdout(redact(l, hidden))
  const err = (l: string) => deps.stderr(redact(l, hidden))
  try {
    // #region options
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: 'string' },
        dir: { type: 'string', default: 'snippets/policies/env' },
        apply: { type: 'boolean', default: false },
        region: { type: 'string', default: 'us' },
        promote: { type: 'string' },
        write: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
    // #endregion options
    if (values.help) {
      out(USAGE)
      return 0
    }
    const dir = resolve(deps.cwd ?? process.cwd(), values.dir)
    if (values.promote !== undefined) {
      if (values.env !== undefined || values.apply) throw new UsageError('--promote edits files only; it takes no --env or --apply')
      return await runPromotion(values.promote, dir, values.dir, values.write, out)
    }
    if (values.write) throw new UsageError('--write goes with --promote')
    if (values.env === undefined || !isEnvironment(values.env)) {
      throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(', ')}`)
    }
    return await runPush(values.env, dir, values.dir, values.apply, values.region, deps, hidden, out, err)
  // #region exit-codes
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`error: ${(e as Error).message}`)
      err(USAGE)
      return 2
    }
    if (e instanceof AquaApiError) {
      err(`error: ${e.message}`)
      return 1
    }
    err(`error: unexpected failure: ${(e as Error).message}`)
    return 1
  }
  // #endregion exit-codes
}

const invoked = process.argv[1] ? pathToFileURL(resolve(process.argv[1])).href : ''
if (import.meta.url === invoked) {
  const code = await main(process.argv.slice(2), {
    env: process.env,
    stdout: (l) => process.stdout.write(l + '\n'),
    stderr: (l) => process.stderr.write(l + '\n'),
  })
  process.exitCode = code
}
