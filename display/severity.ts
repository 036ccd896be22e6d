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

/** 0 for critical … 5 for unknown: smaller is more urgent. */
export function severityRank(severity: Severity): number {
  const rank = SEVERITIES.indexOf(severity)
  return rank === -1 ? SEVERITIES.length : rank
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

export interface DonutSegment {
  severity: Severity
  count: number
  /** Length of the arc along the circle, in the same unit as the circumference. */
  length: number
  /** Where the arc starts along the circle (0 = twelve o'clock when the circle is rotated -90°). */
  offset: number
}

/**
 * Arcs of a donut chart drawn as stroked circles (stroke-dasharray = `length rest`,
 * stroke-dashoffset = `-offset`). Empty buckets get no arc; the arcs add up to the circumference.
 */
export function donutSegments(counts: SeverityCounts, circumference: number): DonutSegment[] {
  const sum = SEVERITIES.reduce((acc, s) => acc + Math.max(0, counts[s]), 0)
  if (sum <= 0) return []
  const segments: DonutSegment[] = []
  let offset = 0
  for (const severity of SEVERITIES) {
    const count = Math.max(0, counts[severity])
    if (count === 0) continue
    const length = (count / sum) * circumference
    segments.push({ severity, count, length, offset })
    offset += length
  }
  return segments
}
