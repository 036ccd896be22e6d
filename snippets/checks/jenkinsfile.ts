// Shape checks of a declarative Jenkinsfile, read through Groovy's own parser (groovy.ts): the
// stages, steps and arguments come from the AST Groovy builds, so a file Groovy cannot read fails
// with the compiler's message. Returns a list of problems; an empty list means the file has the
// shape the workshop relies on.

import { allNodes, callsNamed, groovyTree, show, stringsIn, stringValue, type GroovyCall, type GroovyExpr, type GroovyNode } from './groovy.ts'

/** Parameters of the plug-in's `aqua` step: jenkins.io/doc/pipeline/steps/aqua-security-scanner, and
 * AquaDockerScannerBuilder.java in github.com/jenkinsci/aqua-security-scanner-plugin. */
export const AQUA_STEP_PARAMS: ReadonlySet<string> = new Set([
  'locationType', 'localImage', 'hostedImage', 'registry', 'register', 'onDisallowed', 'notCompliesCmd',
  'hideBase', 'showNegligible', 'policies', 'customFlags', 'localToken', 'tarFilePath', 'containerRuntime',
  'scannerPath', 'runtimeDirectory',
])

export const EXPECTED_STAGES = ['Checkout', 'Build', 'Aqua scan', 'Push'] as const
/** The scan-only job (Jenkinsfile.scan): scans a named image in a registry, builds and pushes nothing. */
export const SCAN_ONLY_STAGES = ['Aqua scan'] as const

export interface JenkinsfileShape {
  problems: string[]
  /** the file's top-level statements, as Groovy read them */
  body: GroovyNode[]
  stages: Map<string, GroovyCall>
}

export function checkPipeline(src: string, expectedStages: readonly string[] = EXPECTED_STAGES): JenkinsfileShape {
  const problems: string[] = []
  const stages = new Map<string, GroovyCall>()
  const tree = groovyTree(src)
  if (tree.error !== undefined) return { problems: [`Groovy cannot parse it: ${tree.error.trim()}`], body: [], stages }
  const body = tree.body
  const pipelines = callsNamed(body, 'pipeline')
  if (pipelines.length !== 1 || body.length !== 1) {
    problems.push('the file must hold exactly one top-level `pipeline { }` block')
    return { problems, body, stages }
  }
  const p = pipelines[0]!.body ?? []
  if (!callsNamed(p, 'agent').length) problems.push('pipeline has no `agent`')

  const params = callsNamed(p, 'parameters')[0]
  const imageParam = callsNamed(params?.body ?? [], 'string').find((c) => stringValue(c.named.name) === 'IMAGE_NAME')
  if (!imageParam) problems.push("`parameters { string(name: 'IMAGE_NAME', …) }` is missing")

  const stagesBlock = callsNamed(p, 'stages')[0]
  if (!stagesBlock?.body) {
    problems.push('pipeline has no `stages { }`')
    return { problems, body, stages }
  }
  for (const stage of stagesBlock.body) {
    const name = stage.type === 'call' && stage.name === 'stage' && stage.args.length === 1 && stage.body ? stringValue(stage.args[0]) : null
    if (stage.type !== 'call' || name === null) {
      problems.push(`line ${stage.line}: only named stage('…') blocks belong in stages, found: ${show(stage)}`)
      continue
    }
    if (!callsNamed(stage.body, 'steps').length) problems.push(`stage '${name}' has no steps { }`)
    stages.set(name, stage)
  }
  const order = [...stages.keys()]
  if (order.join('|') !== expectedStages.join('|')) {
    problems.push(`stages must be ${expectedStages.join(' → ')}, found ${order.join(' → ') || 'none'}`)
  }
  const build = stages.get('Build')
  if (build && !stringsIn(build.body ?? []).some((s) => /\bdocker build\b/.test(s))) problems.push('Build stage does not run `docker build`')
  const push = stages.get('Push')
  if (push && !stringsIn(push.body ?? []).some((s) => /\bdocker push\b/.test(s))) problems.push('Push stage does not run `docker push`')
  if (push && !callsNamed(push.body, 'when').length) problems.push('Push stage has no `when` guard')

  const post = callsNamed(p, 'post')[0]
  const always = callsNamed(post?.body ?? [], 'always')[0]
  const archives = allNodes(always?.body ?? []).filter((n) => n.type === 'call' && n.name === 'archiveArtifacts')
  if (archives.length === 0) problems.push('`post { always { archiveArtifacts … } }` is missing')
  return { problems, body, stages }
}

