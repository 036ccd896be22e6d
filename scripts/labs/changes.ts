// The `changes:` frontmatter of a lab: what the lab creates or changes in the customer's tenant, and
// the safety rule every lab must keep (non-negotiable 5: scoped narrowly, audit first, undone at the end).
//
//   - every entry has a scope narrower than Global / all;
//   - the steps that create and clean it up exist, and the clean-up comes after the creation;
//   - fail CI/CD is switched on only in the CI/CD lab, block in no lab;
//   - a later lab that switches actions on for an object lists that object too (cross-lab check).
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml'
import { CHANGE_KINDS, POLICY_ACTIONS, type ChangeKind, type ConsoleChange, type Lab, type LaterChange, type PolicyAction } from './model.ts'

/** The only lab that may switch "fail CI/CD" on, for the scope an earlier lab created. */
export const FAIL_CI_LAB = '04-cicd-integration'

const ENTRY_KEYS = ['object', 'kind', 'scope', 'actions', 'created', 'cleanup', 'changed'] as const
const LATER_KEYS = ['step', 'actions', 'lab'] as const

/** A scope that covers everything: Global, all, every, any, or a bare wildcard. */
const WIDE_SCOPE = /\bglobal\b|^\s*(all|every|any|everything)\b|^\s*\*\s*$/i

/** A problem in a `changes:` entry, with the line it is on. */
export interface ChangeProblem {
  line: number
  message: string
}

export class ChangesError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Reads the `changes:` node of a lab's frontmatter. `lineOf` turns a YAML node into its line in lab.md.
 * Throws ChangesError naming the entry and field.
 */
export function readChanges(node: YamlNode | null | undefined, lineOf: (n: YamlNode | null | undefined) => number): ConsoleChange[] {
  if (!isSeq(node)) throw new ChangesError(lineOf(node), 'frontmatter field "changes" must be a list (write "changes: []" when the lab changes nothing in the console)')
  return node.items.map((item, i) => {
    const at = lineOf(item as YamlNode)
    const where = `changes[${i}]`
    if (!isMap(item)) throw new ChangesError(at, `${where} must be a mapping with object, kind, scope, created and cleanup`)
    const fields = new Map<string, YamlNode | null>()
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
      if (!(ENTRY_KEYS as readonly string[]).includes(key)) {
        throw new ChangesError(lineOf(pair.key as YamlNode), `${where}: field "${key}" is not known (expected: ${ENTRY_KEYS.join(', ')})`)
      }
      fields.set(key, (pair.value as YamlNode | null) ?? null)
    }
    const text = (key: string): string => {
      const v = fields.get(key)
      if (!isScalar(v) || typeof v.value !== 'string' || !v.value.trim()) throw new ChangesError(lineOf(v) || at, `${where}: "${key}" must be a non-empty string`)
      return v.value.trim()
    }
    const stepNo = (key: string, n: YamlNode | null | undefined, label = where): number => {
      if (!isScalar(n) || typeof n.value !== 'number' || !Number.isInteger(n.value) || n.value < 1) {
        throw new ChangesError(lineOf(n) || at, `${label}: "${key}" must be a step number`)
      }
      return n.value
    }
    const actionList = (n: YamlNode | null | undefined, label: string): PolicyAction[] => {
      if (!isSeq(n) || n.items.length === 0) throw new ChangesError(lineOf(n) || at, `${label}: "actions" must be a non-empty list of ${POLICY_ACTIONS.join(', ')}`)
      return n.items.map((a) => {
        const v = isScalar(a) ? a.value : undefined
        if (typeof v !== 'string' || !(POLICY_ACTIONS as readonly string[]).includes(v)) {
          throw new ChangesError(lineOf(a as YamlNode) || at, `${label}: action "${String(v)}" is not one of ${POLICY_ACTIONS.join(', ')}`)
        }
        return v as PolicyAction
      })
    }
    for (const key of ['object', 'kind', 'scope', 'created', 'cleanup']) {
      if (!fields.has(key)) throw new ChangesError(at, `${where}: "${key}" is missing`)
    }
    const kind = text('kind')
    if (!(CHANGE_KINDS as readonly string[]).includes(kind)) throw new ChangesError(lineOf(fields.get('kind')), `${where}: kind "${kind}" is not one of ${CHANGE_KINDS.join(', ')}`)
    const policy = kind === 'assurance-policy'
    if (policy && !fields.has('actions')) throw new ChangesError(at, `${where}: an assurance policy needs "actions" (audit, fail-ci, block)`)
    if (!policy && fields.has('actions')) throw new ChangesError(lineOf(fields.get('actions')), `${where}: "actions" is only for assurance policies`)
    const changedNode = fields.get('changed')
    const changed: LaterChange[] = []
    if (changedNode !== undefined) {
      if (!isSeq(changedNode)) throw new ChangesError(lineOf(changedNode) || at, `${where}: "changed" must be a list of { step, actions, lab }`)
      changedNode.items.forEach((c, j) => {
        const label = `${where}.changed[${j}]`
        if (!isMap(c)) throw new ChangesError(lineOf(c as YamlNode) || at, `${label} must be a mapping { step, actions, lab }`)
        const get = (k: string) => c.items.find((p) => isScalar(p.key) && p.key.value === k)?.value as YamlNode | null | undefined
        for (const p of c.items) {
          const k = isScalar(p.key) ? String(p.key.value) : String(p.key)
          if (!(LATER_KEYS as readonly string[]).includes(k)) throw new ChangesError(lineOf(p.key as YamlNode), `${label}: field "${k}" is not known (expected: ${LATER_KEYS.join(', ')})`)
        }
        const lab = get('lab')
        if (!isScalar(lab) || typeof lab.value !== 'string' || !lab.value.trim()) throw new ChangesError(lineOf(c as YamlNode), `${label}: "lab" must name the lab folder`)
        changed.push({ step: stepNo('step', get('step'), label), actions: actionList(get('actions'), label), lab: lab.value.trim() })
      })
    }
    return {
      object: text('object'),
      kind: kind as ChangeKind,
      scope: text('scope'),
      actions: policy ? actionList(fields.get('actions'), where) : null,
      created: stepNo('created', fields.get('created')),
      cleanup: stepNo('cleanup', fields.get('cleanup')),
      changed,
      line: at,
    }
  })
}

