// Shared by the core-* and cli-* tests: paths to the real reports and small policy builders.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readReport } from '../../core/report.ts'
import type { ImageAssurancePolicy, ScanResult } from '../../core/types.ts'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const REPORTS = join(ROOT, 'data', 'reports')
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'reports')

export const report = (rel: string) => join(REPORTS, rel)
export const fixture = (name: string) => join(FIXTURES, name)

/** A fresh ScanResult per call (tests may mutate it), read from data/reports or the fixtures. */
export function load(path: string): ScanResult {
  return readReport(readFileSync(path, 'utf8'), path)
}

export const POKEMONGO = report('aqua/postee-pokemongo-map-alpine-3.4.0.json')

/**
 * The workshop guide's starter policy: Malware, Sensitive Data, Superuser, Vulnerability Score 7.0
 * and Vulnerability Severity high, failing CI/CD.
 */
export function guidePolicy(overrides: Partial<ImageAssurancePolicy> = {}): ImageAssurancePolicy {
  return {
    name: 'workshop-custom-example',
    assurance_type: 'image',
    enabled: true,
    audit_on_failure: true,
    fail_cicd: true,
    block_failed: false,
    disallow_malware: true,
    scan_sensitive_data: true,
    only_none_root_users: true,
    maximum_score_enabled: true,
    maximum_score: 7.0,
    maximum_score_exclude_no_fix: false,
    cvss_severity_enabled: true,
    cvss_severity: 'high',
    cvss_severity_exclude_no_fix: false,
    ...overrides,
  }
}

/** A policy with only the given fields (no controls switched on unless given). */
export function policy(fields: Partial<ImageAssurancePolicy> = {}): ImageAssurancePolicy {
  return { name: 'test-policy', assurance_type: 'image', ...fields }
}
