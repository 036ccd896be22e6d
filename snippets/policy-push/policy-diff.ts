// What a push would change, as plain data and as readable lines. Pure functions, no I/O.
// The policy file is the source of truth for the fields it lists; fields that only the server
// has (id, author, lastupdate, defaults the file does not mention) are not compared.

export type Policy = Record<string, unknown>

export interface FieldChange {
  field: string
  /** undefined when the server does not have the field */
  before: unknown
  after: unknown
}

export type PlanAction = 'create' | 'update' | 'unchanged'

export interface PolicyPlan {
  name: string
  file: string
  action: PlanAction
  changes: FieldChange[]
}

/** JSON with object keys sorted, so that key order never counts as a change. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return value === undefined ? 'undefined' : JSON.stringify(value)
}

// #region diff
/** Compare the file's policy with the server's copy (null = the server has none). */
export function diffPolicy(desired: Policy, existing: Policy | null): { action: PlanAction; changes: FieldChange[] } {
  if (existing === null) {
    const changes = Object.entries(desired).map(([field, after]) => ({ field, before: undefined, after }))
    return { action: 'create', changes }
  }
  const changes: FieldChange[] = []
  for (const [field, after] of Object.entries(desired)) {
    const before = existing[field]
    if (canonical(before) !== canonical(after)) changes.push({ field, before, after })
  }
  return { action: changes.length === 0 ? 'unchanged' : 'update', changes }
}
// #endregion diff

/** The body of a PUT: the server's object with the file's fields laid over it. */
export function mergeForUpdate(existing: Policy, desired: Policy): Policy {
  return { ...existing, ...desired }
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '(unset)'
  const text = JSON.stringify(value)
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

// #region format
/** Lines for one policy: every field for a new policy, `field: old → new` for an update. */
export function formatPlan(plan: PolicyPlan): string[] {
  const head = `${plan.name} [${plan.file}]`
  if (plan.action === 'unchanged') return [`${head}: no change`]
  if (plan.action === 'create') {
    return [`${head}: new policy`, ...plan.changes.map((c) => `  + ${c.field}: ${formatValue(c.after)}`)]
  }
  return [
    `${head}: ${plan.changes.length} field(s) change`,
    ...plan.changes.map((c) => `  ~ ${c.field}: ${formatValue(c.before)} → ${formatValue(c.after)}`),
  ]
}
// #endregion format