/** The safety rule within one lab. Empty when the lab keeps it. */
export function changeProblems(lab: Pick<Lab, 'id'> & { steps: Array<{ number: number }>; meta: { changes: ConsoleChange[] } }): ChangeProblem[] {
  const problems: ChangeProblem[] = []
  const steps = new Set(lab.steps.map((s) => s.number))
  for (const c of lab.meta.changes) {
    const say = (message: string) => problems.push({ line: c.line, message: `"${c.object}": ${message}` })
    if (WIDE_SCOPE.test(c.scope)) say(`scope "${c.scope}" is not narrower than Global / all: scope it to one repository, registry, group or user`)
    if (!steps.has(c.created)) say(`created in Step ${c.created}, but the lab has no Step ${c.created}`)
    if (!steps.has(c.cleanup)) say(`cleaned up in Step ${c.cleanup}, but the lab has no Step ${c.cleanup}`)
    else if (c.cleanup <= c.created) say(`the clean-up (Step ${c.cleanup}) must come after the step that creates it (Step ${c.created})`)
    const actions = c.actions ?? []
    if (actions.includes('fail-ci') && lab.id !== FAIL_CI_LAB) say(`switches "fail-ci" on, which only ${FAIL_CI_LAB} may do`)
    if (actions.includes('block')) say('switches "block" on, which no lab may do')
    for (const later of c.changed) {
      if (later.actions.includes('fail-ci') && later.lab !== FAIL_CI_LAB) say(`lists "fail-ci" switched on by ${later.lab}; only ${FAIL_CI_LAB} may do that`)
      if (later.actions.includes('block')) say(`lists "block" switched on by ${later.lab}, which no lab may do`)
      if (later.lab === lab.id) say('"changed" names a later lab, not this one')
    }
  }
  return problems
}

/** The rule across labs: a later lab that changes an object lists it, from the step named, with its own clean-up. */
export function crossLabProblems(labs: Array<Pick<Lab, 'id' | 'file'> & { meta: { changes: ConsoleChange[] } }>): string[] {
  const problems: string[] = []
  for (const lab of labs) {
    for (const c of lab.meta.changes) {
      for (const later of c.changed) {
        const other = labs.find((l) => l.id === later.lab)
        if (!other) {
          problems.push(`${lab.file}:${c.line}: "${c.object}" is changed by lab "${later.lab}", which does not exist`)
          continue
        }
        const entry = other.meta.changes.find((o) => o.object === c.object && o.created === later.step)
        if (!entry) {
          problems.push(`${other.file}: must list "${c.object}" with created: ${later.step} (${lab.file}:${c.line} says that step changes it)`)
          continue
        }
        const missing = later.actions.filter((a) => !(entry.actions ?? []).includes(a))
        if (missing.length) problems.push(`${other.file}:${entry.line}: "${c.object}" must list the actions ${missing.join(', ')} that ${lab.file}:${c.line} says it switches on`)
      }
    }
  }
  return problems
}

/** How the handout names an action. */
export const ACTION_LABEL: Record<PolicyAction, string> = { audit: 'audit failures', 'fail-ci': 'fail CI/CD scans', block: 'block' }
