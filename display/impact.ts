// One cell of the policy impact matrix, reduced from the core's Verdict to what the cell shows and a
// key to tell whether it changed. Pure, so the "changed" rule is unit-tested.
import type { ControlId, Verdict } from '../core/types.ts'
import { complianceOf, failedControls, verdictShortText } from '../core/verdict-text.ts'
import { isDataError, type DataError } from '../core/data-error.ts'

export interface CellState {
  verdict: 'compliant' | 'non-compliant' | 'error'
  /** Controls that failed, in the order the verdict lists them, without duplicates. */
  failed: ControlId[]
  /** The core's short verdict: "Non-compliant", "Fails CI/CD", "Audit only", "Passes". */
  text: string
  /** Something failed, but the image stays compliant and the CI/CD step passes (audit only). */
  auditOnly: boolean
  /** A failed policy fails the Aqua CI/CD step. */
  failsCicd: boolean
  /** Same key = same cell; a different key marks the cell "changed". */
  key: string
  error: DataError | null
}

export function cellState(verdict: Verdict | DataError): CellState {
  if (isDataError(verdict)) return { verdict: 'error', failed: [], text: 'Cannot evaluate', auditOnly: false, failsCicd: false, key: 'error', error: verdict }
  const failed = failedControls(verdict).map((c) => c.control)
  const state = complianceOf(verdict)
  const text = verdictShortText(verdict)
  return {
    verdict: state,
    failed,
    text,
    auditOnly: verdict.compliant && !verdict.failsCicd && failed.length > 0,
    failsCicd: verdict.failsCicd,
    key: `${state}|${text}|${[...failed].sort().join(',')}`,
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

/** The verdict word of a cell (core/verdict-text.ts words it). */
export function cellText(cell: CellState): string {
  return cell.text
}

/** Everything a cell says, in one line: "Fails: Severity, Score". */
export function cellSentence(cell: CellState): string {
  const word = cellText(cell)
  if (cell.failed.length === 0) return word
  return `${word}: ${cell.failed.map(shortControlName).join(', ')}`
}
