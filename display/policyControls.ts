// What the policy editor needs beyond the core's control catalogue: which settings each control has
// in Aqua's policy JSON, immutable updates that return a NEW policy object, and one-line descriptions
// of a control's settings for print states and toggles. Deciding pass/fail stays in core/policy.
import { CONTROLS, POLICY_SEVERITIES, type PolicySeverity } from '../core/policy.ts'
import type { ControlId, ImageAssurancePolicy, LabelRule, PackageRule } from '../core/types.ts'

export type SettingKind = 'none' | 'severity' | 'score' | 'strings' | 'packages' | 'labels' | 'base-images'

export interface ControlSettings {
  kind: SettingKind
  /** The policy field holding the setting (severity, score or list). */
  field?: keyof ImageAssurancePolicy & string
  /** The "exclude vulnerabilities with no fix" field, for severity and score. */
  excludeNoFix?: keyof ImageAssurancePolicy & string
  /** What one list item is, for labels and announcements ("CVE id", "license"). */
  item?: string
  /** Placeholder of the add box. */
  example?: string
}

export const CONTROL_SETTINGS: Readonly<Record<ControlId, ControlSettings>> = {
  trusted_base_images: { kind: 'base-images', field: 'trusted_base_images', item: 'base image', example: 'docker.io/library/alpine' },
  custom_checks: { kind: 'none' },
  cves_blocked: { kind: 'strings', field: 'cves_black_list', item: 'CVE id', example: 'CVE-2021-44228' },
  dta: { kind: 'none' },
  labels_forbidden: { kind: 'labels', field: 'forbidden_labels', item: 'label', example: 'env=dev' },
  labels_required: { kind: 'labels', field: 'required_labels', item: 'label', example: 'maintainer=*' },
  malware: { kind: 'none' },
  microenforcer: { kind: 'none' },
  licenses_allowed: { kind: 'strings', field: 'whitelisted_licenses', item: 'license', example: 'MIT' },
  licenses_blocked: { kind: 'strings', field: 'blacklisted_licenses', item: 'license', example: 'AGPL-3.0' },
  packages_blocked: { kind: 'packages', field: 'packages_black_list', item: 'package', example: 'telnet' },
  packages_required: { kind: 'packages', field: 'packages_white_list', item: 'package', example: 'ca-certificates' },
  scap: { kind: 'none' },
  sensitive_data: { kind: 'none' },
  root_user: { kind: 'none' },
  max_score: { kind: 'score', field: 'maximum_score', excludeNoFix: 'maximum_score_exclude_no_fix' },
  max_severity: { kind: 'severity', field: 'cvss_severity', excludeNoFix: 'cvss_severity_exclude_no_fix' },
}

/** The severities the console's segmented control offers: the policy's, least severe first, without negligible. */
export type ConsoleSeverity = Exclude<PolicySeverity, 'negligible'>
export const CONSOLE_SEVERITIES: readonly ConsoleSeverity[] = POLICY_SEVERITIES.filter((s): s is ConsoleSeverity => s !== 'negligible').reverse()

/** Values a control gets when it is switched on and its setting is missing from the policy. */
export const DEFAULT_SEVERITY: ConsoleSeverity = 'high'
export const DEFAULT_SCORE = 7

/** Controls in the order the console's policy editor lists them (alphabetical by name). */
export const CONSOLE_ORDER: readonly ControlId[] = (Object.keys(CONTROLS) as ControlId[]).sort((a, b) =>
  CONTROLS[a].name.localeCompare(CONTROLS[b].name, 'en'),
)

export function isEnabled(policy: ImageAssurancePolicy, id: ControlId): boolean {
  return policy[CONTROLS[id].enableField] === true
}

export function enabledControls(policy: ImageAssurancePolicy): ControlId[] {
  return CONSOLE_ORDER.filter((id) => isEnabled(policy, id))
}

/** A copy of `policy` with `field` set; the original is never changed. */
export function withField(policy: ImageAssurancePolicy, field: string, value: unknown): ImageAssurancePolicy {
  return { ...policy, [field]: value }
}

/** Switches a control on or off; switching on fills a missing severity or score with the default. */
export function withEnabled(policy: ImageAssurancePolicy, id: ControlId, on: boolean): ImageAssurancePolicy {
  const next: ImageAssurancePolicy = { ...policy, [CONTROLS[id].enableField]: on }
  const settings = CONTROL_SETTINGS[id]
  if (on && settings.kind === 'severity' && !isConsoleSeverity(next.cvss_severity)) next.cvss_severity = DEFAULT_SEVERITY
  if (on && settings.kind === 'score' && typeof next.maximum_score !== 'number') next.maximum_score = DEFAULT_SCORE
  return next
}

