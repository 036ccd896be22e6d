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

export { SEVERITY_RANK } from '../order.ts'
