// kit engagement export: every file it writes passes the checks the kit's own snippets pass
// (kit policy lint, the push script's loader, the Groovy parser and Jenkinsfile shape, actionlint,
// gitlab-ci-local, the Azure Pipelines schema, the TeamCity reader, the Postee checks), and an answer
// with HTML, quotes, ${...} and a newline is held as text in each of them.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { saveAnswers, type FieldChanges } from '../../core/engagement/answers.ts'
import { DESIGNED_POLICY_FIELD, ciToolOf, exportPlan, groovyString, isImageReference, readSnippets, stageOf, withoutRegistryHost } from '../../core/engagement/export.ts'
import { emptyRecord, mergeChanges } from '../../core/engagement/record.ts'
import { readPolicy } from '../../core/policy/read.ts'
import { csvField } from '../../core/registries.ts'
import { lintPolicy } from '../../core/policy/lint.ts'
import { actionlint } from '../../snippets/checks/actionlint.ts'
import { azurePipelinesProblems } from '../../snippets/checks/azure-pipelines.ts'
import { gitlabCiLocal } from '../../snippets/checks/gitlab-ci.ts'
import { findGroovy, groovyParse } from '../../snippets/checks/groovy.ts'
import { checkScanOnlyJenkinsfile } from '../../snippets/checks/jenkinsfile.ts'
import { type Cfg, posteeProblems } from '../../snippets/checks/postee.ts'
import { literalSecrets } from '../../snippets/checks/secrets.ts'
import { checkSettings } from '../../snippets/checks/teamcity.ts'
import { ENVIRONMENTS, STAGE_FILE, loadStageFiles } from '../../snippets/policy-push/push-policies.ts'
import { type KitRun, kit } from './cli-test-helpers.ts'
import { report as fixture } from './core-test-helpers.ts'

/** An answer that is everything a file format could misread: HTML, both quotes, templates, a newline. */
const NASTY = `<img src=x onerror="alert(1)"> O'Brien's "reg" \${env.AQUA_TOKEN} $(id) %env.X%\nsecond line`

const root = mkdtempSync(join(tmpdir(), 'kit-export-'))
const dir = join(root, 'acme')
const out = join(root, 'out')
afterAll(() => rmSync(root, { recursive: true, force: true }))

const read = (path: string) => readFileSync(join(out, path), 'utf8')
const at = new Date('2026-12-01T09:00:00Z')
const answers = (values: Record<string, string>): FieldChanges => Object.fromEntries(Object.entries(values).map(([path, value]) => [path, { value, at: at.toISOString() }]))

const designed = {
  name: 'acme-designed',
  assurance_type: 'image',
  description: NASTY,
  application_scopes: ['Global'],
  cvss_severity_enabled: true,
  cvss_severity: 'high',
  disallow_malware: true,
}

let run: KitRun
beforeAll(async () => {
  expect((await kit('engagement', 'new', dir, '--customer', 'ACME', '--policy', 'snippets/policies/prod-gate.json')).code).toBe(0)
  expect((await kit('engagement', 'add', dir, fixture('aqua/postee-alpine-3.8.json'), fixture('trivy/alpine-39.json'))).code).toBe(0)
  await saveAnswers(
    dir,
    answers({
      'registries.0.name': NASTY,
      'registries.0.type': 'acr',
      'registries.0.notes': NASTY,
      'registries.1.name': 'Docker Hub',
      'registries.1.type': 'dockerhub',
      'registry-values.name': NASTY,
      'gitops-environments.0.stage': 'Dev / Test',
      'gitops-environments.0.registry': NASTY,
      'gitops-environments.0.on-failure': 'audit',
      'gitops-environments.1.stage': 'Production',
      'gitops-environments.1.registry': 'acr-prod',
      'gitops-environments.1.on-failure': 'block',
      'gitops-environments.2.stage': 'Sandbox',
      'gitops-environments.2.registry': 'sandbox',
      'ci-tools.0.tool': 'GitHub Actions',
      'ci-tools.1.tool': 'GitLab CI',
      'ci-tools.2.tool': 'Azure DevOps',
      'ci-tools.3.tool': 'TeamCity',
      'ci-tools.4.tool': 'Bamboo',
      'ci-scan-step.notify': 'Slack #sec-alerts and a Jira ticket',
      [DESIGNED_POLICY_FIELD]: JSON.stringify(designed),
    }),
    at,
  )
  run = await kit('engagement', 'export', dir, '--out', out)
}, 60_000)

