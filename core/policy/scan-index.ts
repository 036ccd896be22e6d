// Everything about a scan that does not depend on the policy, computed once per ScanResult and kept
// in a WeakMap: evaluating many policies against one scan then only walks the few findings that are
// at or above a threshold, instead of re-sorting and re-filtering every finding per control.
import { compareFindings, SEVERITY_RANK } from '../order.ts'
import { type Evidence, type Finding, type PackageRef, type ScanResult } from '../types.ts'

export interface IndexedFinding {
  f: Finding
  /** The id upper-cased, for allow and block lists. */
  key: string
  /** Threshold rank: critical 4 … low 1, negligible/unknown 0. */
  rank: number
  /** Score used by the engine, NaN when the finding has none. */
  score: number
  fixable: boolean
  /** Publication time in ms, NaN when unknown. */
  published: number
  /** Evidence line for this finding, built on first use and shared (frozen) across verdicts. */
  evidence?: Readonly<Evidence>
}

export interface ScanIndex {
  /** Most severe first, then highest score. Findings at or above any rank form a prefix. */
  bySeverity: IndexedFinding[]
  /** Scored findings, highest score first. */
  byScore: IndexedFinding[]
  /** atOrAbove[r] = how many findings have rank ≥ r; fixableAtOrAbove likewise for fixable ones. */
  atOrAbove: number[]
  fixableAtOrAbove: number[]
  /** fixableByScore[i] = how many of byScore's first i entries are fixable. */
  fixableByScore: number[]
  /** Findings without a score (not in byScore). */
  unscored: number
  /** Findings by vulnerability id, upper-cased (CVE ids are compared case-insensitively). */
  byId: Map<string, IndexedFinding[]>
  packagesByName: Map<string, PackageRef[]>
  /** Packages that carry license data, with their license tokens normalised. */
  licensed: Array<{ pkg: PackageRef; tokens: string[] }>
  /** Normalised license token → entries of `licensed` that carry it. */
  byLicense: Map<string, Array<{ pkg: PackageRef; tokens: string[] }>>
}

const cache = new WeakMap<ScanResult, ScanIndex>()

/** The index for a scan; built on first use. Scans are treated as immutable once read. */
export function indexScan(scan: ScanResult): ScanIndex {
  let index = cache.get(scan)
  if (!index) {
    index = buildIndex(scan)
    cache.set(scan, index)
  }
  return index
}

function buildIndex(scan: ScanResult): ScanIndex {
  const items: IndexedFinding[] = scan.findings.map((f) => ({
    f,
    key: f.id.toUpperCase(),
    rank: SEVERITY_RANK[f.severity],
    score: f.score ? f.score.value : Number.NaN,
    fixable: f.fixedVersion !== '',
    published: f.publishedDate ? Date.parse(f.publishedDate) : Number.NaN,
  }))
  const bySeverity = [...items].sort(compareForDisplay)
  const byScore = items.filter((i) => !Number.isNaN(i.score)).sort((a, b) => b.score - a.score || compareForDisplay(a, b))

  const fixableByScore = [0]
  for (const item of byScore) fixableByScore.push(fixableByScore[fixableByScore.length - 1]! + (item.fixable ? 1 : 0))

  const atOrAbove = [0, 0, 0, 0, 0]
  const fixableAtOrAbove = [0, 0, 0, 0, 0]
  for (const item of items) {
    for (let r = 0; r <= item.rank; r++) {
      atOrAbove[r]!++
      if (item.fixable) fixableAtOrAbove[r]!++
    }
  }

  const byId = new Map<string, IndexedFinding[]>()
  for (const item of items) {
    const list = byId.get(item.key)
    if (list) list.push(item)
    else byId.set(item.key, [item])
  }

  const packagesByName = new Map<string, PackageRef[]>()
  const licensed: ScanIndex['licensed'] = []
  for (const pkg of scan.packages) {
    const key = pkg.name.toLowerCase()
    const list = packagesByName.get(key)
    if (list) list.push(pkg)
    else packagesByName.set(key, [pkg])
    if (pkg.licenses.length > 0) licensed.push({ pkg, tokens: licenseTokens(pkg.licenses) })
  }
  const byLicense: ScanIndex['byLicense'] = new Map()
  for (const entry of licensed) {
    for (const token of entry.tokens) {
      const list = byLicense.get(token)
      if (list) list.push(entry)
      else byLicense.set(token, [entry])
    }
  }

  return { bySeverity, byScore, atOrAbove, fixableAtOrAbove, fixableByScore, unscored: items.length - byScore.length, byId, packagesByName, licensed, byLicense }
}

/** How many entries of byScore (highest first) have a score ≥ limit: binary search. */
export function scoredAtOrAbove(index: ScanIndex, limit: number): number {
  let lo = 0
  let hi = index.byScore.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (index.byScore[mid]!.score >= limit) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Display order: the kit's one finding order (core/order.ts). */
export function compareForDisplay(a: IndexedFinding, b: IndexedFinding): number {
  return compareFindings(a.f, b.f)
}

/** The n most urgent findings, severity first then score (what reports show as "top findings"). */
export function topFindings(scan: ScanResult, n: number): Finding[] {
  return indexScan(scan).bySeverity.slice(0, n).map((i) => i.f)
}

/** License text → comparable tokens: "(GPLv2+,AFL),GPLv2+" → ["(gplv2+,afl),gplv2+", "gplv2+", "afl"]. */
export function licenseTokens(licenses: readonly string[]): string[] {
  const tokens = new Set<string>()
  for (const license of licenses) {
    const whole = normaliseLicense(license)
    if (whole) tokens.add(whole)
    for (const part of license.split(/[,;()|/]|\s+(?:and|or|with)\s+/i)) {
      const t = normaliseLicense(part)
      if (t) tokens.add(t)
    }
  }
  return [...tokens]
}

export function normaliseLicense(license: string): string {
  return license.trim().toLowerCase().replace(/[\s_]+/g, '-')
}
