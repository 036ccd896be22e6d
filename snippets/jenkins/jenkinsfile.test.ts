// Every Jenkinsfile* here is parsed by Groovy's own compiler (checks/groovy.ts); the shape the
// workshop teaches (stages, the aqua step's parameters) is queried with the structural reader, and
// the shell the Docker variant hands to `sh` is run against a stand-in docker. No Jenkins is needed.

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allItems, blocksNamed, namedArgs, parse, show } from '../checks/clike.ts'
import { fakeDocker, type FakeDocker } from '../checks/fake-docker.ts'
import { findGroovy, groovyParse } from '../checks/groovy.ts'
import { aquaSteps, checkPipeline, checkPluginJenkinsfile, checkScanOnlyJenkinsfile, parenContents, SCAN_ONLY_STAGES, stringsIn } from '../checks/jenkinsfile.ts'
import { readRegions } from '../checks/regions.ts'

const DIR = resolve(import.meta.dirname)
const plugin = await readFile(join(DIR, 'Jenkinsfile'), 'utf8')
const docker = await readFile(join(DIR, 'Jenkinsfile.docker'), 'utf8')
const scanOnly = await readFile(join(DIR, 'Jenkinsfile.scan'), 'utf8')
const jenkinsfiles = (await readdir(DIR)).filter((f) => f.startsWith('Jenkinsfile')).sort()

it('every Jenkinsfile here is checked by this file: the Groovy parse below, and a describe each', () => {
  expect(jenkinsfiles).toEqual(['Jenkinsfile', 'Jenkinsfile.docker', 'Jenkinsfile.scan'])
})

// Groovy needs a JVM, which npm cannot bring: without it the parse is skipped here by name, except
// in CI, where .ci/run installs it and a missing parser is a failure.
const groovy = findGroovy()
const groovyRequired = Boolean(process.env.CI)
if (!groovy.ok && !groovyRequired) console.warn(`SKIPPED: Groovy parse of snippets/jenkins/Jenkinsfile*: ${groovy.reason}`)

describe.skipIf(!groovy.ok && !groovyRequired)('Groovy parser', () => {
  const parser = () => {
    if (!groovy.ok) throw new Error(`Groovy parse of snippets/jenkins/Jenkinsfile* cannot run: ${groovy.reason}`)
    return groovy
  }

  it(`parses every Jenkinsfile* (${jenkinsfiles.join(', ')})`, async () => {
    expect(jenkinsfiles).toEqual(expect.arrayContaining(['Jenkinsfile', 'Jenkinsfile.docker', 'Jenkinsfile.scan']))
    const r = await groovyParse(parser(), jenkinsfiles.map((f) => join(DIR, f)))
    expect(r.output).toBe('')
    expect(r.ok).toBe(true)
  }, 60_000)

  it.each([
    ['a missing brace', (s: string) => s.replace("stage('Build') {", "stage('Build')"), /unexpected token: \}/],
    ['an unterminated string', (s: string) => s.replace("name: 'IMAGE_NAME'", "name: 'IMAGE_NAME"), /expecting '''/],
    ['a stray parenthesis', (s: string) => s.replace("stage('Push')", "stage('Push'))"), /expecting '}', found '\)'/],
  ])('fails a copy with %s, in the compiler\'s words', async (_why, mutate, message) => {
    const broken = mutate(plugin)
    expect(broken).not.toBe(plugin)
    const dir = await mkdtemp(join(tmpdir(), 'jenkinsfile-'))
    try {
      await writeFile(join(dir, 'Jenkinsfile'), broken)
      const r = await groovyParse(parser(), [join(dir, 'Jenkinsfile')])
      expect(r.ok).toBe(false)
      expect(r.output).toMatch(message)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

describe('the brace reader', () => {
  it('ignores brackets in strings and comments, and reads ${} inside GStrings', () => {
    expect(() => parse(`a { b '}' ; c "{" // }\n d "\${x.y({ z -> '}' })}" /* { */ }`, 'groovy')).not.toThrow()
  })
  it.each([
    ['a missing brace', 'pipeline { stages { }'],
    ['a stray brace', 'pipeline { } }'],
    ['crossed brackets', 'a ( [ ) ]'],
    ['an unterminated string', "sh 'docker build"],
    ['an unterminated triple string', "sh '''\ndocker build\n"],
    ['an unterminated comment', 'a { } /* x'],
  ])('rejects %s', (_why, src) => {
    expect(() => parse(src, 'groovy')).toThrow()
  })
})