export function isConsoleSeverity(value: unknown): value is ConsoleSeverity {
  return typeof value === 'string' && (CONSOLE_SEVERITIES as readonly string[]).includes(value)
}

/** Score rounded to one decimal and kept within 0–10. */
export function clampScore(value: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.min(10, Math.max(0, Math.round(value * 10) / 10))
}

/** The list behind a list control, as an array (missing or malformed lists read as empty). */
export function listOf<T = unknown>(policy: ImageAssurancePolicy, field: string): T[] {
  const value = policy[field]
  return Array.isArray(value) ? (value as T[]) : []
}

export function withItemAdded(policy: ImageAssurancePolicy, field: string, item: unknown): ImageAssurancePolicy {
  return withField(policy, field, [...listOf(policy, field), item])
}

export function withItemRemoved(policy: ImageAssurancePolicy, field: string, index: number): ImageAssurancePolicy {
  return withField(
    policy,
    field,
    listOf(policy, field).filter((_, i) => i !== index),
  )
}

/** A package rule in the shape the Aqua API uses (every field present). */
export function packageRule(name: string, format = ''): PackageRule {
  return { format, name, epoch: '', version: '', version_range: '', release: '', arch: '', license: '', display: '' }
}

/** "key=value" (or just "key", meaning any value) → a label rule. */
export function parseLabel(text: string): LabelRule | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const eq = trimmed.indexOf('=')
  if (eq === -1) return { key: trimmed, value: '*' }
  const key = trimmed.slice(0, eq).trim()
  if (key === '') return null
  return { key, value: trimmed.slice(eq + 1).trim() || '*' }
}

/** "registry/name" or "name" → a base image entry. */
export function parseBaseImage(text: string): { registry: string; imagename: string } | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const slash = trimmed.indexOf('/')
  if (slash > 0 && /[.:]|^localhost$/.test(trimmed.slice(0, slash))) {
    return { registry: trimmed.slice(0, slash), imagename: trimmed.slice(slash + 1) }
  }
  return { registry: '', imagename: trimmed }
}

/** Text of one list item as shown in the editor and in print. */
export function itemText(kind: SettingKind, item: unknown): string {
  if (typeof item === 'string') return item
  if (typeof item !== 'object' || item === null) return String(item)
  const o = item as Record<string, unknown>
  if (kind === 'labels') return `${String(o.key ?? '')}=${String(o.value ?? '*')}`
  if (kind === 'packages') {
    const version = typeof o.version === 'string' && o.version ? ` ${o.version}` : ''
    const format = typeof o.format === 'string' && o.format ? ` (${o.format})` : ''
    return `${String(o.display || o.name || '')}${version}${format}`
  }
  if (kind === 'base-images') {
    const registry = typeof o.registry === 'string' && o.registry ? `${o.registry}/` : ''
    return `${registry}${String(o.imagename ?? '')}`
  }
  return JSON.stringify(item)
}

function listSummary(kind: SettingKind, items: unknown[], verb: string): string {
  if (items.length === 0) return `${verb}: nothing listed yet`
  return `${verb}: ${items.map((i) => itemText(kind, i)).join(', ')}`
}

/**
 * One line saying what an enabled control is set to, e.g. "Fails at high or above" or
 * "Blocks: CVE-2021-44228". Controls that need the live platform say so.
 */
export function describeSettings(policy: ImageAssurancePolicy, id: ControlId): string {
  const info = CONTROLS[id]
  const s = CONTROL_SETTINGS[id]
  const noFix = (field?: string) =>
    field && policy[field] === true ? '; vulnerabilities without a fix are ignored' : ''
  switch (s.kind) {
    case 'severity': {
      const sev = isConsoleSeverity(policy.cvss_severity) ? policy.cvss_severity : DEFAULT_SEVERITY
      return `Fails at ${sev} or above${noFix(s.excludeNoFix)}`
    }
    case 'score': {
      const score = typeof policy.maximum_score === 'number' ? policy.maximum_score : DEFAULT_SCORE
      return `Fails at score ${score.toFixed(1)} or higher${noFix(s.excludeNoFix)}`
    }
    case 'strings':
    case 'packages':
    case 'labels':
    case 'base-images': {
      const verb =
        id === 'cves_blocked' || id === 'packages_blocked' || id === 'licenses_blocked'
          ? 'Blocks'
          : id === 'licenses_allowed'
            ? 'Allows only'
            : id === 'labels_forbidden'
              ? 'Forbids'
              : id === 'trusted_base_images'
                ? 'Approved'
                : 'Requires'
      return listSummary(s.kind, listOf(policy, s.field!), verb)
    }
    default:
      return info.fromScanData ? info.explanation : `Not evaluated offline: needs ${info.needs}`
  }
}
