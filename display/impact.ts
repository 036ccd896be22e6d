// One cell of the policy impact matrix, reduced from the core's Verdict to what the cell shows and a
// key to tell whether it changed. Pure, so the "changed" rule is unit-tested.
import type { ControlId, Verdict } from '../core/types.ts'
import { isDataError, type DataError } from '../core/data-error.ts'

export interface CellState {
  verdict: 'compliant' | 'non-compliant' | 'error'
  /** Controls that failed, in the order the verdict lists them, without duplicates. */
  failed: ControlId[]
  /** Something failed, but only in policies that do not gate (audit only). */
  auditOnly: boolean
  /** Same key = same cell; a different key marks the cell "changed". */
  key: string
  error: DataError | null
}

export function cellState(verdict: Verdict | DataError): CellState {
  if (isDataError(verdict)) return { verdict: 'error', failed: [], auditOnly: false, key: 'error', error: verdict }
  const failed: ControlId[] = []
  for (const p of verdict.policies) {
    for (const c of p.controls) if (c.status === 'failed' && !failed.includes(c.control)) failed.push(c.control)
  }
  const state = verdict.compliant ? 'compliant' : 'non-compliant'
  return {
    verdict: state,
    failed,
    auditOnly: verdict.compliant && failed.length > 0,
    key: `${state}|${[...failed].sort().join(',')}`,
    error: null,
  }
}

/** Short control names for dense places (matrix cells, switch rows); full names stay in CONTROLS. */
export const SHORT_NAMES: Readonly<Record<ControlId, string>> = {
  max_severity: 'Severity',
  max_score: 'Score',
  malware: 'Malware',
  sensitive_data: 'Sensitive data',
  root_user: 'Superuser',
  trusted_base_images: 'Base image',
  dta: 'DTA',
  cves_blocked: 'CVEs blocked',
  packages_blocked: 'Packages blocked',
  packages_required: 'Packages required',
  licenses_blocked: 'Licenses blocked',
  licenses_allowed: 'Licenses allowed',
  labels_required: 'Labels required',
  labels_forbidden: 'Labels forbidden',
  custom_checks: 'Custom checks',
  scap: 'SCAP',
  microenforcer: 'MicroEnforcer',
}

export function shortControlName(id: ControlId): string {
  return SHORT_NAMES[id] ?? id
}

/** The verdict word of a cell: "Passes", "Fails" (non-compliant), "Audit only" (failed, not gating). */
export function cellText(cell: CellState): string {
  if (cell.verdict === 'error') return 'Cannot evaluate'
  if (cell.verdict === 'non-compliant') return 'Fails'
  return cell.auditOnly ? 'Audit only' : 'Passes'
}

/** Everything a cell says, in one line: "Fails: Severity, Score". */
export function cellSentence(cell: CellState): string {
  const word = cellText(cell)
  if (cell.failed.length === 0) return word
  return `${word}: ${cell.failed.map(shortControlName).join(', ')}`
}
