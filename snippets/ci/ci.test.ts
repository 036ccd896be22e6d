// The CI snippets: each passes its own ecosystem's checker (actionlint, gitlab-ci-local, the Azure
// Pipelines language service; TeamCity's Kotlin DSL has no offline one, see checks/teamcity.ts), has
// what its CI system needs, keeps secrets in the CI's secret store, and its scan script really
// behaves: run against a stand-in docker, exit code 4 fails as "not compliant", another non-zero
// code fails as "scanner error", 0 passes, reports are written.

import { mkdir, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { actionlint } from '../checks/actionlint.ts'
import { azurePipelinesProblems } from '../checks/azure-pipelines.ts'
import { fakeDocker, type FakeDocker, type ShellRun } from '../checks/fake-docker.ts'
import { gitlabCiLocal } from '../checks/gitlab-ci.ts'
import { brokenCopy } from '../checks/mutate.ts'
import { readRegions } from '../checks/regions.ts'
import { literalSecrets } from '../checks/secrets.ts'
import { parse } from '../checks/clike.ts'
import { checkSettings, kotlinRawToText, scriptSteps, substituteParams } from '../checks/teamcity.ts'

const DIR = resolve(import.meta.dirname)
const read = (f: string) => readFile(join(DIR, f), 'utf8')
type Obj = Record<string, unknown>

const gitlabText = await read('gitlab-ci.yml')
const githubText = await read('github-actions.yml')
const azureText = await read('azure-pipelines.yml')
const kotlinText = await read('teamcity/settings.kts')
const gitlab = parseYaml(gitlabText) as Obj
const github = parseYaml(githubText) as Obj
const azure = parseYaml(azureText) as Obj

const TOKEN = 'scanner-token-value-42'
const IMAGE = 'registry.example.com/team/app:1.2.3'

let fd: FakeDocker
beforeAll(async () => {
  fd = await fakeDocker()
})
afterAll(async () => {
  await fd.cleanup()
})

let runNo = 0
/** Runs a scan script three times (exit 0, 4, 1) and checks what a learner would see. */
async function expectScanBehaviour(shell: string[], script: string, env: (work: string) => Record<string, string>) {
  const results: Record<number, ShellRun & { work: string }> = {}
  for (const rc of [0, 4, 1]) {
    const work = join(fd.dir, `work-${++runNo}`)
    await mkdir(work)
    const r = await fd.run(shell, script, { WORK_DIR: work, ...env(work) }, rc)
    results[rc] = { ...r, work }
    expect(r.stdout + r.stderr).not.toContain(TOKEN)
    const run = r.calls.find((c) => c[0] === 'run')
    expect(run, 'docker run was called').toBeDefined()
    const args = run!.join(' ')
    expect(args).toContain('-v /var/run/docker.sock:/var/run/docker.sock')
    expect(args).toMatch(/registry\.aquasec\.com\/scanner:2022\.4 scan --host https:\/\/tenant\.example/)
    expect(args).toContain(`--local ${IMAGE}`)
    expect(args).toContain(`--token ${TOKEN}`)
    expect(args).toContain('--htmlfile /reports/aqua-scan.html')
    expect(args).toContain('--jsonfile /reports/aqua-scan.json')
    await stat(join(work, 'aqua-reports/aqua-scan.html'))
    await stat(join(work, 'aqua-reports/aqua-scan.json'))
  }
  expect(results[0]!.code).toBe(0)
  expect(results[0]!.stdout).toMatch(/complies/)
  expect(results[4]!.code).toBe(4)
  expect(results[4]!.stdout).toMatch(/NOT compliant/)
  expect(results[1]!.code).toBe(1)
  expect(results[1]!.stdout).toMatch(/scanner error/)
  expect(results[1]!.stdout).not.toMatch(/NOT compliant/)
}

const scannerEnv = {
  IMAGE_NAME: IMAGE,
  AQUA_HOST: 'https://tenant.example',
  AQUA_SCANNER_TOKEN: TOKEN,
  AQUA_SCANNER_VERSION: '2022.4',
  AQUA_REG_USER: 'u',
  AQUA_REG_PASSWORD: 'p',
}

describe('all CI snippets', () => {
  it.each([
    ['gitlab-ci.yml', gitlabText],
    ['github-actions.yml', githubText],
    ['azure-pipelines.yml', azureText],
    ['teamcity/settings.kts', kotlinText],
  ])('%s: regions fit a slide and no literal credentials', (_f, text) => {
    expect(readRegions(text).problems).toEqual([])
    expect(literalSecrets(text)).toEqual([])
  })

  it('the secret check itself can fail', () => {
    expect(literalSecrets('token: glpat-abcdefghijklmnopqrstuvwx')).toEqual(['GitLab token'])
    expect(literalSecrets('url: https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnop')).toEqual(['Slack webhook'])
  })
})

describe('gitlab-ci.yml', () => {
  const RESERVED = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script'])
  const jobs = Object.entries(gitlab).filter(([k]) => !RESERVED.has(k) && !k.startsWith('.')) as Array<[string, Obj]>

  it('gitlab-ci-local parses it and lists its jobs', async () => {
    const r = await gitlabCiLocal(gitlabText)
    expect(r.ok, r.output).toBe(true)
    expect(r.output).toMatch(/^aqua-scan\s+scan\s/m)
  })

  it.each([
    ['a job in an undeclared stage', 'stage: scan\n', 'stage: scann\n', /stage:scann not found for aqua-scan/],
    ['a misspelt keyword', '  artifacts:', '  artefacts:', /'artefacts' property is not expected to be here at aqua-scan/],
    ['an artifacts:when value GitLab does not know', 'when: always', 'when: allways', /must be one of \[on_success, on_failure, always\] \(found allways\)/],
  ])('gitlab-ci-local fails a copy with %s, in its own words', async (_why, from, to, message) => {
    const r = await gitlabCiLocal(brokenCopy(gitlabText, from, to))
    expect(r.ok).toBe(false)
    expect(r.output).toMatch(message)
  })

  it('has stages and jobs with scripts in those stages', () => {
    expect(gitlab.stages).toEqual(['build', 'scan', 'push'])
    expect(jobs.map(([k]) => k)).toEqual(['build', 'aqua-scan', 'push'])
    for (const [name, job] of jobs) {
      expect(Array.isArray(job.script), `${name}.script`).toBe(true)
      expect(gitlab.stages).toContain(job.stage)
    }
  })

  it('takes IMAGE_NAME as a pipeline variable and keeps the reports even on failure', () => {
    expect((gitlab.variables as Obj).IMAGE_NAME).toMatchObject({ value: expect.any(String), description: expect.any(String) })
    const scan = gitlab['aqua-scan'] as Obj
    expect(scan.artifacts).toMatchObject({ when: 'always', paths: ['aqua-reports/'] })
  })

  it('defines no secret in the file (they are CI/CD variables)', () => {
    const vars = Object.keys(gitlab.variables as Obj)
    expect(vars.filter((v) => /TOKEN|PASSWORD|SECRET/.test(v))).toEqual([])
  })

  it('scan job: exit 4 = not compliant, other = scanner error', async () => {
    const script = ((gitlab['aqua-scan'] as Obj).script as string[]).join('\n')
    await expectScanBehaviour(['bash', '-eo', 'pipefail', '-c'], script, (work) => ({ ...scannerEnv, CI_PROJECT_DIR: work }))
  })
})

describe('github-actions.yml', () => {
  const job = (github.jobs as Record<string, Obj>)['build-scan-push']!
  const steps = job.steps as Obj[]
  const step = (name: string) => steps.find((s) => s.name === name)!

  it('passes actionlint', async () => {
    expect(await actionlint(githubText, 'github-actions.yml')).toEqual([])
  })

  it.each([
    ['an unknown expression function', 'if: always()', 'if: alwayz()', /undefined function "alwayz"/],
    ['a misspelt job key', 'runs-on: ubuntu-latest', 'run-on: ubuntu-latest', /"runs-on" section is missing in job "build-scan-push"/],
    ['an unknown context', 'secrets.AQUA_HOST', 'secret.AQUA_HOST', /undefined variable "secret"/],
  ])('actionlint fails a copy with %s, in its own words', async (_why, from, to, message) => {
    expect((await actionlint(brokenCopy(githubText, from, to), 'github-actions.yml')).join('\n')).toMatch(message)
  })

  it('is a workflow: on, jobs, runs-on, steps with uses or run', () => {
    expect(Object.keys(github.on as Obj)).toEqual(['push', 'pull_request', 'workflow_dispatch'])
    expect(job['runs-on']).toBe('ubuntu-latest')
    for (const s of steps) expect(Boolean(s.uses) !== Boolean(s.run)).toBe(true)
    expect(((github.on as Obj).workflow_dispatch as Obj).inputs).toHaveProperty('image_name')
    expect((github.env as Obj).IMAGE_NAME).toContain('inputs.image_name')
  })

  it('reads secrets only from the secrets context, into env', () => {
    const scan = step('Aqua scan')
    expect(scan.env).toMatchObject({ AQUA_SCANNER_TOKEN: '${{ secrets.AQUA_SCANNER_TOKEN }}', AQUA_HOST: '${{ secrets.AQUA_HOST }}' })
    for (const s of steps) expect(String(s.run ?? '')).not.toMatch(/\$\{\{/) // no expressions inside shell
  })

  it('uploads the reports always and pushes only on success outside pull requests', () => {
    expect(step('Keep the Aqua reports')).toMatchObject({ if: 'always()', uses: expect.stringMatching(/^actions\/upload-artifact@/) })
    expect(step('Push').if).toMatch(/success\(\)/)
  })

  it('scan step: exit 4 = not compliant, other = scanner error', async () => {
    await expectScanBehaviour(['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'], String(step('Aqua scan').run), () => scannerEnv)
  })
})

describe('azure-pipelines.yml', () => {
  const steps = azure.steps as Obj[]
  const step = (name: string) => steps.find((s) => s.displayName === name)!

  it('passes the Azure Pipelines schema', async () => {
    expect(await azurePipelinesProblems(azureText)).toEqual([])
  })

  it.each([
    ['a misspelt step key', 'condition: succeededOrFailed()', 'conditon: succeededOrFailed()', /Unexpected property conditon/],
    ['a misspelt top-level key', 'trigger:', 'triggers:', /Unexpected property triggers/],
    ['a step that is no step', '  - script: |', '  - scrip: |', /Unexpected property scrip/],
  ])('the schema fails a copy with %s, in its own words', async (_why, from, to, message) => {
    expect((await azurePipelinesProblems(brokenCopy(azureText, from, to))).join('\n')).toMatch(message)
  })

  it('has trigger and steps, each a script, task or checkout', () => {
    expect(azure.trigger).toBeDefined()
    expect(steps.length).toBeGreaterThan(3)
    for (const s of steps) expect(['script', 'task', 'checkout'].filter((k) => k in s)).toHaveLength(1)
    expect((azure.parameters as Obj[])[0]).toMatchObject({ name: 'imageName', type: 'string' })
    expect(azure.variables).toEqual(expect.arrayContaining([{ group: 'aqua-scanner' }, { name: 'IMAGE_NAME', value: '${{ parameters.imageName }}' }]))
  })

  it('maps secret variables into the steps that need them', () => {
    expect(step('Aqua scan').env).toEqual({ AQUA_SCANNER_TOKEN: '$(AQUA_SCANNER_TOKEN)' })
    expect(step('Log in to the Aqua registry').env).toEqual({ AQUA_REG_PASSWORD: '$(AQUA_REG_PASSWORD)' })
  })

  it('publishes the reports on failure too and pushes only on success', () => {
    expect(step('Keep the Aqua reports')).toMatchObject({ task: 'PublishPipelineArtifact@1', condition: 'succeededOrFailed()' })
    expect(step('Push').condition).toMatch(/^and\(succeeded\(\)/)
  })

  it('scan step: exit 4 = not compliant, other = scanner error', async () => {
    await expectScanBehaviour(['bash', '--noprofile', '--norc', '-c'], String(step('Aqua scan').script), () => scannerEnv)
  })
})

describe('the brace reader (for settings.kts)', () => {
  it('ignores brackets in strings and comments, and reads ${} inside string templates', () => {
    expect(() => parse(`a { b '}' ; c "{" // }\n d "\${x.y({ z -> '}' })}" /* { */ }`)).not.toThrow()
  })
  it.each([
    ['a missing brace', 'pipeline { stages { }'],
    ['a stray brace', 'pipeline { } }'],
    ['crossed brackets', 'a ( [ ) ]'],
    ['an unterminated string', "sh 'docker build"],
    ['an unterminated triple string', "sh '''\ndocker build\n"],
    ['an unterminated comment', 'a { } /* x'],
  ])('rejects %s', (_why, src) => {
    expect(() => parse(src)).toThrow()
  })
})

describe('teamcity/settings.kts', () => {
  const shape = checkSettings(kotlinText)

  it('is balanced and has version, project and build types with steps', () => {
    expect(shape.problems).toEqual([])
    expect([...shape.buildTypes.keys()]).toEqual(['LinuxBuildScanPush', 'WindowsBuildScan'])
  })

  it('routes the variants to Linux and Windows agents', () => {
    const req = (bt: string) => JSON.stringify(shape.buildTypes.get(bt)!.body.flatMap((it) => it.blocks.filter((b) => b.head[0]?.value === 'requirements')).flatMap((b) => b.body.map((i) => i.tokens.map((t) => t.value))))
    expect(req('LinuxBuildScanPush')).toContain('Linux')
    expect(req('WindowsBuildScan')).toContain('Windows')
  })

  it('keeps secrets in password parameters and publishes the reports', () => {
    expect(kotlinText).toMatch(/password\("env\.AQUA_SCANNER_TOKEN", "credentialsJSON:/)
    expect(kotlinText).toMatch(/password\("env\.AQUA_REG_PASSWORD", "credentialsJSON:/)
    expect(kotlinText).toContain('artifactRules = "aqua-reports => aqua-reports"')
    expect(kotlinText).toMatch(/text\("env\.IMAGE_NAME"/)
  })

  it.each([
    ['a missing brace', (s: string) => s.replace('triggers { vcs { } }', 'triggers { vcs { }')],
    ['no version', (s: string) => s.replace('version = "2024.03"', '')],
    ['an unregistered object', (s: string) => s.replace('object WindowsBuildScan', 'object WinScan')],
    ['a step without name', (s: string) => s.replace('name = "Push"', '')],
  ])('the check fails with %s', (_why, mutate) => {
    expect(checkSettings(mutate(kotlinText)).problems).not.toEqual([])
  })

  it('a bare $ in a raw string is caught (Kotlin would expand it)', () => {
    expect(() => kotlinRawToText('echo "$IMAGE_NAME"')).toThrow(/\$IMAGE_NAME|\$I/)
  })

  it('Linux scan step: exit 4 = not compliant, other = scanner error', async () => {
    const raw = scriptSteps(shape.buildTypes.get('LinuxBuildScanPush')!).get('Aqua scan')!
    const params = Object.fromEntries(Object.entries(scannerEnv).map(([k, v]) => [`env.${k}`, v]))
    const script = substituteParams(kotlinRawToText(raw), params)
    await expectScanBehaviour(['sh', '-c'], script, () => ({}))
  })
})
