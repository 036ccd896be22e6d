// The image assurance policy fields the kit checks, by JSON type, as the Aqua API and Terraform
// provider spell them. Fields not listed are kept but not checked, except for likely typos.

export const BOOLEAN_FIELDS = [
  'enabled',
  'audit_on_failure',
  'fail_cicd',
  'block_failed',
  'cvss_severity_enabled',
  'cvss_severity_exclude_no_fix',
  'custom_severity_enabled',
  'maximum_score_enabled',
  'maximum_score_exclude_no_fix',
  'control_exclude_no_fix',
  'cves_black_list_enabled',
  'cves_white_list_enabled',
  'disallow_malware',
  'scan_sensitive_data',
  'only_none_root_users',
  'trusted_base_images_enabled',
  'packages_black_list_enabled',
  'packages_white_list_enabled',
  'blacklisted_licenses_enabled',
  'whitelisted_licenses_enabled',
  'required_labels_enabled',
  'forbidden_labels_enabled',
  'ignore_recently_published_vln',
  'ignore_recently_published_fix_vln',
  'dta_enabled',
  'custom_checks_enabled',
  'scap_enabled',
  'force_microenforcer',
  'partial_results_image_fail',
  'ignore_base_image_vln',
  'scan_malware_in_archives',
  'enforce',
  'read_only',
  'auto_scan_enabled',
  'auto_scan_configured',
  'ignore_risk_resources_enabled',
] as const

export const STRING_FIELDS = ['name', 'assurance_type', 'description', 'cvss_severity', 'dta_severity', 'author', 'malware_action'] as const

export const NUMBER_FIELDS = ['maximum_score', 'ignore_recently_published_vln_period', 'ignore_recently_published_fix_vln_period', 'enforce_after_days'] as const

export const STRING_LIST_FIELDS = [
  'application_scopes',
  'exclude_application_scopes',
  'cves_black_list',
  'cves_white_list',
  'blacklisted_licenses',
  'whitelisted_licenses',
  'monitored_malware_paths',
  'exceptional_monitored_malware_paths',
  'ignored_sensitive_resources',
  'ignored_risk_resources',
] as const

export const OBJECT_LIST_FIELDS = [
  'packages_black_list',
  'packages_white_list',
  'required_labels',
  'forbidden_labels',
  'trusted_base_images',
  'custom_checks',
  'scap_files',
  'allowed_images',
] as const

/** Known fields of other types (scope objects, newer or host-only settings): accepted as they are. */
export const OTHER_KNOWN_FIELDS = [
  'id',
  'scope',
  'lastupdate',
  'registry',
  'registries',
  'labels',
  'images',
  'domain',
  'domain_name',
  'permission',
  'category',
  'policy_settings',
  'aggregated_vulnerability',
  'vulnerability_score_range',
  'vulnerability_exploitability',
  'disallow_exploit_types',
  'auto_scan_time',
  'kubernetes_controls',
  'kubernetes_controls_names',
  'kubernetes_controls_avd_ids',
  'blacklist_permissions_enabled',
  'blacklist_permissions',
  'enforce_excessive_permissions',
  'function_integrity_enabled',
  'docker_cis_enabled',
  'kube_cis_enabled',
  'linux_cis_enabled',
  'windows_cis_enabled',
  'openshift_hardening_enabled',
  'scan_nfs_mounts',
  'scan_windows_registry',
  'scan_process_memory',
] as const

export const KNOWN_FIELDS: ReadonlySet<string> = new Set<string>([
  ...BOOLEAN_FIELDS,
  ...STRING_FIELDS,
  ...NUMBER_FIELDS,
  ...STRING_LIST_FIELDS,
  ...OBJECT_LIST_FIELDS,
  ...OTHER_KNOWN_FIELDS,
])

/** Controls that need a non-empty list when switched on: [enable flag, list field]. */
export const LIST_CONTROLS: ReadonlyArray<[string, string]> = [
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
]

export const POLICY_SEVERITIES = ['critical', 'high', 'medium', 'low', 'negligible'] as const
