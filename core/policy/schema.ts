// The image assurance policy, once: one valibot schema gives the TypeScript type
// (ImageAssurancePolicy), the checks `kit policy lint` and every reader run, and the JSON path of
// each problem. Field names and types as the Aqua API and the Terraform provider
// (aquasecurity/terraform-provider-aquasec, resource aquasec_image_assurance_policy) spell them.
// Fields not listed are kept but not checked, except for likely typos (lint.ts).
//
// valibot rather than zod (measured on this repository, 2026-12-01): the kit's schema bundles to
// 9.1 KB minified (3.0 KB gzip) against 23.5 KB (7.8 KB) with zod/mini, installs in 1.8 MB against
// 8.4 MB, and checks a policy in 10.9 µs against 13.6 µs.
import * as v from 'valibot'
import type { Severity } from '../types.ts'
import { parseRange } from './versions.ts'

/** The severities a policy's cvss_severity may name, most urgent first (the core's SEVERITIES without "unknown"). */
export const POLICY_SEVERITIES = ['critical', 'high', 'medium', 'low', 'negligible'] as const satisfies readonly Severity[]
export type PolicySeverity = (typeof POLICY_SEVERITIES)[number]

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A value from the policy file in words, clipped, for messages. */
export function found(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`
  return `${typeof value} ${String(value)}`
}

/** Quotes text from the policy file safely (escaped, clipped) for messages. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

/**
 * A valibot message that also records, on the issue valibot is building, what a valid value looks
 * like in words (valibot's own `expected` says "boolean"); lint reports it as LintProblem.expected.
 */
function say(expected: string, text: (input: unknown) => string) {
  return (issue: v.BaseIssue<unknown>) => {
    return text(Object.assign(issue, { expected }).input)
  }
}

const optional = <S extends v.GenericSchema>(schema: S) => v.nullish(schema)

/** One entry per key, made by `make`: for the many fields that differ only in their name. */
function each<K extends string, S>(keys: readonly K[], make: (key: K) => S): Record<K, S> {
  return Object.fromEntries(keys.map((key) => [key, make(key)])) as Record<K, S>
}

const flag = (key: string) => optional(v.boolean(say('true or false', (x) => `${key} must be true or false, found ${found(x)}`)))
const text = (key: string) => v.string(say('a string', (x) => `${key} must be a string, found ${found(x)}`))
const number = (key: string) => {
  const message = say('a number', (x) => `${key} must be a number, found ${found(x)}`)
  return v.pipe(v.number(message), v.finite(message))
}
const strings = (key: string) =>
  optional(v.array(v.string(say('a string', (x) => `entries of ${key} must be strings, found ${found(x)}`)), say('an array of strings', (x) => `${key} must be a list of strings, found ${found(x)}`)))

/**
 * An object with the given entries, not an array (valibot's object schemas accept arrays).
 * `missing` is the message for a required entry that is absent.
 */
function record<E extends v.ObjectEntries>(entries: E, message: (input: unknown) => string, missing = '', expected = 'an object') {
  return v.pipe(v.custom<Record<string, unknown>>(isObject, say(expected, message)), v.looseObject(entries, say('a non-empty string', () => missing)))
}
const objects = <S extends v.GenericSchema>(key: string, item: S) => optional(v.array(item, say('an array of objects', (x) => `${key} must be a list, found ${found(x)}`)))
const anyObjects = (key: string) => objects(key, record({}, (x) => `entries of ${key} must be objects, found ${found(x)}`))
const entryOf = (key: string) => (x: unknown) => `entries of ${key} must be objects, found ${found(x)}`

const packageRule = (list: string) =>
  record(
    {
      name: v.pipe(
        v.string(say('a non-empty string', (x) => (x === undefined || x === null ? 'a package rule needs a package name' : `name must be a string, found ${found(x)}`))),
        v.check((name) => name.trim() !== '', say('a non-empty string', () => 'a package rule needs a package name')),
      ),
      format: optional(text('format')),
      version: optional(text('version')),
      version_range: optional(
        v.pipe(
          text('version_range'),
          v.check((range) => range.trim() === '' || parseRange(range) !== null, say('comparators such as ">=1.2.0, <1.3"', (x) => `version_range ${quote(String(x))} is not understood`)),
        ),
      ),
      epoch: optional(text('epoch')),
      release: optional(text('release')),
      arch: optional(text('arch')),
      license: optional(text('license')),
      display: optional(text('display')),
    },
    entryOf(list),
    'a package rule needs a package name',
  )

const labelRule = (list: string) =>
  record(
    {
      key: v.pipe(
        v.string(say('a non-empty string', () => 'a label rule needs a key')),
        v.nonEmpty(say('a non-empty string', () => 'a label rule needs a key')),
      ),
      value: optional(v.string(say('a string ("" or "*" for any value)', (x) => `value must be a string, found ${found(x)}`))),
    },
    entryOf(list),
    'a label rule needs a key',
  )

const baseImage = record(
  { registry: optional(text('registry')), imagename: optional(text('imagename')), imagedigest: optional(text('imagedigest')) },
  entryOf('trusted_base_images'),
)

/** Known fields of other types (scope objects, newer or host-only settings): accepted as they are. */
const OTHER_KNOWN_FIELDS = [
  'id', 'scope', 'lastupdate', 'registry', 'registries', 'labels', 'images', 'domain', 'domain_name', 'permission', 'category',
  'policy_settings', 'aggregated_vulnerability', 'vulnerability_score_range', 'vulnerability_exploitability', 'disallow_exploit_types',
  'auto_scan_time', 'kubernetes_controls', 'kubernetes_controls_names', 'kubernetes_controls_avd_ids', 'blacklist_permissions_enabled',
  'blacklist_permissions', 'enforce_excessive_permissions', 'function_integrity_enabled', 'docker_cis_enabled', 'kube_cis_enabled',
  'linux_cis_enabled', 'windows_cis_enabled', 'openshift_hardening_enabled', 'scan_nfs_mounts', 'scan_windows_registry', 'scan_process_memory',
] as const

const policyEntries = {
  name: v.pipe(
    v.string(say('a non-empty string', (x) => (x === undefined || x === null ? 'the policy has no name' : `name must be a string, found ${found(x)}`))),
    v.check((name) => name.trim() !== '', say('a non-empty string', () => 'the policy name is empty')),
  ),
  assurance_type: optional(
    v.pipe(text('assurance_type'), v.check((type) => type === 'image', say('"image"', (x) => `assurance_type is ${quote(String(x))}, but the kit only evaluates image assurance policies`))),
  ),
  cvss_severity: optional(
    v.pipe(
      text('cvss_severity'),
      v.check(
        (severity) => (POLICY_SEVERITIES as readonly string[]).includes(severity.toLowerCase()),
        say(POLICY_SEVERITIES.join(' | '), (x) => `unknown cvss_severity ${quote(String(x))}: use one of ${POLICY_SEVERITIES.join(', ')}`),
      ),
    ),
  ),
  maximum_score: optional(
    v.pipe(number('maximum_score'), v.check((score) => score >= 0 && score <= 10, say('a number from 0 to 10', (x) => `maximum_score ${String(x)} is outside the CVSS range 0–10`))),
  ),
  trusted_base_images: objects('trusted_base_images', baseImage),
  packages_black_list: objects('packages_black_list', packageRule('packages_black_list')),
  packages_white_list: objects('packages_white_list', packageRule('packages_white_list')),
  required_labels: objects('required_labels', labelRule('required_labels')),
  forbidden_labels: objects('forbidden_labels', labelRule('forbidden_labels')),
  ignore_recently_published_vln_period: optional(
    v.pipe(
      number('ignore_recently_published_vln_period'),
      v.check((days) => days >= 0 && Number.isInteger(days), say('a whole number of days ≥ 0', (x) => `the period must be a whole number of days, found ${String(x)}`)),
    ),
  ),
  custom_checks: anyObjects('custom_checks'),
  scap_files: anyObjects('scap_files'),
  allowed_images: anyObjects('allowed_images'),
  // The fields that need nothing but their JSON type.
  ...each(['description', 'author', 'malware_action', 'dta_severity'] as const, (key) => optional(text(key))),
  ...each(['enforce_after_days', 'ignore_recently_published_fix_vln_period'] as const, (key) => optional(number(key))),
  ...each(
    [
      'application_scopes', 'exclude_application_scopes', 'cves_black_list', 'cves_white_list', 'monitored_malware_paths',
      'exceptional_monitored_malware_paths', 'ignored_sensitive_resources', 'blacklisted_licenses',
      'whitelisted_licenses', 'ignored_risk_resources'
    ] as const,
    strings,
  ),
  ...each(OTHER_KNOWN_FIELDS, () => v.optional(v.unknown())),
  ...each(
    [
      'enabled', 'enforce', 'read_only', 'audit_on_failure', 'fail_cicd', 'block_failed', 'cvss_severity_enabled',
      'cvss_severity_exclude_no_fix', 'custom_severity_enabled', 'maximum_score_enabled', 'maximum_score_exclude_no_fix',
      'control_exclude_no_fix', 'cves_black_list_enabled', 'cves_white_list_enabled', 'disallow_malware',
      'scan_malware_in_archives', 'scan_sensitive_data', 'only_none_root_users', 'trusted_base_images_enabled',
      'packages_black_list_enabled', 'packages_white_list_enabled', 'blacklisted_licenses_enabled',
      'whitelisted_licenses_enabled', 'required_labels_enabled', 'forbidden_labels_enabled',
      'ignore_recently_published_vln', 'ignore_recently_published_fix_vln', 'ignore_base_image_vln',
      'ignore_risk_resources_enabled', 'dta_enabled', 'custom_checks_enabled', 'scap_enabled', 'force_microenforcer',
      'partial_results_image_fail', 'auto_scan_enabled', 'auto_scan_configured'
    ] as const,
    flag,
  ),
}

/** Controls that need a non-empty list when switched on: [enable flag, list field]. */
export const LIST_CONTROLS = [
  ['cves_black_list_enabled', 'cves_black_list'],
  ['packages_black_list_enabled', 'packages_black_list'],
  ['packages_white_list_enabled', 'packages_white_list'],
  ['blacklisted_licenses_enabled', 'blacklisted_licenses'],
  ['whitelisted_licenses_enabled', 'whitelisted_licenses'],
  ['required_labels_enabled', 'required_labels'],
  ['forbidden_labels_enabled', 'forbidden_labels'],
  ['trusted_base_images_enabled', 'trusted_base_images'],
  ['custom_checks_enabled', 'custom_checks'],
  ['scap_enabled', 'scap_files'],
] as const satisfies ReadonlyArray<readonly [keyof typeof policyEntries, keyof typeof policyEntries]>

const unset = (value: unknown) => value === undefined || value === null || value === ''

const PolicyObject = v.looseObject(policyEntries, say('a non-empty string', () => 'the policy has no name'))

/** What a switched-on control needs besides its own field's type: checked on the whole policy. */
const controlSettings = v.rawCheck<v.InferOutput<typeof PolicyObject>>(({ dataset, addIssue }) => {
  // Runs even when some fields failed their own checks, so it reads the raw values.
  const p = dataset.value
  if (!isObject(p)) return
  const at = (key: string): [v.ObjectPathItem] => [{ type: 'object', origin: 'value', input: p, key, value: p[key] }]
  if (p.cvss_severity_enabled === true && unset(p.cvss_severity)) {
    addIssue({ message: 'Vulnerability Severity is enabled but cvss_severity is not set', expected: POLICY_SEVERITIES.join(' | '), path: at('cvss_severity') })
  }
  if (p.maximum_score_enabled === true && unset(p.maximum_score)) {
    addIssue({ message: 'Vulnerability Score is enabled but maximum_score is not set', expected: 'a number from 0 to 10', path: at('maximum_score') })
  }
  for (const [flagKey, list] of LIST_CONTROLS) {
    const items = p[list]
    if (p[flagKey] === true && (unset(items) || (Array.isArray(items) && items.length === 0))) {
      addIssue({ message: `${flagKey} is true but ${list} is empty, so the control cannot check anything`, expected: `a non-empty ${list}`, path: at(list) })
    }
  }
})

/** One image assurance policy object as the Aqua API returns it (`/api/v2/assurance_policy/image`). */
export const ImageAssurancePolicySchema = v.pipe(
  v.custom<Record<string, unknown>>(isObject, say('a JSON object', (x) => `a policy must be a JSON object, found ${found(x)}`)),
  PolicyObject,
  controlSettings,
)

/** Every field the schema names, typed or not: what the typo hints compare unknown fields with. */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set(Object.keys(policyEntries))