/** The `aqua` steps (called with named arguments) in a subtree, as name → value. */
export function aquaSteps(nodes: readonly GroovyNode[]): Array<{ line: number; args: Map<string, GroovyExpr> }> {
  return allNodes(nodes)
    .filter((n): n is GroovyCall => n.type === 'call' && n.name === 'aqua' && Object.keys(n.named).length > 0)
    .map((n) => ({ line: n.line, args: new Map(Object.entries(n.named)) }))
}

/** The one `aqua` step of the Aqua scan stage, with the checks both plug-in Jenkinsfiles share. */
function checkAquaStep(shape: JenkinsfileShape, locationType: string): { problems: string[]; args: Map<string, GroovyExpr> | null } {
  const problems = [...shape.problems]
  const scan = shape.stages.get('Aqua scan')
  if (!scan) return { problems, args: null }
  const steps = aquaSteps(scan.body ?? [])
  if (steps.length !== 1) return { problems: [...problems, `Aqua scan stage must hold one \`aqua\` step, found ${steps.length}`], args: null }
  const { args, line } = steps[0]!
  for (const name of args.keys()) {
    if (!AQUA_STEP_PARAMS.has(name)) problems.push(`line ${line}: \`aqua\` has no parameter \`${name}\``)
  }
  const expect = (name: string, value: string) => {
    const v = args.get(name)
    if (!v || show(v) !== value) problems.push(`aqua ${name} must be ${value}, found ${v ? show(v) : 'nothing'}`)
  }
  expect('locationType', `'${locationType}'`)
  expect('onDisallowed', "'fail'")
  expect('hideBase', 'false')
  expect('showNegligible', 'false')
  const cmd = stringValue(args.get('notCompliesCmd'))
  if (!cmd || !/\becho\b/.test(cmd)) problems.push('aqua notCompliesCmd must echo/record the failure')
  return { problems, args }
}

const FROM_IMAGE_PARAM = /\$\{params\.IMAGE_NAME\}|\$IMAGE_NAME/

/** The plug-in variant: the Aqua scan stage must use the `aqua` step the workshop teaches. */
export function checkPluginJenkinsfile(src: string): string[] {
  const { problems, args } = checkAquaStep(checkPipeline(src), 'local')
  if (!args) return problems
  const local = stringValue(args.get('localImage'))
  if (local === null || !FROM_IMAGE_PARAM.test(local)) problems.push('aqua localImage must come from the IMAGE_NAME parameter')
  return problems
}

/**
 * The scan-only job: hosted mode on the image the IMAGE_NAME parameter names, in the registry
 * integration a parameter names, with `register` from a parameter; no docker build, tag or push.
 */
export function checkScanOnlyJenkinsfile(src: string): string[] {
  const shape = checkPipeline(src, SCAN_ONLY_STAGES)
  const { problems, args } = checkAquaStep(shape, 'hosted')
  if (stringsIn(shape.body).some((s) => /\bdocker\s+(build|tag|push)\b/.test(s))) {
    problems.push('a scan-only job must not build, tag or push an image')
  }
  if (!args) return problems
  const hosted = stringValue(args.get('hostedImage'))
  if (hosted === null || !FROM_IMAGE_PARAM.test(hosted)) problems.push('aqua hostedImage must come from the IMAGE_NAME parameter')
  if (args.has('localImage')) problems.push('aqua localImage belongs to the local mode, not to a scan-only job')
  const registry = stringValue(args.get('registry'))
  if (registry === null || registry.trim() === '') problems.push('aqua registry must name the Aqua registry integration that holds the image')
  const register = args.get('register')
  if (!register || !/^(true|false|params\.[A-Z_]+)$/.test(show(register))) problems.push(`aqua register must be true, false or a parameter, found ${register ? show(register) : 'nothing'}`)
  return problems
}
