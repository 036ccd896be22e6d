// Structural checks of a TeamCity Kotlin DSL settings.kts, on top of the brace reader in clike.ts:
// the one CI file without a real parser here, because the DSL only compiles against TeamCity's own
// jars, which neither npm nor Debian carries (see clike.ts for why).

import { blocksNamed, parseOrProblem, show, type Block, type Item } from './clike.ts'

export interface SettingsShape {
  problems: string[]
  items: Item[]
  buildTypes: Map<string, Block>
}

/** `name = "…"` style assignments directly in a block body. */
export function assignments(items: Item[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const it of items) {
    const [a, eq, v] = it.tokens
    if (a?.type === 'ident' && eq?.value === '=' && v?.type === 'string') out.set(a.value, v.value)
  }
  return out
}

/** Script steps of a build type: name → raw script text. */
export function scriptSteps(buildType: Block): Map<string, string> {
  const steps = blocksNamed(buildType.body, 'steps')[0]
  const out = new Map<string, string>()
  for (const step of steps?.body.flatMap((it) => it.blocks) ?? []) {
    const a = assignments(step.body)
    const nested = step.body.flatMap((it) => it.blocks).flatMap((b) => [...assignments(b.body)])
    const content = a.get('scriptContent') ?? new Map(nested).get('content')
    if (a.has('name') && content !== undefined) out.set(a.get('name')!, content)
  }
  return out
}

export function checkSettings(src: string): SettingsShape {
  const problems: string[] = []
  const buildTypes = new Map<string, Block>()
  const { items, problem } = parseOrProblem(src)
  if (problem) return { problems: [problem], items, buildTypes }
  const version = items.find((it) => it.tokens[0]?.value === 'version' && it.tokens[1]?.value === '=')
  if (!version || version.tokens[2]?.type !== 'string' || !/^\d{4}\.\d+$/.test(version.tokens[2].value)) {
    problems.push('missing `version = "YYYY.N"`')
  }
  const project = blocksNamed(items, 'project')[0]
  if (!project) problems.push('missing `project { }`')

  for (const it of items) {
    const t = it.tokens
    if (t[0]?.value === 'object' && t[1]?.type === 'ident' && t[2]?.value === ':' && t[3]?.value === 'BuildType' && it.blocks[0]) {
      buildTypes.set(t[1].value, it.blocks[0])
    }
  }
  const registered = (project?.body ?? [])
    .filter((it) => it.tokens[0]?.value === 'buildType' && it.tokens[1]?.value === '(')
    .map((it) => it.tokens[2]?.value ?? '')
  if (registered.length === 0) problems.push('project registers no buildType(…)')
  for (const name of registered) {
    const bt = buildTypes.get(name)
    if (!bt) {
      problems.push(`buildType(${name}) has no \`object ${name} : BuildType({ … })\``)
      continue
    }
    const a = assignments(bt.body)
    if (!a.get('name')) problems.push(`${name}: no name = "…"`)
    const steps = blocksNamed(bt.body, 'steps')[0]
    const stepBlocks = steps?.body.flatMap((it) => it.blocks) ?? []
    if (stepBlocks.length === 0) problems.push(`${name}: no steps { … } with build steps`)
    for (const s of stepBlocks) {
      if (!assignments(s.body).get('name')) problems.push(`${name}: a step at line ${s.line} (${show(s.head)}) has no name`)
    }
    if (!blocksNamed(bt.body, 'requirements').length) problems.push(`${name}: no agent requirements`)
  }
  return { problems, items, buildTypes }
}

/** Kotlin raw string → shell text: trimIndent, `${'$'}` → `$`. Throws on any other Kotlin template. */
export function kotlinRawToText(raw: string): string {
  const lines = raw.split('\n')
  while (lines.length && lines[0]!.trim() === '') lines.shift()
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop()
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length))
  const text = lines.map((l) => l.slice(indent)).join('\n')
  const leftover = text.replaceAll("${'$'}", '').match(/\$[A-Za-z_{]/g)
  if (leftover) throw new Error(`Kotlin would expand ${leftover.join(', ')} itself: write ${"${'$'}"} for a shell $`)
  return text.replaceAll("${'$'}", '$')
}

/** Replace TeamCity %param% references; throws on a reference with no value. `%%` is a literal %. */
export function substituteParams(text: string, params: Record<string, string>): string {
  return text.replace(/%([A-Za-z0-9_.]*)%/g, (_m, name: string) => {
    if (name === '') return '%'
    const v = params[name]
    if (v === undefined) throw new Error(`%${name}% has no value`)
    return v
  })
}
