// The two types every consumer reads: a ScanResult (what a scanner found) and a Verdict (what the
// Image Assurance policies make of it). Readers produce the first, the policy engine the second;
// slides, labs, the `kit` command and the HTML report read nothing else.
import type { InferOutput } from 'valibot'
import type { ImageAssurancePolicySchema } from './policy/schema.ts'

/** Severity buckets in order of urgency, as the Aqua console shows them. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'negligible' | 'unknown'

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown']

export type ReportFormat = 'trivy' | 'aqua'

/** Which generation of a format a report was written in. */
export type ReportFlavour =
  | 'trivy-v2' // SchemaVersion 2 (Trivy v0.20 and later)
  | 'trivy-legacy' // top-level array (Trivy before v0.20)
  | 'aqua-scannercli' // scannercli --jsonfile output
  | 'aqua-webhook' // Image Scan Results Webhook payload
  | 'aqua-microscanner' // older MicroScanner output (no aqua_severity)
  | 'aqua-image-api' // the image API's answer with its vulnerabilities, as `kit engagement pull` stores it

/** Trivy's fix statuses; Aqua reports map to 'fixed' (fix_version present) or 'affected'. */
export type FixStatus =
  | 'fixed'
  | 'affected'
  | 'will_not_fix'
  | 'fix_deferred'
  | 'end_of_life'
  | 'not_affected'
  | 'under_investigation'
  | 'unknown'

export type ScoreSource = 'aqua' | 'nvd-v3' | 'vendor-v3' | 'nvd-v2' | 'vendor-v2'

export interface PackageRef {
  name: string
  version: string
  /** apk, deb, rpm, npm, pypi, jar… or '' when the report does not say. */
  format: string
  /** File path for language packages and binaries, '' when none. */
  path: string
  licenses: string[]
}

export interface Finding {
  /** CVE, GHSA, RHSA… exactly as the report lists it. */
  id: string
  pkg: PackageRef
  /** '' when no fix is known. A finding is fixable when this is non-empty. */
  fixedVersion: string
  fixStatus: FixStatus
  severity: Severity
  /** Every score the report carries, null when absent. */
  scores: {
    aqua: number | null
    nvdV3: number | null
    nvdV2: number | null
    vendorV3: number | null
    vendorV2: number | null
  }
  /** The score the policy engine uses (Aqua score first, then NVD v3, vendor v3, NVD v2, vendor v2). */
  score: { value: number; source: ScoreSource } | null
  title: string
  description: string
  /** ISO date (YYYY-MM-DD or full timestamp) or '' when unknown. */
  publishedDate: string
  layer: { digest: string; diffId: string } | null
  /** Advisory links, primary first. Always rendered as text. */
  links: string[]
  acknowledged: boolean
}

export interface SecretFinding {
  ruleId: string
  category: string
  severity: Severity
  title: string
  /** File path inside the image or repository. */
  target: string
  line: number | null
}

export interface MalwareFinding {
  name: string
  path: string
}

export interface Misconfiguration {
  id: string
  title: string
  severity: Severity
  status: 'pass' | 'fail' | 'exception'
  target: string
  resolution: string
}

export interface ImageConfig {
  /** The image's USER; null when unset (runs as root). */
  user: string | null
  labels: Record<string, string>
  env: string[]
  /** Digest of the base image where the report knows it, else null. */
  baseImageDigest: string | null
  /** Layer digests, bottom first, where known. */
  layers: string[]
}

/** What the report itself says about assurance (Aqua reports only). */
export interface ReportedAssurance {
  disallowed: boolean | null
  checks: Array<{ policy: string; control: string; failed: boolean }>
}

export interface ScanResult {
  format: ReportFormat
  flavour: ReportFlavour
  /** The file the result was read from, as given to the reader. */
  source: string
  /** Image or target name, e.g. "alpine:3.4". */
  image: string
  registry: string | null
  digest: string | null
  os: { family: string; version: string } | null
  /** ISO timestamp of the scan, null when the report has none. */
  scannedAt: string | null
  findings: Finding[]
  secrets: SecretFinding[]
  /** Sensitive-data count from an Aqua summary when the findings themselves are not listed. */
  sensitiveCount: number
  malware: MalwareFinding[]
  /** Malware count from an Aqua summary when the findings themselves are not listed. */
  malwareCount: number
  misconfigurations: Misconfiguration[]
  /** Every package the report lists, with or without findings. */
  packages: PackageRef[]
  config: ImageConfig | null
  assurance: ReportedAssurance | null
  /** Non-fatal oddities a presenter should know about (e.g. summary disagrees with details). */
  warnings: string[]
  /**
   * The scanner's own summary counts where the report has one (Aqua `vulnerability_summary`), else null.
   * Kept apart from the kit's count, which follows a different rule (see core/summary.ts).
   */
  reportedSummary?: ReportedSummary | null
  /** Which optional scans ran, where the report says so (null: the report does not say). */
  coverage?: ScanCoverage
  /**
   * 'full' when the report lists every package (Aqua resources, Trivy Packages[] from --list-all-pkgs),
   * 'vulnerable-only' when only packages with findings are known. Package controls need 'full' to pass.
   */
  packageInventory?: 'full' | 'vulnerable-only'
}

