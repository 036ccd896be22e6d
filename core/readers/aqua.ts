// Aqua scanner JSON in its three shapes: scannercli --jsonfile, the Image Scan Results webhook payload
// (same layout plus server-side fields) and the older MicroScanner output (no `image`, no aqua_* fields).
import type { Finding, MalwareFinding, ReportFlavour, ReportedAssurance, ReportedSummary, ScanResult } from '../types.ts'
import { childPath } from './errors.ts'
import {
  type Json,
  asObject,
  isObject,
  optArray,
  optBoolean,
  optNumber,
  optObject,
  optString,
  str,
  wrongType,
} from './fields.ts'
import { PackageSet } from './packages.ts'
import { pickScore } from './score.ts'
import { toSeverity } from './severity.ts'

/** Keys only the Aqua server adds when it posts a scan to the webhook. */
const SERVER_KEYS = ['scan_id', 'image_id', 'internal_digest_id', 'function_metadata', 'application_scope', 'application_scope_owners', 'dtaSkipped']

export function aquaFlavour(doc: Json): ReportFlavour {
  if (!('image' in doc)) return 'aqua-microscanner'
  return SERVER_KEYS.some((k) => k in doc) ? 'aqua-webhook' : 'aqua-scannercli'
}

export function readAqua(doc: Json, file: string): ScanResult {
  const packages = new PackageSet()
  const findings: Finding[] = []
  const resources = optArray(doc, 'resources', file, '$')
  let cleanResources = 0
  for (let i = 0; i < resources.length; i++) {
    const rp = `$.resources[${i}]`
    const entry = asObject(resources[i], file, rp, 'a resource entry ({resource, vulnerabilities})')
    const res = optObject(entry, 'resource', file, rp) ?? {}
    const resPath = `${rp}.resource`
    const path = str(res, 'path', file, resPath)
    const license = str(res, 'license', file, resPath)
    optNumber(res, 'type', file, resPath)
    const pkg = packages.add({
      // File-type resources (type 1) have only a path; use it so the package stays identifiable.
      name: str(res, 'name', file, resPath) || path,
      version: str(res, 'version', file, resPath),
      format: str(res, 'format', file, resPath),
      path,
      licenses: license ? [license] : [],
    })
    const layerDigest = str(res, 'layer_digest', file, resPath)
    const vulns = optArray(entry, 'vulnerabilities', file, rp)
    if (vulns.length === 0) cleanResources++
    for (let j = 0; j < vulns.length; j++) {
      findings.push(readVulnerability(vulns[j], `${rp}.vulnerabilities[${j}]`, file, pkg, layerDigest))
    }
  }

  const summary = readSummary(doc, file)
  const malware = readMalware(doc, file)
  const sensitiveListed = optArray(doc, 'sensitive_data', file, '$').length
  const options = optObject(doc, 'scan_options', file, '$')
  const os = str(doc, 'os', file, '$')
  const warnings: string[] = []
  if (optBoolean(doc, 'partial_results', file, '$') === true) {
    warnings.push('The scanner marked this scan as partial (partial_results: true): some resources were not scanned.')
  }

  return {
    format: 'aqua',
    flavour: aquaFlavour(doc),
    source: file,
    image: str(doc, 'image', file, '$'),
    registry: optString(doc, 'registry', file, '$') || null,
    digest: optString(doc, 'digest', file, '$') || null,
    os: os ? { family: os, version: str(doc, 'version', file, '$') } : null,
    scannedAt: readScanStarted(doc, file),
    findings,
    secrets: [],
    sensitiveCount: Math.max(summary?.sensitive ?? 0, sensitiveListed),
    malware,
    malwareCount: Math.max(summary?.malware ?? 0, malware.length),
    misconfigurations: [],
    packages: packages.list(),
    // Scan payloads do not carry the image's USER, labels or base-image digest.
    config: null,
    assurance: readAssurance(doc, file),
    warnings,
    reportedSummary: summary,
    // Go omits false booleans, so a scan_options block without scan_malware means it was off.
    coverage: options
      ? { malware: options.scan_malware === true, sensitiveData: options.scan_sensitive_data === true }
      : { malware: null, sensitiveData: null },
    packageInventory: cleanResources > 0 ? 'full' : 'vulnerable-only',
  }
}