describe('kit engagement export', () => {
  it('writes each file, lists what it skipped on one line each, and exits 0', () => {
    expect(run.code, run.stderr).toBe(0)
    const written = run.stdout.split('\n').filter((l) => l.startsWith('wrote')).map((l) => l.split(/\s+/)[1]!.replace(/:$/, ''))
    expect(written.sort()).toEqual(
      [
        'policies/prod-gate.json',
        'policies/acme-designed.json',
        'push/dev-test.json',
        'push/dev-test.prod-gate.json',
        'push/dev-test.acme-designed.json',
        'push/prod.json',
        'push/prod.prod-gate.json',
        'push/prod.acme-designed.json',
        'registries.csv',
        'registries.json',
        'jenkins/Jenkinsfile.scan',
        'ci/github-actions.yml',
        'ci/.gitlab-ci.yml',
        'ci/azure-pipelines.yml',
        'ci/teamcity/settings.kts',
        'postee/cfg.yaml',
        'postee/docker-run.sh',
      ].sort(),
    )
    expect(run.stdout).toMatch(/^skipped {3}environment "Sandbox" is none of dev, non-prod, prod: no policy files written for it$/m)
    expect(run.stdout).toMatch(/^skipped {3}1 image name\(s\) are not registry image references \(e\.g\. "testdata\/fixtures\/images\/alpine-39\.tar\.gz"\): not used in CI files$/m)
    expect(run.stdout).toMatch(/^skipped {3}CI tool "Bamboo" has no snippet in the kit .*: no CI file written for it$/m)
    // The answer's newline never breaks the one line per item.
    for (const line of run.stdout.split('\n')) expect(line).toMatch(/^(wrote|skipped|\d+ file)/)
  })

  it('policies pass kit policy lint and the push script loads every stage it was given', async () => {
    const files = [...readdirSync(join(out, 'policies')).map((f) => join(out, 'policies', f)), ...readdirSync(join(out, 'push')).map((f) => join(out, 'push', f))]
    const lint = await kit('policy', 'lint', ...files)
    expect(lint.code, lint.stdout + lint.stderr).toBe(0)
    for (const env of ENVIRONMENTS.filter((e) => e !== 'non-prod')) {
      const stage = await loadStageFiles(join(out, 'push'), env)
      expect(stage.map((f) => f.file).sort()).toEqual([`${STAGE_FILE[env]}.acme-designed.json`, `${STAGE_FILE[env]}.json`, `${STAGE_FILE[env]}.prod-gate.json`])
    }
    await expect(loadStageFiles(join(out, 'push'), 'non-prod')).rejects.toThrow(/no policy file for non-prod/)
  })

  it('each stage scopes the policies to its registry with its actions; the answer stays text', () => {
    const dev = JSON.parse(read('push/dev-test.prod-gate.json')) as Record<string, unknown>
    expect(dev).toMatchObject({ name: 'prod-gate-dev', scope: { expression: 'v1', variables: [{ attribute: 'aqua.registry', value: NASTY }] }, audit_on_failure: true, fail_cicd: false, block_failed: false })
    const prod = JSON.parse(read('push/prod.acme-designed.json')) as Record<string, unknown>
    expect(prod.description).toBe(`prod stage of "acme-designed" (its controls, in acme-designed.json), on images in the registry "acr-prod". Fails CI/CD and marks failing images non-compliant so enforcers can block them.`)
    expect(JSON.parse(read('push/dev-test.acme-designed.json')).description).toContain(`the registry "${NASTY}". Audit only:`)
    expect(prod).toMatchObject({ name: 'acme-designed-prod', cvss_severity: 'high', scope: { variables: [{ value: 'acr-prod' }] }, fail_cicd: true, block_failed: true })
    expect(JSON.parse(read('push/prod.json'))).toMatchObject({ name: 'gitops-prod', scope: { variables: [{ value: 'acr-prod' }] } })
    const designedOut = JSON.parse(read('policies/acme-designed.json')) as Record<string, unknown>
    expect(designedOut.description).toBe(NASTY)
    expect(lintPolicy(designedOut, 'x').filter((p) => p.severity === 'error')).toEqual([])
    // The stage file keeps its own description while its actions are the stage's own.
    expect(JSON.parse(read('push/dev-test.json')).description).toMatch(/^Dev\/Test stage of the GitOps-managed policy\. Audit only/)
  })

  it('the registry inventory as CSV and JSON holds the answers as text', () => {
    const inventory = JSON.parse(read('registries.json')) as { registries: Array<{ name: string; notes: string; apiType: string }> }
    expect(inventory.registries.map((r) => r.name)).toEqual([NASTY, 'Docker Hub'])
    expect(inventory.registries[0]!.notes).toBe(NASTY)
    expect(read('registries.csv')).toContain(csvField(NASTY))
  })

  it('the scan-only Jenkinsfile passes its shape check and Groovy reads the filled-in values as text', async () => {
    const text = read('jenkins/Jenkinsfile.scan')
    expect(text).toContain(`defaultValue: ${groovyString('alpine:3.8')}`)
    expect(text).toContain(`defaultValue: ${groovyString(NASTY)}`)
    const groovy = findGroovy()
    if (!groovy.ok) {
      if (process.env.CI) throw new Error(`Groovy parse cannot run: ${groovy.reason}`)
      console.warn(`SKIPPED: Groovy parse and shape check of the exported Jenkinsfile: ${groovy.reason}`)
      return
    }
    // the shape check reads the file through Groovy's parser, so it too needs groovy
    expect(checkScanOnlyJenkinsfile(text)).toEqual([])
    const parsed = await groovyParse(groovy, [join(out, 'jenkins/Jenkinsfile.scan')])
    expect(parsed.ok, parsed.output).toBe(true)
    const script = join(root, 'literal.groovy')
    writeFileSync(script, `print(${groovyString(NASTY)})\n`)
    const { stdout } = await promisify(execFile)(groovy.command, [script], { env: groovy.env })
    expect(stdout).toBe(NASTY)
  }, 60_000)

  it('each CI file passes its own ecosystem checker with the engagement image filled in', async () => {
    const github = read('ci/github-actions.yml')
    expect(await actionlint(github, 'github-actions.yml')).toEqual([])
    const workflow = parseYaml(github) as { on: { workflow_dispatch: { inputs: { image_name: { default: string } } } }; env: { IMAGE_NAME: string } }
    expect(workflow.on.workflow_dispatch.inputs.image_name.default).toBe('alpine:3.8')
    expect(workflow.env.IMAGE_NAME).toContain("'alpine'")

    const gitlab = read('ci/.gitlab-ci.yml')
    const lint = await gitlabCiLocal(gitlab)
    expect(lint.ok, lint.output).toBe(true)
    expect((parseYaml(gitlab) as { variables: { IMAGE_NAME: { value: string } } }).variables.IMAGE_NAME.value).toBe('alpine:$CI_COMMIT_SHORT_SHA')

    const azure = read('ci/azure-pipelines.yml')
    expect(await azurePipelinesProblems(azure)).toEqual([])
    expect((parseYaml(azure) as { parameters: Array<{ default: string }> }).parameters[0]!.default).toBe('alpine:3.8')

    const teamcity = read('ci/teamcity/settings.kts')
    expect(checkSettings(teamcity).problems).toEqual([])
    expect(teamcity).toContain('text("env.IMAGE_NAME", "alpine:3.8"')
    for (const file of [github, gitlab, azure, teamcity]) expect(literalSecrets(file)).toEqual([])
  }, 120_000)

  it('Postee routes to the targets chosen only, passes the Postee checks, secrets as environment variables', () => {
    const text = read('postee/cfg.yaml')
    expect(literalSecrets(text)).toEqual([])
    const raw = parseYaml(text) as Cfg
    expect(raw.actions.map((a) => `${a.name}:${String(a.enable)}`)).toEqual(['postee-log:true', 'security-slack:$SLACK_ENABLE', 'security-jira:$JIRA_ENABLE'])
    expect(raw.actions.find((a) => a.name === 'security-jira')).toMatchObject({ url: '$JIRA_URL', password: '$JIRA_API_TOKEN' })
    // As docker-run.sh renders it when the chosen targets' variables are set: what Postee reads.
    const script = read('postee/docker-run.sh')
    expect(script).toBe(readFileSync('snippets/postee/docker-run.sh', 'utf8'))
    const rendered = text.replace(/\$(SLACK|JIRA)_ENABLE\b/g, 'true')
    const cfg = parseYaml(rendered) as Cfg
    expect(posteeProblems(cfg, rendered)).toEqual([])
    expect([...new Set(cfg.routes.flatMap((r) => r.actions))].sort()).toEqual(['postee-log', 'security-jira', 'security-slack'])
  })

  it('never writes beside the files: no temp file is left and nothing lands outside --out', () => {
    const all = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(join(d, e.name)) : [e.name]))
    expect(all(out).filter((n) => n.endsWith('.tmp'))).toEqual([])
    expect(readdirSync(root).filter((n) => !['acme', 'out', 'literal.groovy'].includes(n))).toEqual([])
  })
})