describe('snippets/jenkins/Jenkinsfile (plug-in)', () => {
  it('has the pipeline shape and a valid aqua step', () => {
    expect(checkPluginJenkinsfile(plugin)).toEqual([])
  })

  it('uses only documented aqua parameters, with fail on disallowed', () => {
    const scan = checkPipeline(plugin).stages.get('Aqua scan')!
    const [step] = aquaSteps(scan.body)
    expect([...step!.args.keys()].sort()).toEqual(['hideBase', 'localImage', 'locationType', 'notCompliesCmd', 'onDisallowed', 'showNegligible'])
    expect(show(step!.args.get('localImage')!)).toBe("'${params.IMAGE_NAME}'")
  })

  it('marks the regions the slides import, each within 14 lines', () => {
    const { regions, problems } = readRegions(plugin)
    expect(problems).toEqual([])
    expect(regions.map((r) => r.name)).toEqual(expect.arrayContaining(['parameters', 'build', 'aqua-step', 'push', 'post']))
    const step = regions.find((r) => r.name === 'aqua-step')!
    expect(step.body.join('\n')).toMatch(/aqua locationType: 'local'/)
  })

  it('keeps the HTML report: archiveArtifacts of scanout-*.html in post/always', () => {
    expect(stringsIn(parse(plugin, 'groovy')).some((s) => s.includes('scanout-*.html'))).toBe(true)
  })

  // Mutations that the check must catch, so that a broken snippet cannot pass.
  it.each([
    ['a missing brace', (s: string) => s.replace('stage(\'Build\') {', "stage('Build')")],
    ['containerRunner (no such parameter)', (s: string) => s.replace("locationType: 'local',", "locationType: 'local', containerRunner: 'docker',")],
    ['a step timeout (no such parameter)', (s: string) => s.replace('hideBase: false,', 'hideBase: false, timeout: 600,')],
    ['onDisallowed ignore', (s: string) => s.replace("onDisallowed: 'fail'", "onDisallowed: 'ignore'")],
    ['no IMAGE_NAME parameter', (s: string) => s.replace("name: 'IMAGE_NAME'", "name: 'IMAGE'")],
    ['a renamed stage', (s: string) => s.replace("stage('Push')", "stage('Publish')")],
    ['stages out of order', (s: string) => s.replace("stage('Checkout')", "stage('Tmp')").replace("stage('Build')", "stage('Checkout')").replace("stage('Tmp')", "stage('Build')")],
    ['no agent', (s: string) => s.replace('agent any', '')],
    ['no docker build', (s: string) => s.replace('docker build', 'echo build')],
    ['no post archive', (s: string) => s.replace('archiveArtifacts', 'echo')],
    ['a localImage not from the parameter', (s: string) => s.replace('localImage: "${params.IMAGE_NAME}"', "localImage: 'app:latest'")],
  ])('fails with %s', (_why, mutate) => {
    const mutated = mutate(plugin)
    expect(mutated).not.toBe(plugin)
    expect(checkPluginJenkinsfile(mutated)).not.toEqual([])
  })
})

