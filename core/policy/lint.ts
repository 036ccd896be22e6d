// Checks a policy file before anyone pushes it to a tenant or gates a build on it. Errors are things
// the engine (or Aqua) cannot act on, and come from the policy schema (schema.ts); warnings are legal
// but probably not what the author meant, and are the advice below, with the typo hints.
import * as v from 'valibot'
import { childPath } from '../readers/errors.ts'
import { ImageAssurancePolicySchema, KNOWN_FIELDS, quote } from './schema.ts'

export interface LintProblem {
  /** JSON path of the problem, e.g. `$.maximum_score`. */
  path: string
  message: string
  severity: 'error' | 'warning'
  /** What a valid value looks like (errors only). */
  expected?: string
}

type Obj = Record<string, unknown>

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The schema's issues as problems, with JSON paths below `base`. */
function schemaErrors(json: unknown, base: string): LintProblem[] {
  const issues = v.safeParse(ImageAssurancePolicySchema, json).issues ?? []
  return issues.map((issue) => ({
    path: (issue.path ?? []).reduce((path, item) => childPath(path, item.key as string | number), base),
    message: issue.message,
    severity: 'error',
    expected: issue.expected ?? undefined,
  }))
}

/** Legal settings that probably do not do what the author meant. */
function advice(p: Obj, base: string): LintProblem[] {
  const problems: LintProblem[] = []
  const warn = (path: string, message: string) => problems.push({ path, message, severity: 'warning' })
  const at = (key: string) => childPath(base, key)
  if (!('assurance_type' in p)) warn(at('assurance_type'), 'assurance_type is missing; the kit treats the policy as an image policy ("image")')
  const severity = p.cvss_severity
  if (typeof severity === 'string' && severity !== severity.toLowerCase()) {
    warn(at('cvss_severity'), `write cvss_severity in lower case ("${severity.toLowerCase()}") as the Aqua API does`)
  }
  if (p.cves_white_list_enabled === true && (!Array.isArray(p.cves_white_list) || p.cves_white_list.length === 0)) {
    warn(at('cves_white_list'), 'cves_white_list_enabled is true but the allow list is empty')
  }
  if (Array.isArray(p.cves_black_list) && Array.isArray(p.cves_white_list)) {
    const allowed = new Set(p.cves_white_list)
    p.cves_black_list.forEach((id, i) => {
      if (allowed.has(id)) warn(`${at('cves_black_list')}[${i}]`, `${String(id)} is both blocked and allowed; the allow list wins`)
    })
  }
  const period = p.ignore_recently_published_vln_period
  if (p.ignore_recently_published_vln === true && !(typeof period === 'number' && period > 0)) {
    warn(at('ignore_recently_published_vln_period'), 'ignore_recently_published_vln is on but the period is 0 or missing, so nothing is ignored')
  }
  if (p.audit_on_failure === false && p.fail_cicd === false && p.block_failed === false) {
    warn(base, 'audit_on_failure, fail_cicd and block_failed are all false: a failure has no effect at all')
  }
  // Unknown fields are ignored, but a near miss of a known one is probably a typo.
  for (const key of Object.keys(p)) {
    if (KNOWN_FIELDS.has(key)) continue
    const guess = closestField(key)
    if (guess) warn(at(key), `unknown field ${quote(key)} is ignored; did you mean "${guess}"?`)
  }
  return problems
}

export function lintPolicy(json: unknown, file: string, base = '$'): LintProblem[] {
  void file // the path is relative to the file; the CLI prefixes the file name itself
  const errors = schemaErrors(json, base)
  return isObj(json) ? [...errors, ...advice(json, base)] : errors
}

function closestField(key: string): string | null {
  if (key.length < 5) return null
  const lower = key.toLowerCase()
  let best: string | null = null
  let bestDistance = 3
  for (const known of KNOWN_FIELDS) {
    if (Math.abs(known.length - key.length) >= bestDistance) continue
    const d = lower === known ? 1 : editDistance(lower, known)
    if (d < bestDistance) {
      best = known
      bestDistance = d
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]!
}
