// The one score the policy engine compares with maximum_score. Aqua's own score wins because that is
// what the console evaluates; after it, CVSS v3 beats v2 and NVD beats the vendor (Aqua's documented
// fallback order for images scanned without an Aqua score).
import type { Finding, ScoreSource } from '../types.ts'

const ORDER: Array<[keyof Finding['scores'], ScoreSource]> = [
  ['aqua', 'aqua'],
  ['nvdV3', 'nvd-v3'],
  ['vendorV3', 'vendor-v3'],
  ['nvdV2', 'nvd-v2'],
  ['vendorV2', 'vendor-v2'],
]

export function pickScore(scores: Finding['scores']): Finding['score'] {
  for (const [key, source] of ORDER) {
    const value = scores[key]
    if (value !== null) return { value, source }
  }
  return null
}
