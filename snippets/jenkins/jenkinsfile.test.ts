// Every Jenkinsfile* here is parsed by Groovy's own compiler (checks/groovy.ts), and the shape the
// workshop teaches (stages, the aqua step's parameters) is read from the AST Groovy builds; the
// shell the Docker variant hands to `sh` is run against a stand-in docker. No Jenkins is needed.
// Every source the checks below read (the files and each broken copy) is parsed in one JVM run.

import { readdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeDocker, type FakeDocker } from '../checks/fake-docker.ts'
import { allNodes, callsNamed, findGroovy, groovyParse, groovyTree, groovyTrees, show, stringsIn, stringValue, type GroovyCall } from '../checks/groovy.ts'
import { aquaSteps, checkPipeline, checkPluginJenkinsfile, checkScanOnlyJenkinsfile, SCAN_ONLY_STAGES } from '../checks/jenkinsfile.ts'
import { readRegions } from '../checks/regions.ts'

const DIR = resolve(import.meta.dirname)
const plugin = await readFile(join(DIR, 'Jenkinsfile'), 'utf8')
const docker = await readFile(join(DIR, 'Jenkinsfile.docker'), 'utf8')
const scanOnly = await readFile(join(DIR, 'Jenkinsfile.scan'), 'utf8')
const jenkinsfiles = (await readdir(DIR)).filter((f) => f.startsWith('Jenkinsfile')).sort()

it('every Jenkinsfile here is checked by this file: the Groovy parse below, and a describe each', () => {
  expect(jenkinsfiles).toEqual(['Jenkinsfile', 'Jenkinsfile.docker', 'Jenkinsfile.scan'])
})

// Groovy needs a JVM, which npm cannot bring: without it the parse and the shape checks are skipped
// here by name, except in CI, where .ci/run installs it and a missing parser is a failure.
const groovy = findGroovy()
const groovyRequired = Boolean(process.env.CI)
const skipGroovy = !groovy.ok && !groovyRequired
if (skipGroovy) console.warn(`SKIPPED: Groovy parse and shape checks of snippets/jenkins/Jenkinsfile*: ${groovy.reason}`)

