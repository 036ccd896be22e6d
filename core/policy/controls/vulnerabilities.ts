// Vulnerability Severity, Vulnerability Score and CVEs Blocked. Both thresholds are inclusive: Aqua's
// results show a limit of "high" failing on a finding of "high" and reads "matched or exceeded".
import { SEVERITY_RANK, toSeverity } from '../../readers/severity.ts'
import type { ControlResult, Evidence, Severity } from '../../types.ts'
import { type ControlContext, EVIDENCE_CAP, findingEvidence, isExempt, listSome, plural, result } from '../context.ts'
import { type IndexedFinding, scoredAtOrAbove } from '../scan-index.ts'

/** What a walk down to a limit found: the findings at or above it, exempted ones, the most urgent, evidence. */
interface LimitWalk {
  count: number
  exempted: number
  highest: IndexedFinding | null
  evidence: Evidence[]
}

/**
 * Walks the index's list, most urgent first, for a limit both thresholds share (`reaches`: at or
 * above it). Without exemptions the index already holds the count (`indexedCount`), so the walk only
 * goes as far as the evidence and the most urgent finding need; with them, each finding is checked.
 */
function walkToLimit(
  ctx: ControlContext,
  list: readonly IndexedFinding[],
  excludeNoFix: boolean,
  reaches: (item: IndexedFinding) => boolean,
  indexedCount: number | null,
): LimitWalk {
  let count = indexedCount ?? 0
  let exempted = 0
  let highest: IndexedFinding | null = null
  const evidence: Evidence[] = []
  if (indexedCount !== null) {
    for (const item of list) {
      if (excludeNoFix && !item.fixable) continue
      highest ??= item
      if (!reaches(item) || evidence.length >= EVIDENCE_CAP) break
      evidence.push(findingEvidence(item))
    }
  } else {
    for (const item of list) {
      if (!reaches(item) && highest) break
      if (excludeNoFix && !item.fixable) continue
      if (isExempt(ctx, item)) {
        if (reaches(item)) exempted++
        continue
      }
      highest ??= item
      if (!reaches(item)) break
      count++
      if (evidence.length < EVIDENCE_CAP) evidence.push(findingEvidence(item))
    }
  }
  return { count, exempted, highest, evidence }
}

/** Exemptions (allowed images, recently found vulnerabilities) make every finding count on its own. */
function hasExemptions(ctx: ControlContext): boolean {
  return ctx.allowed !== null || ctx.recentSince !== null
}

export function severityControl(ctx: ControlContext): ControlResult {
  const { policy, index } = ctx
  const limit: Severity = toSeverity(policy.cvss_severity)
  const threshold = SEVERITY_RANK[limit]
  const excludeNoFix = policy.cvss_severity_exclude_no_fix === true || policy.control_exclude_no_fix === true
  const indexedCount = hasExemptions(ctx) ? null : ((excludeNoFix ? index.fixableAtOrAbove : index.atOrAbove)[threshold] ?? 0)
  const { count, exempted, highest, evidence } = walkToLimit(ctx, index.bySeverity, excludeNoFix, (item) => item.rank >= threshold, indexedCount)

  const found = highest ? highest.f.severity : 'none'
  const notes = [
    excludeNoFix ? 'findings without a fix ignored' : '',
    exempted > 0 ? `${plural(exempted, 'finding')} at or above the limit exempted` : '',
    policy.custom_severity_enabled === true ? 'custom severities are not in scan reports, the report’s are used' : '',
  ].filter((n) => n !== '')
  const tail = notes.length > 0 ? ` (${notes.join('; ')})` : ''
  if (count === 0) {
    return result('max_severity', 'passed', `Limit ${limit}, fails at or above it; highest found: ${found}${tail}.`)
  }
  return result(
    'max_severity',
    'failed',
    `Limit ${limit}, fails at or above it; highest found: ${found}; ${plural(count, 'finding')} at or above the limit${tail}.`,
    evidence,
    `Fix the vulnerabilities: maximum severity ${found} matched or exceeded the limit ${limit}.`,
    count,
  )
}

export function scoreControl(ctx: ControlContext): ControlResult {
  const { policy, index } = ctx
  const limit = policy.maximum_score ?? 10
  const excludeNoFix = policy.maximum_score_exclude_no_fix === true || policy.control_exclude_no_fix === true
  // Without exemptions, a binary search in the index gives the count.
  const atOrAbove = hasExemptions(ctx) ? null : scoredAtOrAbove(index, limit)
  const indexedCount = atOrAbove === null ? null : excludeNoFix ? index.fixableByScore[atOrAbove]! : atOrAbove
  const { count, exempted, highest, evidence } = walkToLimit(ctx, index.byScore, excludeNoFix, (item) => item.score >= limit, indexedCount)
  const found = highest ? String(highest.score) : 'none'
  const notes = [
    excludeNoFix ? 'findings without a fix ignored' : '',
    exempted > 0 ? `${plural(exempted, 'finding')} at or above the limit exempted` : '',
    index.unscored > 0 ? `${plural(index.unscored, 'finding')} without a score not compared` : '',
  ].filter((n) => n !== '')
  const tail = notes.length > 0 ? ` (${notes.join('; ')})` : ''
  if (count === 0) {
    return result('max_score', 'passed', `Limit ${limit}, fails at or above it; highest score found: ${found}${tail}.`)
  }
  return result(
    'max_score',
    'failed',
    `Limit ${limit}, fails at or above it; highest score found: ${found}; ${plural(count, 'finding')} at or above the limit${tail}.`,
    evidence,
    `Fix the vulnerabilities: maximum score ${found} matched or exceeded the limit ${limit}.`,
    count,
  )
}

export function blockedCvesControl(ctx: ControlContext): ControlResult {
  const blocked = [...new Set((ctx.policy.cves_black_list ?? []).map((id) => id.toUpperCase()))]
  const hits: IndexedFinding[] = []
  const ids = new Set<string>()
  let exempted = 0
  for (const id of blocked) {
    for (const item of ctx.index.byId.get(id) ?? []) {
      if (isExempt(ctx, item)) {
        exempted++
        continue
      }
      hits.push(item)
      ids.add(item.f.id)
    }
  }
  const tail = exempted > 0 ? ` (${plural(exempted, 'finding')} exempted by the allow list or as recently published)` : ''
  if (hits.length === 0) {
    return result('cves_blocked', 'passed', `None of the ${plural(blocked.length, 'blocked CVE')} found${tail}.`)
  }
  const found = [...ids]
  return result(
    'cves_blocked',
    'failed',
    `${plural(found.length, 'blocked CVE')} found in ${plural(hits.length, 'package finding')}: ${listSome(found, 5)}${tail}.`,
    hits.map(findingEvidence),
    `Remove or upgrade the packages with blocked vulnerabilities: ${listSome(found)}.`,
    hits.length,
  )
}