describe('missing answers and bad input', () => {
  it('an engagement with nothing answered still exports its policies and says what it skipped', async () => {
    const bare = join(root, 'bare')
    expect((await kit('engagement', 'new', bare, '--customer', 'Bare', '--policy', 'snippets/policies/prod-gate.json')).code).toBe(0)
    const r = await kit('engagement', 'export', bare, '--out', join(root, 'bare-out'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^wrote {5}policies\/prod-gate\.json: /m)
    for (const why of [
      'no environments in "Environments and approvers" (gitops-environments): no push/ files for the push script written',
      'no registries in the planner (registries worksheet): no registry inventory written',
      'no image in reports/ to scan: no Jenkinsfile and no CI file written',
      'no CI tool chosen (ci-tools): no CI file written',
    ]) expect(r.stdout.split('\n')).toContain(`skipped   ${why}`)
    expect(r.stdout).toMatch(/^skipped {3}no Postee target chosen/m)
  })

  it('a folder that is not an engagement is exit 2 with one line naming it; nothing is written', async () => {
    const none = join(root, 'none')
    mkdirSync(none)
    const r = await kit('engagement', 'export', none, '--out', join(root, 'none-out'))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/none is not an engagement folder/)
    expect(existsSync(join(root, 'none-out'))).toBe(false)
  })

  it('nothing to export is exit 2; --out is required; --help', async () => {
    const empty = join(root, 'empty')
    expect((await kit('engagement', 'new', empty, '--customer', 'Empty')).code).toBe(0)
    expect((await kit('engagement', 'export', empty, '--out', join(root, 'empty-out'))).code).toBe(2)
    const usage = await kit('engagement', 'export', empty)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--out <folder>/)
    const help = await kit('engagement', 'export', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: kit engagement export <dir> --out <folder>/)
  })

  it('a designed policy that is not valid is skipped with the reason; the rest is exported', async () => {
    const broken = join(root, 'broken')
    cpSync(dir, broken, { recursive: true })
    await saveAnswers(broken, answers({ [DESIGNED_POLICY_FIELD]: '{"name": "x", "cvss_severity": "severe"' }), new Date('2026-12-01T10:00:00Z'))
    const r = await kit('engagement', 'export', broken, '--out', join(root, 'broken-out'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^skipped {3}the designed policy \(policy-custom\.json in answers\.json\) is not a valid policy: .*; not exported$/m)
    expect(existsSync(join(root, 'broken-out', 'policies', 'prod-gate.json'))).toBe(true)
  })

  it('refuses an --out whose folder is a link leading elsewhere', async () => {
    const target = join(root, 'elsewhere')
    const linked = join(root, 'linked-out')
    mkdirSync(target)
    mkdirSync(linked)
    symlinkSync(target, join(linked, 'policies'))
    const r = await kit('engagement', 'export', dir, '--out', linked)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/leads outside/)
    expect(readdirSync(target)).toEqual([])
  })
})

