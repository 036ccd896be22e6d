// Every Image Assurance control the kit knows, in the order the console lists them in a policy.
// The decks read `name` and `explanation`; the engine reads `enableField`.
import type { ControlId, ControlStatus, ImageAssurancePolicy } from '../types.ts'

/** A control's result as the console words it. */
export const CONTROL_STATUS_TEXT: Readonly<Record<ControlStatus, string>> = { passed: 'Passed', failed: 'Failed', 'not-evaluated': 'Not evaluated' }

export interface ControlInfo {
  id: ControlId
  /** Name as the Aqua console shows it. */
  name: string
  /** The policy field that switches the control on. */
  enableField: keyof ImageAssurancePolicy & string
  /** True when a scan report can decide the control; false when it needs the live platform. */
  fromScanData: boolean
  /** What the report must contain for the kit to decide it ('' when any report will do). */
  needs: string
  /** One plain sentence: what the control does to compliance. */
  explanation: string
  /**
   * True when no public source states what the control checks (the explanation is then the kit's
   * reading of the field name and the image API, and every surface marks it unverified).
   */
  unverified?: boolean
}

/** The mark shown beside an unverified control's explanation. */
export const UNVERIFIED_MARK = 'unverified'

export const CONTROLS: Readonly<Record<ControlId, ControlInfo>> = {
  max_severity: {
    id: 'max_severity',
    name: 'Vulnerability Severity',
    enableField: 'cvss_severity_enabled',
    fromScanData: true,
    needs: '',
    explanation: 'The image fails when any vulnerability is rated at or above the chosen severity.',
  },
  max_score: {
    id: 'max_score',
    name: 'Vulnerability Score',
    enableField: 'maximum_score_enabled',
    fromScanData: true,
    needs: 'CVSS or Aqua scores on the findings',
    explanation: 'The image fails when any vulnerability has a score equal to or higher than the limit.',
  },
  cves_blocked: {
    id: 'cves_blocked',
    name: 'CVEs Blocked',
    enableField: 'cves_black_list_enabled',
    fromScanData: true,
    needs: '',
    explanation: 'The image fails when it has any vulnerability whose id is on the policy’s block list.',
  },
  malware: {
    id: 'malware',
    name: 'Malware',
    enableField: 'disallow_malware',
    fromScanData: true,
    needs: 'an Aqua scan with malware scanning on (Trivy has no malware scanner)',
    explanation: 'The image fails when the scanner found malware in any of its files.',
  },
  sensitive_data: {
    id: 'sensitive_data',
    name: 'Sensitive Data',
    enableField: 'scan_sensitive_data',
    fromScanData: true,
    needs: 'secret or sensitive-data scanning',
    explanation: 'The image fails when secrets such as keys, tokens or passwords are found inside it.',
  },
  root_user: {
    id: 'root_user',
    name: 'Superuser',
    enableField: 'only_none_root_users',
    fromScanData: true,
    needs: 'the image configuration (Trivy image scans carry it; Aqua scan payloads do not)',
    explanation: 'The image fails when it would run as root because no non-root USER is set.',
  },
  trusted_base_images: {
    id: 'trusted_base_images',
    name: 'Approved Base Image',
    enableField: 'trusted_base_images_enabled',
    fromScanData: true,
    needs: 'the base image digest, which Aqua works out on the platform',
    explanation: 'The image fails unless it was built on one of the approved base images, matched by digest.',
  },
  packages_blocked: {
    id: 'packages_blocked',
    name: 'Packages Blocked',
    enableField: 'packages_black_list_enabled',
    fromScanData: true,
    needs: 'a full package list (Aqua resources, or trivy --list-all-pkgs) to pass',
    explanation: 'The image fails when it contains any package on the block list.',
  },
  packages_required: {
    id: 'packages_required',
    name: 'Packages Required',
    enableField: 'packages_white_list_enabled',
    fromScanData: true,
    needs: 'a full package list to fail',
    explanation: 'The image fails when any package on the required list is missing from it.',
  },
  licenses_blocked: {
    id: 'licenses_blocked',
    name: 'OSS Licenses Blocked',
    enableField: 'blacklisted_licenses_enabled',
    fromScanData: true,
    needs: 'license data on packages',
    explanation: 'The image fails when any package is distributed under a blocked open-source license.',
  },
  licenses_allowed: {
    id: 'licenses_allowed',
    name: 'OSS Licenses Allowed',
    enableField: 'whitelisted_licenses_enabled',
    fromScanData: true,
    needs: 'license data on packages',
    explanation: 'The image fails when any package uses a license that is not on the allowed list.',
  },
  labels_required: {
    id: 'labels_required',
    name: 'Labels Required',
    enableField: 'required_labels_enabled',
    fromScanData: true,
    needs: 'the image configuration',
    explanation: 'The image fails when a required Docker label is missing or has the wrong value.',
  },
  labels_forbidden: {
    id: 'labels_forbidden',
    name: 'Labels Forbidden',
    enableField: 'forbidden_labels_enabled',
    fromScanData: true,
    needs: 'the image configuration',
    explanation: 'The image fails when it carries a Docker label the policy forbids.',
  },
  dta: {
    id: 'dta',
    name: 'Dynamic Threat Analysis',
    enableField: 'dta_enabled',
    fromScanData: false,
    needs: 'the live platform (DTA runs the image in a sandbox)',
    // Public: DTA runs the image in an isolated sandbox and watches its behaviour. Not public: how the
    // result and dta_severity (allowed values unknown) decide a failure.
    explanation: 'Runs the image in Aqua’s sandbox and watches its behaviour; the fail rule is not documented.',
    unverified: true,
  },
  custom_checks: {
    id: 'custom_checks',
    name: 'Custom Compliance Checks',
    enableField: 'custom_checks_enabled',
    fromScanData: false,
    needs: 'the live platform (the scripts run during the Aqua scan)',
    explanation: 'The image fails when one of the policy’s own check scripts fails against it.',
  },
  scap: {
    id: 'scap',
    name: 'SCAP',
    enableField: 'scap_enabled',
    fromScanData: false,
    needs: 'the live platform (OpenSCAP runs during the Aqua scan)',
    explanation: 'The image fails when it does not pass the SCAP/XCCDF benchmark files attached to the policy.',
  },
  microenforcer: {
    id: 'microenforcer',
    name: 'MicroEnforcer',
    enableField: 'force_microenforcer',
    fromScanData: false,
    needs: 'the live platform (it knows whether a MicroEnforcer is embedded)',
    // Public: the policy field force_microenforcer and the image API's microenforcer_detected. Not
    // public: the console's rule.
    explanation: 'Likely fails an image without an embedded Aqua MicroEnforcer; the exact rule is not documented.',
    unverified: true,
  },
}

/** Catalogue order, used for listing controls in verdicts and reports. */
export const CONTROL_ORDER: readonly ControlId[] = Object.keys(CONTROLS) as ControlId[]
