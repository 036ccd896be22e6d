// The Aqua image API's answer, as `kit engagement pull` stores it: the object of
// GET /api/v2/images/{registry}/{repository}/{tag} with one field added, `vulnerabilities`, holding
// every `result` entry of the paged GET /api/v2/risks/vulnerabilities for that image.
// Field names from the public clients: aquasecurity/terraform-provider-aquasec client/image.go (the
// image object) and client/vulnerabilities.go (each vulnerability and its `resource`);
// BryanKMorrow/aqua-sdk-go types/images/image.go and types/images/vulnerability.go agree.
import type { Finding, ScanResult } from '../types.ts'
import { aquaFinding } from './aqua.ts'
import { type Json, asObject, optArray, optBoolean, optNumber, optObject, optString, optStrings, str, wrongType } from './fields.ts'
import { PackageSet } from './packages.ts'

/** An image object of the API: `repository`, `tag` and the console's per-severity counts. */
export function looksLikeAquaImageApi(doc: Json): boolean {
  return typeof doc.repository === 'string' && typeof doc.tag === 'string' && ('vulns_found' in doc || 'crit_vulns' in doc)
}

export function readAquaImageApi(doc: Json, file: string): ScanResult {
  if (!Array.isArray(doc.vulnerabilities)) {
    wrongType(
      file,
      '$.vulnerabilities',
      'the image\'s vulnerability list (kit engagement pull adds it from /api/v2/risks/vulnerabilities)',
      doc.vulnerabilities,
      'an Aqua image API answer without its vulnerabilities',
    )
  }
  const packages = new PackageSet()
  const findings: Finding[] = []
  const vulns = optArray(doc, 'vulnerabilities', file, '$')
  for (let i = 0; i < vulns.length; i++) findings.push(readVulnerability(vulns[i], `$.vulnerabilities[${i}]`, file, packages))

  const repository = str(doc, 'repository', file, '$')
  const tag = str(doc, 'tag', file, '$')
  const os = str(doc, 'os', file, '$')
  const metadata = optObject(doc, 'metadata', file, '$')
  const labels: Record<string, string> = {}
  // docker_labels are "key=value" strings in the API's metadata.
  for (const label of metadata ? optStrings(metadata, 'docker_labels', file, '$.metadata') : []) {
    const eq = label.indexOf('=')
    labels[eq === -1 ? label : label.slice(0, eq)] = eq === -1 ? '' : label.slice(eq + 1)
  }
  const user = metadata ? optString(metadata, 'default_user', file, '$.metadata') : undefined
  const assurance = optObject(doc, 'assurance_results', file, '$')
  const warnings: string[] = []
  if (optBoolean(doc, 'partial_results', file, '$') === true) {
    warnings.push('Aqua marked this scan as partial (partial_results: true): some resources were not scanned.')
  }
  const scanError = str(doc, 'scan_error', file, '$')
  if (scanError) warnings.push(`Aqua reports a scan error for this image: ${scanError}`)
  const sensitive = optNumber(doc, 'sensitive_data', file, '$') ?? 0
  const malware = optNumber(doc, 'malware', file, '$') ?? 0
  return {
    format: 'aqua',
    flavour: 'aqua-image-api',
    source: file,
    // The same "repository:tag" an Aqua scanner report of the image carries in `image`.
    image: tag ? `${repository}:${tag}` : repository,
    registry: str(doc, 'registry', file, '$') || null,
    digest: str(doc, 'digest', file, '$') || null,
    os: os ? { family: os, version: str(doc, 'os_version', file, '$') } : null,
    scannedAt: str(doc, 'scan_date', file, '$') || null,
    findings,
    secrets: [],
    sensitiveCount: sensitive,
    malware: [],
    malwareCount: malware,
    misconfigurations: [],
    packages: packages.list(),
    config: metadata ? { user: user || null, labels, env: optStrings(metadata, 'env', file, '$.metadata'), baseImageDigest: null, layers: [] } : null,
    assurance: assurance
      ? {
          disallowed: optBoolean(assurance, 'disallowed', file, '$.assurance_results'),
          checks: optArray(assurance, 'checks_performed', file, '$.assurance_results').map((c, i) => {
            const cp = `$.assurance_results.checks_performed[${i}]`
            const check = asObject(c, file, cp)
            return { policy: str(check, 'policy_name', file, cp), control: str(check, 'control', file, cp), failed: optBoolean(check, 'failed', file, cp) === true }
          }),
        }
      : null,
    warnings,
    reportedSummary: {
      total: optNumber(doc, 'vulns_found', file, '$'),
      critical: optNumber(doc, 'crit_vulns', file, '$'),
      high: optNumber(doc, 'high_vulns', file, '$'),
      medium: optNumber(doc, 'med_vulns', file, '$'),
      low: optNumber(doc, 'low_vulns', file, '$'),
      negligible: optNumber(doc, 'neg_vulns', file, '$'),
      sensitive,
      malware,
    },
    coverage: { malware: null, sensitiveData: null },
    // The vulnerability list names only packages with findings.
    packageInventory: 'vulnerable-only',
  }
}

/** Go writes 0 for a score it does not have (no omitempty), so 0 means "no score" here. */
function score(v: Json, key: string, file: string, vp: string): number | null {
  const n = optNumber(v, key, file, vp)
  return n === 0 ? null : n
}

function readVulnerability(value: unknown, vp: string, file: string, packages: PackageSet): Finding {
  const v = asObject(value, file, vp, 'a vulnerability object')
  const rp = `${vp}.resource`
  const res = optObject(v, 'resource', file, vp) ?? {}
  const path = str(res, 'path', file, rp)
  const pkg = packages.add({
    name: str(res, 'name', file, rp) || path,
    version: str(res, 'version', file, rp),
    format: str(res, 'format', file, rp),
    path,
    licenses: optStrings(res, 'licenses', file, rp),
  })
  const scores: Finding['scores'] = {
    aqua: score(v, 'aqua_score', file, vp),
    nvdV3: score(v, 'nvd_cvss3_score', file, vp),
    nvdV2: score(v, 'nvd_cvss2_score', file, vp),
    vendorV3: null,
    vendorV2: score(v, 'vendor_cvss2_score', file, vp),
  }
  // An acknowledgement has a date; Go writes its zero time ("0001-01-01…") when there is none.
  const acked = str(v, 'acknowledged_date', file, vp)
  return aquaFinding(v, vp, file, pkg, scores, { layer: null, acknowledged: acked !== '' && !acked.startsWith('0001-') })
}
