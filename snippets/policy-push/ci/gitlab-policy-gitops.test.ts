// The policy GitOps pipeline: GitLab's parser (gitlab-ci-local) accepts it, its shape (dry run on
// merge requests, apply on the default branch in stage order behind manual gates), and every job's
// command really runs against the stand-in API.

import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { startFakeAqua, type FakeAqua } from '../../checks/fake-aqua.ts'
import { gitlabCiLocal } from '../../checks/gitlab-ci.ts'
import { brokenCopy } from '../../checks/mutate.ts'
import { readRegions } from '../../checks/regions.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const text = await readFile(join(import.meta.dirname, 'gitlab-policy-gitops.yml'), 'utf8')
type Job = {
  stage: string
  script: string[]
  rules?: Array<Record<string, unknown>>
  needs?: string[]
  environment?: { name: string; action?: string }
  parallel?: { matrix: Array<Record<string, string[]>> }
  allow_failure?: boolean
  extends?: string
}
const ci = parseYaml(text) as Record<string, unknown> & { stages: string[]; variables: Record<string, string> }
const jobs = Object.fromEntries(Object.entries(ci).filter(([k]) => !['stages', 'variables'].includes(k) && !k.startsWith('.'))) as Record<string, Job>
// starting tsx in a child process takes seconds on a busy machine
const SPAWN_TIMEOUT = 60_000
const CREDS = { key: 'AKIAGITOPSKEY0001', secret: 'gitops-secret-value-123', token: 'gitops-token-xyz' }

describe('gitlab-policy-gitops.yml', () => {
  it('gitlab-ci-local parses it: extends, needs and manual gates resolved', async () => {
    const r = await gitlabCiLocal(text)
    expect(r.ok, r.output).toBe(true)
    expect(r.output).toMatch(/^apply-prod\s+apply-prod\s+manual\s+false\s+aqua\/prod\s+\[apply-non-prod\]/m)
  })

  it.each([
    ['a need on a job that does not exist', 'needs: [apply-dev]', 'needs: [apply-devel]', /needs: \[apply-devel\] for apply-non-prod could not be found/],
    ['a rules:when value GitLab does not know', 'when: manual', 'when: manually', /found manually/],
  ])('gitlab-ci-local fails a copy with %s, in its own words', async (_why, from, to, message) => {
    const r = await gitlabCiLocal(brokenCopy(text, from, to))
    expect(r.ok).toBe(false)
    expect(r.output).toMatch(message)
  })

  it('has stages in promotion order and jobs with scripts', () => {
    expect(ci.stages).toEqual(['plan', 'apply-dev', 'apply-non-prod', 'apply-prod'])
    expect(Object.keys(jobs)).toEqual(['plan', 'apply-dev', 'apply-non-prod', 'apply-prod'])
    for (const [name, j] of Object.entries(jobs)) {
      expect(ci.stages, name).toContain(j.stage)
      expect(j.script.length, name).toBeGreaterThan(0)
      expect(j.extends).toBe('.policy-job')
    }
    expect(readRegions(text).problems).toEqual([])
  })

  it('merge requests get a dry run of every stage, never --apply', () => {
    const plan = jobs.plan!
    expect(plan.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }])
    expect(plan.parallel!.matrix).toEqual([{ AQUA_ENV: ['dev', 'non-prod', 'prod'] }])
    expect(plan.script.join(' ')).not.toContain('--apply')
    expect(plan.environment).toEqual({ name: 'plan/$AQUA_ENV', action: 'prepare' })
  })

  it('the default branch applies dev, then non-prod and prod behind manual gates', () => {
    const onMain = '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH'
    expect(jobs['apply-dev']!.rules).toEqual([{ if: onMain }])
    for (const [job, needs] of [['apply-non-prod', 'apply-dev'], ['apply-prod', 'apply-non-prod']] as const) {
      expect(jobs[job]!.rules).toEqual([{ if: onMain, when: 'manual' }])
      expect(jobs[job]!.allow_failure).toBe(false)
      expect(jobs[job]!.needs).toEqual([needs])
    }
    for (const env of ['dev', 'non-prod', 'prod']) {
      const j = jobs[`apply-${env}`]!
      expect(j.environment!.name).toBe(`aqua/${env}`)
      expect(j.script.join(' ')).toMatch(new RegExp(`--env ${env} .*--apply$`))
    }
  })

  describe('each job command runs against the stand-in API', () => {
    let fake: FakeAqua
    beforeAll(async () => {
      fake = await startFakeAqua(CREDS)
    })
    afterAll(async () => {
      await fake.close()
    })

    const runJob = (name: string, extra: Record<string, string>) =>
      new Promise<{ code: number; out: string }>((res) => {
        // tsx is installed in the kit; the CI image fetches it with npx
        const script = jobs[name]!.script.join('\n').replaceAll('npx --yes tsx@4', `"${process.execPath}" --import tsx`)
        const env = {
          PATH: process.env.PATH ?? '',
          ...ci.variables,
          AQUA_API_KEY: CREDS.key,
          AQUA_API_SECRET: CREDS.secret,
          AQUA_TOKEN_API: fake.url,
          AQUA_PROV_URL: fake.url,
          ...extra,
        }
        execFile('bash', ['-eo', 'pipefail', '-c', script], { cwd: ROOT, env }, (err, stdout, stderr) =>
          res({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
        )
      })

    it.each(['dev', 'non-prod', 'prod'])('plan (%s) is a dry run', async (env) => {
      const r = await runJob('plan', { AQUA_ENV: env })
      expect(r.code, r.out).toBe(0)
      expect(r.out).toContain('Mode: DRY RUN')
      expect(r.out).not.toContain(CREDS.secret)
      expect(fake.requests.filter((q) => q.method !== 'GET' && q.path.startsWith('/api/'))).toEqual([])
    }, SPAWN_TIMEOUT)

    it('apply-dev, apply-non-prod, apply-prod create the three stage policies', async () => {
      for (const job of ['apply-dev', 'apply-non-prod', 'apply-prod']) {
        const r = await runJob(job, {})
        expect(r.code, r.out).toBe(0)
        expect(r.out).toContain('Mode: APPLY')
        expect(r.out).not.toContain(CREDS.secret)
      }
      expect([...fake.policies.keys()].sort()).toEqual(['gitops-dev-test', 'gitops-non-prod', 'gitops-prod'])
      const again = await runJob('apply-prod', {})
      expect(again.out).toContain('gitops-prod [prod.json]: no change')
    }, 4 * SPAWN_TIMEOUT)
  })
})
