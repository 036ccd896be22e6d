// Severity words from every scanner generation mapped onto the kit's six buckets.
import type { Severity } from '../types.ts'

const WORDS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  negligible: 'negligible',
  // Debian's tracker (and so older Aqua/MicroScanner output) calls "not really a security issue" unimportant.
  unimportant: 'negligible',
  unknown: 'unknown',
}

/** Case-insensitive; anything missing or unrecognised is 'unknown' rather than an error. */
export function toSeverity(word: string | null | undefined): Severity {
  if (!word) return 'unknown'
  return WORDS[word.trim().toLowerCase()] ?? 'unknown'
}

/** Ordering used for sorting and thresholds: critical 4 … low 1; negligible and unknown 0. */
export const SEVERITY_RANK: Record<Severity, number> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  negligible: 0,
  unknown: 0,
}
