// Turns policy JSON into ImageAssurancePolicy objects the engine can trust, or throws PolicyError at
// the first lint error. Warnings never stop a policy from loading.
import type { ImageAssurancePolicy } from '../types.ts'
import { type LintProblem, lintPolicy } from './lint.ts'

export class PolicyError extends Error {
  override name = 'PolicyError'
  readonly file: string
  readonly path: string
  readonly expected: string
  /** Every error lint found, not just the first. */
  readonly problems: LintProblem[]

  constructor(file: string, problems: LintProblem[]) {
    const first = problems[0]!
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more error${problems.length > 2 ? 's' : ''}; run kit policy lint)` : ''
    super(`${file}: not a usable image assurance policy${more}\n  at ${first.path}: ${first.message}`)
    this.file = file
    this.path = first.path
    this.expected = first.expected ?? 'a valid value'
    this.problems = problems
  }
}

/** One policy object. Returns the same object (typed), after checking it. */
export function readPolicy(json: unknown, file: string): ImageAssurancePolicy {
  return checked(json, file, '$')
}

/**
 * A policy file as people keep them: one policy object, an array of policies, or the Aqua API's
 * list response (`{"result": [...]}`).
 */
export function readPolicies(json: unknown, file: string): ImageAssurancePolicy[] {
  if (Array.isArray(json)) return json.map((p, i) => checked(p, file, `$[${i}]`))
  if (typeof json === 'object' && json !== null && Array.isArray((json as { result?: unknown }).result) && !('name' in json)) {
    return ((json as { result: unknown[] }).result).map((p, i) => checked(p, file, `$.result[${i}]`))
  }
  return [checked(json, file, '$')]
}

function checked(json: unknown, file: string, base: string): ImageAssurancePolicy {
  const errors = lintPolicy(json, file, base).filter((p) => p.severity === 'error')
  if (errors.length > 0) throw new PolicyError(file, errors)
  return json as ImageAssurancePolicy
}