describe('snippets/jenkins/Jenkinsfile.scan (scan any named image, hosted mode)', () => {
  it('has one Aqua scan stage with a valid hosted aqua step, and builds or pushes nothing', () => {
    expect(checkScanOnlyJenkinsfile(scanOnly)).toEqual([])
    expect(readRegions(scanOnly).problems).toEqual([])
  })

  it('scans the image the IMAGE_NAME parameter names, in the registry a parameter names, registering only when asked', () => {
    const scan = checkPipeline(scanOnly, SCAN_ONLY_STAGES).stages.get('Aqua scan')!
    const [step] = aquaSteps(scan.body)
    expect([...step!.args.keys()].sort()).toEqual(['hideBase', 'hostedImage', 'locationType', 'notCompliesCmd', 'onDisallowed', 'register', 'registry', 'showNegligible'])
    expect(show(step!.args.get('hostedImage')!)).toBe("'${params.IMAGE_NAME}'")
    expect(show(step!.args.get('registry')!)).toBe("'${params.AQUA_REGISTRY}'")
    expect(show(step!.args.get('register')!)).toBe('params . REGISTER')
    // the parameters the handout tells learners to fill in, with safe defaults
    const params = blocksNamed(parse(scanOnly, 'groovy')[0]!.blocks[0]!.body, 'parameters')[0]!
    const text = params.body.map((it) => show(it.tokens)).join('\n')
    expect(text).toMatch(/string \( name : 'IMAGE_NAME' , defaultValue : 'alpine:3.4'/)
    expect(text).toMatch(/string \( name : 'AQUA_REGISTRY' , defaultValue : 'Docker Hub'/)
    expect(text).toMatch(/booleanParam \( name : 'REGISTER' , defaultValue : false/)
  })

  it.each([
    ['a docker push', (s: string) => s.replace("stage('Aqua scan') {\n      steps {", "stage('Aqua scan') {\n      steps {\n        sh 'docker push \"$IMAGE_NAME\"'")],
    ['a build stage', (s: string) => s.replace('  stages {\n', "  stages {\n    stage('Build') { steps { sh 'docker build -t \"$IMAGE_NAME\" .' } }\n")],
    ['local mode', (s: string) => s.replace("locationType: 'hosted'", "locationType: 'local'")],
    ['a fixed hostedImage', (s: string) => s.replace('hostedImage: "${params.IMAGE_NAME}"', "hostedImage: 'alpine:3.4'")],
    ['no registry', (s: string) => s.replace('registry: "${params.AQUA_REGISTRY}",', '')],
    ['onDisallowed ignore', (s: string) => s.replace("onDisallowed: 'fail'", "onDisallowed: 'ignore'")],
    ['an unknown parameter', (s: string) => s.replace("locationType: 'hosted',", "locationType: 'hosted', hostedRegistry: 'x',")],
    ['a register string', (s: string) => s.replace('register: params.REGISTER,', "register: 'yes',")],
  ])('fails with %s', (_why, mutate) => {
    const mutated = mutate(scanOnly)
    expect(mutated).not.toBe(scanOnly)
    expect(checkScanOnlyJenkinsfile(mutated)).not.toEqual([])
  })
})

describe('snippets/jenkins/Jenkinsfile.docker (scanner container)', () => {
  let fd: FakeDocker
  beforeAll(async () => {
    fd = await fakeDocker()
  })
  afterAll(async () => {
    await fd.cleanup()
  })

  const shape = checkPipeline(docker)
  const scanStage = shape.stages.get('Aqua scan')!

  it('has the pipeline shape and no plug-in step', () => {
    expect(shape.problems).toEqual([])
    expect(aquaSteps(shape.items)).toEqual([])
    expect(readRegions(docker).problems).toEqual([])
  })

  it('takes registry login, token and console URL from Jenkins credentials', () => {
    const creds = allItems(scanStage.body)
      .filter((it) => it.tokens[0]?.value === 'withCredentials')
      .flatMap((it) => it.tokens.filter((t) => t.type === 'string').map((t) => t.value))
    expect(creds).toEqual(expect.arrayContaining(['aqua-registry', 'aqua-scanner-token', 'aqua-console-url']))
    // secrets reach the shell as environment variables, never through Groovy interpolation
    const gstrings = allItems(scanStage.body).flatMap((it) => it.tokens.filter((t) => t.type === 'string').map((t) => t.value))
    expect(gstrings.filter((s) => /\$\{(env\.)?AQUA_(TOKEN|REG_PASSWORD)/.test(s))).toEqual([])
  })

  it('tells exit code 4 (non-compliant) apart from other failures', () => {
    const ifs = allItems(scanStage.body).flatMap((it) => it.blocks.filter((b) => b.head[0]?.value === 'if'))
    const conds = ifs.map((b) => show(b.head))
    expect(conds).toEqual(["if ( rc == 4 )", "if ( rc != 0 )"])
    for (const b of ifs) expect(b.body.some((it) => it.tokens[0]?.value === 'error')).toBe(true)
    expect(stringsIn(ifs[0]!.body).join()).toMatch(/NOT compliant/)
    expect(stringsIn(ifs[1]!.body).join()).toMatch(/scanner error/)
  })

  const scanScript = (() => {
    const call = allItems(scanStage.body).find((it) => it.tokens.some((t) => t.value === 'sh') && it.tokens.some((t) => t.value === 'returnStatus'))!
    const at = call.tokens.findIndex((t) => t.value === 'sh')
    const script = namedArgs(parenContents(call.tokens, at + 1)).get('script')!
    return script[0]!.value
  })()

  it('runs scannercli in a container with the documented flags', async () => {
    const r = await fd.run(['sh', '-e', '-c'], scanScript, {
      WORKSPACE: fd.dir, IMAGE_NAME: 'workshop/app:1', SCANNER_VERSION: '2022.4', AQUA_HOST: 'https://tenant.example', AQUA_TOKEN: 'tok-123',
    }, 0)
    expect(r.code).toBe(0)
    const run = r.calls.find((c) => c[0] === 'run')!
    expect(run.slice(0, 6)).toEqual(['run', '--rm', '-v', '/var/run/docker.sock:/var/run/docker.sock', '-v', `${fd.dir}/aqua-reports:/reports`])
    expect(run.slice(6)).toEqual([
      'registry.aquasec.com/scanner:2022.4', 'scan', '--host', 'https://tenant.example', '--local', 'workshop/app:1',
      '--token', 'tok-123', '--htmlfile', '/reports/aqua-scan.html', '--jsonfile', '/reports/aqua-scan.json',
    ])
    expect((await readFile(join(fd.dir, 'aqua-reports/aqua-scan.html'), 'utf8')).length).toBeGreaterThan(0)
    expect(r.stdout + r.stderr).not.toContain('tok-123')
  })

  it.each([[4], [1]])('passes scanner exit code %i through to Groovy (returnStatus)', async (rc) => {
    const r = await fd.run(['sh', '-e', '-c'], scanScript, {
      WORKSPACE: fd.dir, IMAGE_NAME: 'workshop/app:1', SCANNER_VERSION: '2022.4', AQUA_HOST: 'https://tenant.example', AQUA_TOKEN: 'tok-123',
    }, rc)
    expect(r.code).toBe(rc)
  })

  it('refuses to run without a scanner version', async () => {
    const r = await fd.run(['sh', '-e', '-c'], scanScript, { WORKSPACE: fd.dir, IMAGE_NAME: 'x', AQUA_HOST: 'h', AQUA_TOKEN: 't' }, 0)
    expect(r.code).not.toBe(0)
    expect(r.calls).toEqual([])
    expect(r.stderr).toMatch(/SCANNER_VERSION/)
  })

  it('archives the reports whatever the result', () => {
    const post = blocksNamed(shape.items[0]!.blocks[0]!.body, 'post')[0]!
    expect(stringsIn(post.body)).toContain('aqua-reports/*')
  })
})