/** Counts exactly as a scanner's own summary states them; a missing key is null. */
export interface ReportedSummary {
  total: number | null
  critical: number | null
  high: number | null
  medium: number | null
  low: number | null
  negligible: number | null
  sensitive: number | null
  malware: number | null
}

export interface ScanCoverage {
  /** Malware scanning ran (true), did not run (false), or the report does not say (null). */
  malware: boolean | null
  /** Secret / sensitive-data scanning ran, did not run, or the report does not say. */
  sensitiveData: boolean | null
}

/** The counting rule, one shape everywhere a count appears. */
export interface SeverityCounts {
  critical: number
  high: number
  medium: number
  low: number
  negligible: number
  unknown: number
  total: number
}

export interface ScanSummary {
  format: ReportFormat
  image: string
  os: string | null
  vulnerabilities: SeverityCounts
  fixable: number
  secrets: number
  malware: number
}

// ---------------------------------------------------------------------------------------------
// Policies and verdicts

/** Control ids: Aqua's own result ids where they exist, the kit's for the rest. */
export type ControlId =
  | 'max_severity'
  | 'max_score'
  | 'malware'
  | 'sensitive_data'
  | 'root_user'
  | 'trusted_base_images'
  | 'dta'
  | 'cves_blocked'
  | 'packages_blocked'
  | 'packages_required'
  | 'licenses_blocked'
  | 'licenses_allowed'
  | 'labels_required'
  | 'labels_forbidden'
  | 'custom_checks'
  | 'scap'
  | 'microenforcer'

export type ControlStatus = 'passed' | 'failed' | 'not-evaluated'

/**
 * What a failing policy does, one switch per action flag (they are independent; Aqua's Terraform
 * provider defaults all three to on, so an absent flag counts as on).
 */
export interface PolicyActions {
  /** `audit_on_failure`: an audit event is written when the image fails. */
  audit: boolean
  /** `fail_cicd`: "Fail the Aqua step in CI/CD": the scanner's CI/CD step fails (exit code 4). */
  failCicd: boolean
  /** `block_failed`: "Mark failed images as non-compliant": the console marks the image non-compliant. */
  markNonCompliant: boolean
}

/**
 * An Image Assurance policy as the Aqua API returns it (`/api/v2/assurance_policy/image`): the
 * output type of the policy schema (core/policy/schema.ts), which also checks it. Fields the schema
 * does not name are kept as they came.
 */
export type ImageAssurancePolicy = InferOutput<typeof ImageAssurancePolicySchema>

/** One entry of packages_black_list / packages_white_list. */
export type PackageRule = NonNullable<ImageAssurancePolicy['packages_black_list']>[number]

/** One entry of required_labels / forbidden_labels. */
export type LabelRule = NonNullable<ImageAssurancePolicy['required_labels']>[number]

export interface Evidence {
  /** What the evidence is: a finding, a label, a package, a secret… */
  kind: 'finding' | 'label' | 'package' | 'license' | 'secret' | 'malware' | 'user' | 'base-image'
  /** Short text shown to people, e.g. "CVE-2018-1000517 in busybox 1.24.2-r14 (critical)". */
  text: string
  /** The finding's vulnerability id, when kind is 'finding'. */
  findingId?: string
}

export interface ControlResult {
  control: ControlId
  /** The control's name as the console shows it, e.g. "Vulnerability Severity". */
  name: string
  status: ControlStatus
  /** One line: the setting and what was found, e.g. "Maximum allowed: high; found: critical". */
  summary: string
  evidence: Evidence[]
  /** One "action needed" sentence when failed, else null. */
  action: string | null
  /** How many items the evidence list stands for; the list itself is capped. */
  evidenceCount?: number
}

export interface PolicyVerdict {
  policy: string
  /** What a failure of this policy does. */
  actions: PolicyActions
  /** False when any enabled control failed. */
  passed: boolean
  controls: ControlResult[]
}

export interface Verdict {
  image: string
  /** False when a failed policy marks failed images non-compliant (`block_failed`), as the console shows it. */
  compliant: boolean
  /** True when a failed policy fails the Aqua CI/CD step (`fail_cicd`): the scanner exits 4. */
  failsCicd: boolean
  policies: PolicyVerdict[]
  /** One sentence per failed control of every policy, policies that act first, without duplicates. */
  actionsNeeded: string[]
  /** Controls that could not be decided from scan data (DTA, custom checks, SCAP, MicroEnforcer). */
  notEvaluated: ControlId[]
  /** ISO timestamp the verdict was computed for (the `now` used for recently published findings). */
  evaluatedAt?: string
}
