// How the kit orders severities and findings, in one place for the slides, their PDFs, the HTML
// report, the `kit` command and the policy engine's index.
import { SEVERITIES, type Finding, type Severity } from './types.ts'

/** 0 for critical … 5 for unknown: smaller is more urgent (the order of SEVERITIES, the console's). */
export function severityOrder(severity: Severity): number {
  const order = SEVERITIES.indexOf(severity)
  return order === -1 ? SEVERITIES.length : order
}

/**
 * The same order as a threshold rank for policy limits: critical 4, high 3, medium 2, low 1;
 * negligible and unknown 0, so they never reach even a limit of "low".
 */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.fromEntries(
  SEVERITIES.map((s) => [s, Math.max(0, severityOrder('negligible') - severityOrder(s))]),
) as Record<Severity, number>

/** The score a finding sorts by; -1 (after every real score) when it has none. */
export function sortScore(f: Pick<Finding, 'score'>): number {
  return f.score ? f.score.value : -1
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The kit's finding order: most urgent severity first, then the highest score (none last), then
 * id and package name (plain code-point order, so it is the same in every locale and fast enough
 * for the engine's index).
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityOrder(a.severity) - severityOrder(b.severity) ||
    sortScore(b) - sortScore(a) ||
    byText(a.id, b.id) ||
    byText(a.pkg.name, b.pkg.name)
  )
}
