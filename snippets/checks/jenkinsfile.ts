// Shape checks of a declarative Jenkinsfile, on top of the brace reader in clike.ts: whether the file
// is Groovy at all is decided by Groovy's own parser (groovy.ts). Returns a list of problems; an
// empty list means the file has the shape the workshop relies on.

import { allItems, blocksNamed, namedArgs, parseOrProblem, show, type Block, type Item, type Token } from './clike.ts'

/** Parameters of the plug-in's `aqua` step (Aqua Security Scanner plug-in, facts §2.5). */
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
  items: Item[]
  stages: Map<string, Block>
}

/** Tokens between the parentheses that follow index `at` (which must be an opening "("). */
export function parenContents(tokens: Token[], at: number): Token[] {
  let depth = 0
  for (let k = at; k < tokens.length; k++) {
    const v = tokens[k]!.value
    if (tokens[k]!.type === 'punct' && (v === '(' || v === '[')) depth++
    if (tokens[k]!.type === 'punct' && (v === ')' || v === ']') && --depth === 0) return tokens.slice(at + 1, k)
  }
  return []
}

function stringValue(tokens: Token[] | undefined): string | null {
  return tokens && tokens.length === 1 && tokens[0]!.type === 'string' ? tokens[0]!.value : null
}

/** Every string literal in a subtree. */
export function stringsIn(items: Item[]): string[] {
  return allItems(items).flatMap((it) => it.tokens.filter((t) => t.type === 'string').map((t) => t.value))
}

export function checkPipeline(src: string, expectedStages: readonly string[] = EXPECTED_STAGES): JenkinsfileShape {
  const problems: string[] = []
  const stages = new Map<string, Block>()
  const { items, problem } = parseOrProblem(src, 'groovy')
  if (problem) return { problems: [problem], items, stages }
  const pipelines = blocksNamed(items, 'pipeline')
  if (pipelines.length !== 1 || items.length !== 1) {
    problems.push('the file must hold exactly one top-level `pipeline { }` block')
    return { problems, items, stages }
  }
  const p = pipelines[0]!.body
  if (!p.some((it) => it.tokens[0]?.value === 'agent')) problems.push('pipeline has no `agent`')

  const params = blocksNamed(p, 'parameters')[0]
  const imageParam = params?.body.find((it) => {
    const open = it.tokens.findIndex((t) => t.value === '(')
    return it.tokens[0]?.value === 'string' && stringValue(namedArgs(parenContents(it.tokens, open)).get('name')) === 'IMAGE_NAME'
  })
  if (!imageParam) problems.push("`parameters { string(name: 'IMAGE_NAME', …) }` is missing")

  const stagesBlock = blocksNamed(p, 'stages')[0]
  if (!stagesBlock) {
    problems.push('pipeline has no `stages { }`')
    return { problems, items, stages }
  }
  for (const b of stagesBlock.body.flatMap((it) => it.blocks)) {
    const h = b.head
    const named = h.length === 4 && h[0]?.value === 'stage' && h[1]?.value === '(' && h[2]?.type === 'string' && h[3]?.value === ')'
    if (!named) {
      problems.push(`line ${b.line}: only named stage('…') blocks belong in stages, found: ${show(h)}`)
      continue
    }
    if (!blocksNamed(b.body, 'steps').length) problems.push(`stage '${h[2]!.value}' has no steps { }`)
    stages.set(h[2]!.value, b)
  }
  const order = [...stages.keys()]
  if (order.join('|') !== expectedStages.join('|')) {
    problems.push(`stages must be ${expectedStages.join(' → ')}, found ${order.join(' → ') || 'none'}`)
  }
  const build = stages.get('Build')
  if (build && !stringsIn(build.body).some((s) => /\bdocker build\b/.test(s))) problems.push('Build stage does not run `docker build`')
  const push = stages.get('Push')
  if (push && !stringsIn(push.body).some((s) => /\bdocker push\b/.test(s))) problems.push('Push stage does not run `docker push`')
  if (push && !blocksNamed(push.body, 'when').length) problems.push('Push stage has no `when` guard')

  const post = blocksNamed(p, 'post')[0]
  const always = post ? blocksNamed(post.body, 'always')[0] : undefined
  const archives = always ? allItems(always.body).filter((it) => it.tokens[0]?.value === 'archiveArtifacts') : []
  if (archives.length === 0) problems.push('`post { always { archiveArtifacts … } }` is missing')
  return { problems, items, stages }
}

/** The `aqua` steps in a subtree, as name → value tokens. */
export function aquaSteps(items: Item[]): Array<{ line: number; args: Map<string, Token[]> }> {
  return allItems(items)
    .filter((it) => it.tokens[0]?.type === 'ident' && it.tokens[0].value === 'aqua' && it.tokens[2]?.value === ':')
    .map((it) => ({ line: it.line, args: namedArgs(it.tokens.slice(1)) }))
}

/** The one `aqua` step of the Aqua scan stage, with the checks both plug-in Jenkinsfiles share. */
function checkAquaStep(shape: JenkinsfileShape, locationType: string): { problems: string[]; args: Map<string, Token[]> | null } {
  const problems = [...shape.problems]
  const scan = shape.stages.get('Aqua scan')
  if (!scan) return { problems, args: null }
  const steps = aquaSteps(scan.body)
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
  if (shape.items.length && stringsIn(shape.items).some((s) => /\bdocker\s+(build|tag|push)\b/.test(s))) {
    problems.push('a scan-only job must not build, tag or push an image')
  }
  if (!args) return problems
  const hosted = stringValue(args.get('hostedImage'))
  if (hosted === null || !FROM_IMAGE_PARAM.test(hosted)) problems.push('aqua hostedImage must come from the IMAGE_NAME parameter')
  if (args.has('localImage')) problems.push('aqua localImage belongs to the local mode, not to a scan-only job')
  const registry = stringValue(args.get('registry'))
  if (registry === null || registry.trim() === '') problems.push('aqua registry must name the Aqua registry integration that holds the image')
  const register = args.get('register')
  if (!register || !/^(true|false|params \. [A-Z_]+)$/.test(show(register))) problems.push(`aqua register must be true, false or a parameter, found ${register ? show(register) : 'nothing'}`)
  return problems
}