describe('the plan (pure)', () => {
  it('two policies that would share a file: the first is written, the second named on a skip line', async () => {
    const policy = (name: string) => readPolicy({ ...designed, name, description: '' , registries: ['old-scope'], id: 7 }, `${name}.json`)
    const record = mergeChanges(emptyRecord(), answers({ 'gitops-environments.0.stage': 'prod', 'gitops-environments.0.registry': 'acr-prod' })).record
    const plan = exportPlan({ customer: 'ACME', policies: [policy('a b'), policy('a-b')], record, images: [], snippets: await readSnippets() })
    expect(plan.files.filter((f) => f.path.startsWith('push/')).map((f) => f.path)).toEqual(['push/prod.json', 'push/prod.a-b.json'])
    expect(plan.skipped).toContain('policy "a-b" for prod would be written to push/prod.a-b.json, as policy "a b" for prod is: only the first is written')
    // The stage's registry replaces the source's own scoping and server fields.
    const staged = JSON.parse(plan.files.find((f) => f.path === 'push/prod.a-b.json')!.text) as Record<string, unknown>
    expect(staged).not.toHaveProperty('registries')
    expect(staged).not.toHaveProperty('id')
    expect(staged.scope).toEqual({ expression: 'v1', variables: [{ attribute: 'aqua.registry', value: 'acr-prod' }] })
  })
})

