// What every control evaluator receives, and the small helpers they share.
import { CONTROLS } from './catalogue.ts'
import type { IndexedFinding, ScanIndex } from './scan-index.ts'
import type { ControlId, ControlResult, ControlStatus, Evidence, ImageAssurancePolicy, ScanResult } from '../types.ts'

/** Evidence lists are capped so a report with 10,000 findings stays readable; the count is kept. */
export const EVIDENCE_CAP = 10

export interface ControlContext {
  scan: ScanResult
  index: ScanIndex
  policy: ImageAssurancePolicy
  /** CVE ids the policy allows (upper case), or null when the allow list is off. */
  allowed: ReadonlySet<string> | null
  /** Findings published after this time (ms) are ignored, or null when the option is off. */
  recentSince: number | null
}

/** True when the policy's allow list or its "ignore recently published" option exempts the finding. */
export function isExempt(ctx: ControlContext, item: IndexedFinding): boolean {
  if (ctx.allowed !== null && ctx.allowed.has(item.key)) return true
  return ctx.recentSince !== null && item.published > ctx.recentSince
}

/** The evidence line for a finding; built once per scan and shared, so it is frozen. */
export function findingEvidence(item: IndexedFinding): Evidence {
  if (item.evidence) return item.evidence
  const f = item.f
  const score = f.score ? `, ${f.score.value}` : ''
  const fix = f.fixedVersion ? `, fixed in ${f.fixedVersion}` : ', no fix yet'
  const pkg = [f.pkg.name, f.pkg.version].filter((s) => s !== '').join(' ') || 'an unnamed resource'
  item.evidence = Object.freeze<Evidence>({ kind: 'finding', text: `${f.id} in ${pkg} (${f.severity}${score}${fix})`, findingId: f.id })
  return item.evidence
}

export function result(
  control: ControlId,
  status: ControlStatus,
  summary: string,
  evidence: Evidence[] = [],
  action: string | null = null,
  evidenceCount = evidence.length,
): ControlResult {
  const out: ControlResult = {
    control,
    name: CONTROLS[control].name,
    status,
    summary,
    evidence: evidence.length > EVIDENCE_CAP ? evidence.slice(0, EVIDENCE_CAP) : evidence,
    action: status === 'failed' ? action : null,
  }
  if (evidenceCount > 0) out.evidenceCount = evidenceCount
  return out
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}

/** "a, b and 3 more" for action sentences. */
export function listSome(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`
}
