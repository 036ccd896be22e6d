// Presentation helpers for severity buckets: labels, order, which chips to show and the donut's
// arcs. Pure functions (no DOM, no Vue) so they can be unit-tested; counting itself is the core's
// job (core/summary.ts countBySeverity).
import { SEVERITIES, type Severity, type SeverityCounts } from '../core/types.ts'

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  negligible: 'Negligible',
  unknown: 'Unknown',
}


/**
 * The buckets a summary shows: the five the console always shows (a zero is information too),
 * plus "unknown" only when something is in it.
 */
export function visibleSeverities(counts: SeverityCounts): Severity[] {
  return SEVERITIES.filter((s) => s !== 'unknown' || counts.unknown > 0)
}

/** "2 critical, 52 high, …" — the text alternative of a chart, in bucket order. */
export function countsSentence(counts: SeverityCounts): string {
  const parts = visibleSeverities(counts).map((s) => `${counts[s]} ${s}`)
  const noun = counts.total === 1 ? 'finding' : 'findings'
  return `${counts.total} ${noun}: ${parts.join(', ')}`
}

export { donutSegments, type DonutSegment } from '../core/html/charts.ts'