describe('reading the answers', () => {
  it('maps stage and CI tool names people write', () => {
    expect(['Dev/Test', 'Staging', 'Non-prod', 'PROD', 'pre-prod', 'Sandbox'].map(stageOf)).toEqual(['dev', 'non-prod', 'non-prod', 'prod', 'non-prod', null])
    expect(['GitHub Actions', 'gitlab', 'Azure DevOps', 'TeamCity', 'Jenkins', 'Bamboo'].map(ciToolOf)).toEqual(['github-actions', 'gitlab-ci', 'azure-pipelines', 'teamcity', 'jenkins', null])
  })

  it('takes only real image references into CI files, and the repository:tag for Jenkins hosted mode', () => {
    expect(['alpine:3.9.4', 'registry.acme.io:5000/team/app:1.2', 'ghcr.io/a/b@sha256:' + 'a'.repeat(64)].every(isImageReference)).toBe(true)
    expect(isImageReference('testdata/fixtures/images/alpine-39.tar.gz')).toBe(false)
    expect(['<b>x</b>', "a'b", 'x ${y}', 'UPPER/case', 'a\nb'].some(isImageReference)).toBe(false)
    expect(withoutRegistryHost('registry.acme.io:5000/team/app:1.2')).toBe('team/app:1.2')
    expect(withoutRegistryHost('library/alpine:3.9')).toBe('library/alpine:3.9')
  })
})

describe('customer data never enters git', () => {
  it('refuses an --out inside the repository that git would track, and writes nothing', async () => {
    const inRepo = join(process.cwd(), 'export-in-repo')
    const r = await kit('engagement', 'export', dir, '--out', inRepo)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/export-in-repo is inside the git work tree .* and not git-ignored/)
    expect(existsSync(inRepo)).toBe(false)
  })
})