function readVulnerability(value: unknown, vp: string, file: string, pkg: Finding['pkg'], layerDigest: string): Finding {
  const v = asObject(value, file, vp, 'a vulnerability object')
  const scores: Finding['scores'] = {
    aqua: optNumber(v, 'aqua_score', file, vp),
    nvdV3: optNumber(v, 'nvd_score_v3', file, vp),
    nvdV2: optNumber(v, 'nvd_score', file, vp),
    vendorV3: optNumber(v, 'vendor_score_v3', file, vp),
    vendorV2: optNumber(v, 'vendor_score', file, vp),
  }
  return aquaFinding(v, vp, file, pkg, scores, {
    layer: layerDigest ? { digest: layerDigest, diffId: '' } : null,
    acknowledged: optBoolean(v, 'already_acknowledged', file, vp) === true,
  })
}

/**
 * The fields Aqua's scanner JSON and its image API name alike (name, severities, fix_version,
 * description, publish_date, URLs) into a Finding; the scores and the rest differ and are passed in.
 */
export function aquaFinding(v: Json, vp: string, file: string, pkg: Finding['pkg'], scores: Finding['scores'], rest: Pick<Finding, 'layer' | 'acknowledged'>): Finding {
  const id = str(v, 'name', file, vp)
  if (!id) wrongType(file, childPath(vp, 'name'), 'a vulnerability id such as "CVE-2019-14697"', v.name, 'a vulnerability has no name')
  // Aqua's own severity when present; MicroScanner output only has the vendor's and NVD's.
  const severityWord =
    optString(v, 'aqua_severity', file, vp) || optString(v, 'vendor_severity', file, vp) || optString(v, 'nvd_severity', file, vp)
  const fixedVersion = str(v, 'fix_version', file, vp)
  return {
    id,
    pkg,
    fixedVersion,
    fixStatus: fixedVersion ? 'fixed' : 'affected',
    severity: toSeverity(severityWord),
    scores,
    score: pickScore(scores),
    title: '',
    description: str(v, 'description', file, vp),
    publishedDate: str(v, 'publish_date', file, vp),
    layer: rest.layer,
    links: [str(v, 'nvd_url', file, vp), str(v, 'vendor_url', file, vp)].filter((l) => l !== ''),
    acknowledged: rest.acknowledged,
  }
}

function readSummary(doc: Json, file: string): ReportedSummary | null {
  const s = optObject(doc, 'vulnerability_summary', file, '$')
  if (!s) return null
  const p = '$.vulnerability_summary'
  return {
    total: optNumber(s, 'total', file, p),
    critical: optNumber(s, 'critical', file, p),
    high: optNumber(s, 'high', file, p),
    medium: optNumber(s, 'medium', file, p),
    low: optNumber(s, 'low', file, p),
    negligible: optNumber(s, 'negligible', file, p),
    sensitive: optNumber(s, 'sensitive', file, p),
    malware: optNumber(s, 'malware', file, p),
  }
}

/** Webhook payloads may list malware; the field layout is not documented, so read it leniently. */
function readMalware(doc: Json, file: string): MalwareFinding[] {
  return optArray(doc, 'malware', file, '$').map((m, i) => {
    if (typeof m === 'string') return { name: m, path: '' }
    const o = asObject(m, file, `$.malware[${i}]`, 'a malware entry (object or name)')
    const name = [o.malware, o.name].find((x): x is string => typeof x === 'string') ?? ''
    const path = [o.path, o.file].find((x): x is string => typeof x === 'string') ?? ''
    return { name, path }
  })
}

function readScanStarted(doc: Json, file: string): string | null {
  const started = optObject(doc, 'scan_started', file, '$')
  if (!started) return null
  const seconds = optNumber(started, 'seconds', file, '$.scan_started')
  if (seconds === null) return null
  const nanos = optNumber(started, 'nanos', file, '$.scan_started') ?? 0
  const date = new Date(seconds * 1000 + Math.floor(nanos / 1e6))
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

function readAssurance(doc: Json, file: string): ReportedAssurance | null {
  const a = optObject(doc, 'image_assurance_results', file, '$')
  if (!a) return null
  const p = '$.image_assurance_results'
  const checks = optArray(a, 'checks_performed', file, p).map((c, i) => {
    const cp = `${p}.checks_performed[${i}]`
    const check = asObject(c, file, cp)
    return {
      policy: str(check, 'policy_name', file, cp),
      control: str(check, 'control', file, cp),
      // Aqua omits `failed` when it is false.
      failed: optBoolean(check, 'failed', file, cp) === true,
    }
  })
  return { disallowed: optBoolean(a, 'disallowed', file, p), checks }
}

export function looksLikeAqua(doc: Json): boolean {
  return (
    Array.isArray(doc.resources) ||
    isObject(doc.vulnerability_summary) ||
    isObject(doc.image_assurance_results) ||
    (typeof doc.image === 'string' && 'os' in doc && 'scan_options' in doc)
  )
}