// Broken copies that must fail: to parse at all, or the shape check of their file.
const unparsable: Array<[string, (s: string) => string, RegExp]> = [
  ['a missing brace', (s) => s.replace("stage('Build') {", "stage('Build')"), /unexpected token: \}/],
  ['an unterminated string', (s) => s.replace("name: 'IMAGE_NAME'", "name: 'IMAGE_NAME"), /expecting '''/],
  ['a stray parenthesis', (s) => s.replace("stage('Push')", "stage('Push'))"), /expecting '}', found '\)'/],
]
const pluginMutations: Array<[string, (s: string) => string]> = [
  ['a missing brace', (s) => s.replace('stage(\'Build\') {', "stage('Build')")],
  ['containerRunner (no such parameter)', (s) => s.replace("locationType: 'local',", "locationType: 'local', containerRunner: 'docker',")],
  ['a step timeout (no such parameter)', (s) => s.replace('hideBase: false,', 'hideBase: false, timeout: 600,')],
  ['onDisallowed ignore', (s) => s.replace("onDisallowed: 'fail'", "onDisallowed: 'ignore'")],
  ['no IMAGE_NAME parameter', (s) => s.replace("name: 'IMAGE_NAME'", "name: 'IMAGE'")],
  ['a renamed stage', (s) => s.replace("stage('Push')", "stage('Publish')")],
  ['stages out of order', (s) => s.replace("stage('Checkout')", "stage('Tmp')").replace("stage('Build')", "stage('Checkout')").replace("stage('Tmp')", "stage('Build')")],
  ['no agent', (s) => s.replace('agent any', '')],
  ['no docker build', (s) => s.replace('docker build', 'echo build')],
  ['no post archive', (s) => s.replace('archiveArtifacts', 'echo')],
  ['a localImage not from the parameter', (s) => s.replace('localImage: "${params.IMAGE_NAME}"', "localImage: 'app:latest'")],
]
const scanOnlyMutations: Array<[string, (s: string) => string]> = [
  ['a docker push', (s) => s.replace("stage('Aqua scan') {\n      steps {", "stage('Aqua scan') {\n      steps {\n        sh 'docker push \"$IMAGE_NAME\"'")],
  ['a build stage', (s) => s.replace('  stages {\n', "  stages {\n    stage('Build') { steps { sh 'docker build -t \"$IMAGE_NAME\" .' } }\n")],
  ['local mode', (s) => s.replace("locationType: 'hosted'", "locationType: 'local'")],
  ['a fixed hostedImage', (s) => s.replace('hostedImage: "${params.IMAGE_NAME}"', "hostedImage: 'alpine:3.4'")],
  ['no registry', (s) => s.replace('registry: "${params.AQUA_REGISTRY}",', '')],
  ['onDisallowed ignore', (s) => s.replace("onDisallowed: 'fail'", "onDisallowed: 'ignore'")],
  ['an unknown parameter', (s) => s.replace("locationType: 'hosted',", "locationType: 'hosted', hostedRegistry: 'x',")],
  ['a register string', (s) => s.replace('register: params.REGISTER,', "register: 'yes',")],
]

// One JVM run reads every source below; the checks then find each one's AST in groovy.ts's cache.
beforeAll(() => {
  if (skipGroovy) return
  groovyTrees([
    plugin, docker, scanOnly,
    ...unparsable.map(([, mutate]) => mutate(plugin)),
    ...pluginMutations.map(([, mutate]) => mutate(plugin)),
    ...scanOnlyMutations.map(([, mutate]) => mutate(scanOnly)),
  ])
}, 60_000)

describe.skipIf(skipGroovy)('Groovy parser', () => {
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

  it.each(unparsable)('fails a copy with %s, in the compiler\'s words', (_why, mutate, message) => {
    const broken = mutate(plugin)
    expect(broken).not.toBe(plugin)
    const r = groovyTree(broken)
    expect(r.body).toBeUndefined()
    expect(r.error).toMatch(message)
    expect(checkPluginJenkinsfile(broken)).toEqual([expect.stringMatching(message)])
  })
})

describe.skipIf(skipGroovy)('snippets/jenkins/Jenkinsfile (plug-in)', () => {
  it('has the pipeline shape and a valid aqua step', () => {
    expect(checkPluginJenkinsfile(plugin)).toEqual([])
  })

  it('uses only documented aqua parameters, with fail on disallowed', () => {
    const scan = checkPipeline(plugin).stages.get('Aqua scan')!
    const [step] = aquaSteps(scan.body!)
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
    expect(stringsIn(groovyTree(plugin).body!).some((s) => s.includes('scanout-*.html'))).toBe(true)
  })

  // Mutations that the check must catch, so that a broken snippet cannot pass.
  it.each(pluginMutations)('fails with %s', (_why, mutate) => {
    const mutated = mutate(plugin)
    expect(mutated).not.toBe(plugin)
    expect(checkPluginJenkinsfile(mutated)).not.toEqual([])
  })
})

describe.skipIf(skipGroovy)('snippets/jenkins/Jenkinsfile.scan (scan any named image, hosted mode)', () => {
  it('has one Aqua scan stage with a valid hosted aqua step, and builds or pushes nothing', () => {
    expect(checkScanOnlyJenkinsfile(scanOnly)).toEqual([])
    expect(readRegions(scanOnly).problems).toEqual([])
  })

  it('scans the image the IMAGE_NAME parameter names, in the registry a parameter names, registering only when asked', () => {
    const scan = checkPipeline(scanOnly, SCAN_ONLY_STAGES).stages.get('Aqua scan')!
    const [step] = aquaSteps(scan.body!)
    expect([...step!.args.keys()].sort()).toEqual(['hideBase', 'hostedImage', 'locationType', 'notCompliesCmd', 'onDisallowed', 'register', 'registry', 'showNegligible'])
    expect(show(step!.args.get('hostedImage')!)).toBe("'${params.IMAGE_NAME}'")
    expect(show(step!.args.get('registry')!)).toBe("'${params.AQUA_REGISTRY}'")
    expect(show(step!.args.get('register')!)).toBe('params.REGISTER')
    // the parameters the handout tells learners to fill in, with safe defaults
    const pipeline = callsNamed(groovyTree(scanOnly).body!, 'pipeline')[0]!
    const params = callsNamed(pipeline.body, 'parameters')[0]!
    const text = params.body!.map(show).join('\n')
    expect(text).toMatch(/string\(name: 'IMAGE_NAME', defaultValue: 'alpine:3.4'/)
    expect(text).toMatch(/string\(name: 'AQUA_REGISTRY', defaultValue: 'Docker Hub'/)
    expect(text).toMatch(/booleanParam\(name: 'REGISTER', defaultValue: false/)
  })

  it.each(scanOnlyMutations)('fails with %s', (_why, mutate) => {
    const mutated = mutate(scanOnly)
    expect(mutated).not.toBe(scanOnly)
    expect(checkScanOnlyJenkinsfile(mutated)).not.toEqual([])
  })
})

describe.skipIf(skipGroovy)('snippets/jenkins/Jenkinsfile.docker (scanner container)', () => {
  let fd: FakeDocker
  beforeAll(async () => {
    fd = await fakeDocker()
  })
  afterAll(async () => {
    await fd.cleanup()
  })

  // read when the tests run, not when they are collected (Groovy may be missing, and the suite skipped)
  const shape = () => checkPipeline(docker)
  const scanStage = () => shape().stages.get('Aqua scan')!.body!

  it('has the pipeline shape and no plug-in step', () => {
    expect(shape().problems).toEqual([])
    expect(aquaSteps(shape().body)).toEqual([])
    expect(readRegions(docker).problems).toEqual([])
  })

  it('takes registry login, token and console URL from Jenkins credentials', () => {
    const creds = allNodes(scanStage())
      .filter((n): n is GroovyCall => n.type === 'call' && n.name === 'withCredentials')
      .flatMap((n) => stringsIn(n.args))
    expect(creds).toEqual(expect.arrayContaining(['aqua-registry', 'aqua-scanner-token', 'aqua-console-url']))
    // secrets reach the shell as environment variables, never through Groovy interpolation
    const gstrings = stringsIn(scanStage())
    expect(gstrings.filter((s) => /\$\{(env\.)?AQUA_(TOKEN|REG_PASSWORD)/.test(s))).toEqual([])
  })

  it('tells exit code 4 (non-compliant) apart from other failures', () => {
    const ifs = allNodes(scanStage()).flatMap((n) => (n.type === 'if' ? [n] : []))
    const conds = ifs.map((n) => show(n.cond))
    expect(conds).toEqual(['rc == 4', 'rc != 0'])
    for (const n of ifs) expect(callsNamed(n.then, 'error')).toHaveLength(1)
    expect(stringsIn(ifs[0]!.then).join()).toMatch(/NOT compliant/)
    expect(stringsIn(ifs[1]!.then).join()).toMatch(/scanner error/)
  })

  // the shell text as Groovy hands it to `sh` (a backslash at a line's end joins the lines, as in Jenkins)
  let scanScript = ''
  beforeAll(() => {
    const call = allNodes(scanStage()).find((n): n is GroovyCall => n.type === 'call' && n.name === 'sh' && 'returnStatus' in n.named)!
    scanScript = stringValue(call.named.script)!
  })

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
    const post = callsNamed(callsNamed(shape().body, 'pipeline')[0]!.body, 'post')[0]!
    expect(stringsIn(post.body!)).toContain('aqua-reports/*')
  })
})
