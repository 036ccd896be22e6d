// Trivy JSON: SchemaVersion 2 (v0.20 and later; later releases only added fields) and the legacy
// top-level array written before v0.20. Field generations are listed in data/reports/PROVENANCE.md.
import type { Finding, FixStatus, ImageConfig, Misconfiguration, ScanResult, SecretFinding } from '../types.ts'
import { ReportError, childPath } from './errors.ts'
import {
  type Json,
  asObject,
  isObject,
  optArray,
  optNumber,
  optObject,
  optString,
  optStrings,
  str,
  wrongType,
} from './fields.ts'
import { PackageSet, packageFormat } from './packages.ts'
import { pickScore } from './score.ts'
import { toSeverity } from './severity.ts'

const FIX_STATUSES = new Set<FixStatus>([
  'fixed',
  'affected',
  'will_not_fix',
  'fix_deferred',
  'end_of_life',
  'not_affected',
  'under_investigation',
  'unknown',
])

interface Collected {
  findings: Finding[]
  secrets: SecretFinding[]
  misconfigurations: Misconfiguration[]
  packages: PackageSet
  /** Some result carried Packages[] (trivy --list-all-pkgs): the inventory is complete. */
  fullInventory: boolean
  sawSecretClass: boolean
}

/** Trivy SchemaVersion 2. */
export function readTrivyV2(doc: Json, file: string): ScanResult {
  const schema = doc.SchemaVersion
  if (schema !== 2) {
    throw new ReportError({
      file,
      path: '$.SchemaVersion',
      expected: 'SchemaVersion 2 (Trivy v0.20 or later)',
      found: typeof schema === 'number' ? `SchemaVersion ${schema}` : `${typeof schema}`,
      headline: 'unsupported Trivy report schema',
    })
  }
  const artifactName = str(doc, 'ArtifactName', file, '$')
  const artifactType = optString(doc, 'ArtifactType', file, '$')
  const meta = optObject(doc, 'Metadata', file, '$') ?? {}
  const mp = '$.Metadata'
  const os = optObject(meta, 'OS', file, mp)
  const repoTags = optStrings(meta, 'RepoTags', file, mp)
  const repoDigests = optStrings(meta, 'RepoDigests', file, mp)
  const results = optArray(doc, 'Results', file, '$')
  const collected = readResults(results, '$.Results', file)

  const firstTarget = isObject(results[0]) && typeof results[0].Target === 'string' ? results[0].Target : ''
  const image = artifactName || repoTags.find((t) => t !== '') || stripOsSuffix(firstTarget)
  const digestRef = repoDigests.find((d) => d.includes('@'))

  return trivyScan(collected, file, {
    flavour: 'trivy-v2',
    image,
    registry: artifactType === undefined || artifactType === 'container_image' ? registryOf(image) : null,
    digest: digestRef ? digestRef.slice(digestRef.indexOf('@') + 1) : null,
    os: os ? osOf(str(os, 'Family', file, `${mp}.OS`), str(os, 'Name', file, `${mp}.OS`)) : osFromTarget(firstTarget),
    scannedAt: readCreatedAt(doc, file),
    config: readImageConfig(meta, artifactType, file),
  })
}

/** What the two Trivy generations differ in; the rest of a ScanResult comes from the results. */
type TrivyHeader = Pick<ScanResult, 'flavour' | 'image' | 'registry' | 'digest' | 'os' | 'scannedAt' | 'config'>

function trivyScan(collected: Collected, file: string, { flavour, image, registry, digest, os, scannedAt, config }: TrivyHeader): ScanResult {
  // Fields in the order the other readers write them (JSON output keeps it).
  return {
    format: 'trivy',
    flavour,
    source: file,
    image,
    registry,
    digest,
    os,
    scannedAt,
    findings: collected.findings,
    secrets: collected.secrets,
    sensitiveCount: 0,
    malware: [],
    malwareCount: 0,
    misconfigurations: collected.misconfigurations,
    packages: collected.packages.list(),
    config,
    assurance: null,
    warnings: [],
    reportedSummary: null,
    // Trivy has no malware scanner; secret scanning is on by default but the JSON does not record it.
    coverage: { malware: false, sensitiveData: collected.sawSecretClass ? true : null },
    packageInventory: collected.fullInventory ? 'full' : 'vulnerable-only',
  }
}

/** Trivy before v0.20: a top-level array of results, no metadata at all. */
export function readTrivyLegacy(list: unknown[], file: string): ScanResult {
  const collected = readResults(list, '$', file)
  const first = list[0] as Json | undefined
  const firstTarget = first && typeof first.Target === 'string' ? first.Target : ''
  const withOs = list.find((r): r is Json => isObject(r) && typeof r.Target === 'string' && osFromTarget(r.Target) !== null)
  return trivyScan(collected, file, {
    flavour: 'trivy-legacy',
    image: stripOsSuffix(firstTarget),
    registry: registryOf(stripOsSuffix(firstTarget)),
    digest: null,
    os: withOs ? osFromTarget(withOs.Target as string) : null,
    scannedAt: null,
    config: null,
  })
}

function readResults(results: unknown[], base: string, file: string): Collected {
  const out: Collected = {
    findings: [],
    secrets: [],
    misconfigurations: [],
    packages: new PackageSet(),
    fullInventory: false,
    sawSecretClass: false,
  }
  for (let i = 0; i < results.length; i++) {
    const rp = `${base}[${i}]`
    const r = asObject(results[i], file, rp, 'a Trivy result object ({Target, Vulnerabilities…})')
    const target = str(r, 'Target', file, rp)
    const type = optString(r, 'Type', file, rp)
    if (optString(r, 'Class', file, rp) === 'secret') out.sawSecretClass = true

    // Licenses are listed on Packages[] only; findings borrow them by name@version.
    const licensesOf = new Map<string, string[]>()
    if (r.Packages !== undefined && r.Packages !== null) out.fullInventory = true
    const pkgs = optArray(r, 'Packages', file, rp)
    for (let j = 0; j < pkgs.length; j++) {
      const pp = `${rp}.Packages[${j}]`
      const p = asObject(pkgs[j], file, pp)
      const ident = optObject(p, 'Identifier', file, pp)
      const name = str(p, 'Name', file, pp)
      const version = str(p, 'Version', file, pp)
      const licenses = optStrings(p, 'Licenses', file, pp)
      out.packages.add({
        name,
        version,
        format: packageFormat(ident ? optString(ident, 'PURL', file, `${pp}.Identifier`) : undefined, type),
        path: str(p, 'FilePath', file, pp),
        licenses,
      })
      if (licenses.length > 0) licensesOf.set(`${name}@${version}`, licenses)
    }

    const vulns = optArray(r, 'Vulnerabilities', file, rp)
    for (let j = 0; j < vulns.length; j++) {
      out.findings.push(readVulnerability(vulns[j], `${rp}.Vulnerabilities[${j}]`, file, type, licensesOf, out.packages))
    }

    const secrets = optArray(r, 'Secrets', file, rp)
    for (let j = 0; j < secrets.length; j++) {
      const sp = `${rp}.Secrets[${j}]`
      const s = asObject(secrets[j], file, sp)
      out.secrets.push({
        ruleId: str(s, 'RuleID', file, sp),
        category: str(s, 'Category', file, sp),
        severity: toSeverity(optString(s, 'Severity', file, sp)),
        title: str(s, 'Title', file, sp),
        target,
        line: optNumber(s, 'StartLine', file, sp),
      })
    }

    const misconfs = optArray(r, 'Misconfigurations', file, rp)
    for (let j = 0; j < misconfs.length; j++) {
      const mp = `${rp}.Misconfigurations[${j}]`
      const m = asObject(misconfs[j], file, mp)
      const status = str(m, 'Status', file, mp).toLowerCase()
      out.misconfigurations.push({
        id: str(m, 'ID', file, mp) || str(m, 'AVDID', file, mp),
        title: str(m, 'Title', file, mp),
        severity: toSeverity(optString(m, 'Severity', file, mp)),
        status: status === 'pass' ? 'pass' : status === 'exception' ? 'exception' : 'fail',
        target,
        resolution: str(m, 'Resolution', file, mp),
      })
    }
  }
  return out
}

function readVulnerability(
  value: unknown,
  vp: string,
  file: string,
  resultType: string | undefined,
  licensesOf: Map<string, string[]>,
  packages: PackageSet,
): Finding {
  const v = asObject(value, file, vp, 'a vulnerability object')
  const id = str(v, 'VulnerabilityID', file, vp)
  if (!id) wrongType(file, childPath(vp, 'VulnerabilityID'), 'a vulnerability id such as "CVE-2019-1549"', v.VulnerabilityID, 'a vulnerability has no id')
  const name = str(v, 'PkgName', file, vp)
  const version = str(v, 'InstalledVersion', file, vp)
  const ident = optObject(v, 'PkgIdentifier', file, vp)
  const pkg = packages.add({
    name,
    version,
    format: packageFormat(ident ? optString(ident, 'PURL', file, `${vp}.PkgIdentifier`) : undefined, resultType),
    path: str(v, 'PkgPath', file, vp),
    licenses: licensesOf.get(`${name}@${version}`) ?? [],
  })

  const fixedVersion = str(v, 'FixedVersion', file, vp)
  const status = optString(v, 'Status', file, vp)
  const fixStatus: FixStatus = status
    ? FIX_STATUSES.has(status as FixStatus)
      ? (status as FixStatus)
      : 'unknown'
    : fixedVersion
      ? 'fixed'
      : 'affected'

  const scores = readCvss(v, vp, file)
  const primary = str(v, 'PrimaryURL', file, vp)
  const refs = optStrings(v, 'References', file, vp)
  const layer = readLayer(v, vp, file)

  return {
    id,
    pkg,
    fixedVersion,
    fixStatus,
    severity: toSeverity(optString(v, 'Severity', file, vp)),
    scores,
    score: pickScore(scores),
    title: str(v, 'Title', file, vp),
    description: str(v, 'Description', file, vp),
    publishedDate: str(v, 'PublishedDate', file, vp),
    layer,
    links: primary ? [primary, ...refs.filter((r) => r !== primary)] : refs,
    acknowledged: false,
  }
}

/** NVD scores from CVSS.nvd; the vendor's from CVSS[SeveritySource] or else the first non-NVD source. */
function readCvss(v: Json, vp: string, file: string): Finding['scores'] {
  const cvss = optObject(v, 'CVSS', file, vp)
  const scores: Finding['scores'] = { aqua: null, nvdV3: null, nvdV2: null, vendorV3: null, vendorV2: null }
  if (!cvss) return scores
  const cp = `${vp}.CVSS`
  const source = optString(v, 'SeveritySource', file, vp)
  const keys = Object.keys(cvss)
  for (const key of keys) asObject(cvss[key], file, childPath(cp, key))
  const nvd = cvss.nvd as Json | undefined
  if (nvd) {
    scores.nvdV3 = optNumber(nvd, 'V3Score', file, `${cp}.nvd`)
    scores.nvdV2 = optNumber(nvd, 'V2Score', file, `${cp}.nvd`)
  }
  const vendorKey = source && source !== 'nvd' && cvss[source] ? source : keys.find((k) => k !== 'nvd')
  if (vendorKey) {
    const vendor = cvss[vendorKey] as Json
    scores.vendorV3 = optNumber(vendor, 'V3Score', file, childPath(cp, vendorKey))
    scores.vendorV2 = optNumber(vendor, 'V2Score', file, childPath(cp, vendorKey))
  }
  return scores
}

/** `Layer{Digest, DiffID}` (v0.6+) or the older `LayerID` string. */
function readLayer(v: Json, vp: string, file: string): Finding['layer'] {
  const layer = optObject(v, 'Layer', file, vp)
  if (layer) {
    const digest = str(layer, 'Digest', file, `${vp}.Layer`)
    const diffId = str(layer, 'DiffID', file, `${vp}.Layer`)
    return digest || diffId ? { digest, diffId } : null
  }
  const legacy = optString(v, 'LayerID', file, vp)
  return legacy ? { digest: '', diffId: legacy } : null
}

function readImageConfig(meta: Json, artifactType: string | undefined, file: string): ImageConfig | null {
  // Filesystem and repository scans have no image, so no USER or labels to judge.
  if (artifactType !== undefined && artifactType !== 'container_image') return null
  const ic = optObject(meta, 'ImageConfig', file, '$.Metadata')
  if (!ic) return null
  const ip = '$.Metadata.ImageConfig'
  const config = optObject(ic, 'config', file, ip) ?? {}
  const cp = `${ip}.config`
  const labelsObj = optObject(config, 'Labels', file, cp) ?? {}
  const labels: Array<[string, string]> = []
  for (const key of Object.keys(labelsObj)) {
    const value = labelsObj[key]
    if (typeof value !== 'string') wrongType(file, childPath(`${cp}.Labels`, key), 'a string label value', value)
    labels.push([key, value])
  }
  const layerDigests = optArray(meta, 'Layers', file, '$.Metadata')
    .map((l, i) => str(asObject(l, file, `$.Metadata.Layers[${i}]`), 'Digest', file, `$.Metadata.Layers[${i}]`))
    .filter((d) => d !== '')
  const rootfs = optObject(ic, 'rootfs', file, ip)
  const diffIds = optStrings(meta, 'DiffIDs', file, '$.Metadata')
  return {
    user: optString(config, 'User', file, cp) || null,
    // fromEntries defines own properties, so a label named "__proto__" stays a plain label.
    labels: Object.fromEntries(labels),
    env: optStrings(config, 'Env', file, cp),
    baseImageDigest: null,
    layers: layerDigests.length > 0 ? layerDigests : diffIds.length > 0 ? diffIds : rootfs ? optStrings(rootfs, 'diff_ids', file, `${ip}.rootfs`) : [],
  }
}

/** RFC 3339 text since v0.48.1; v0.48.0 wrote Unix seconds instead. */
function readCreatedAt(doc: Json, file: string): string | null {
  const value = doc.CreatedAt
  if (typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value * 1000)
    return Number.isNaN(date.getTime()) ? null : date.toISOString()
  }
  return optString(doc, 'CreatedAt', file, '$') || null
}

const OS_SUFFIX = /\s+\(([^()\s]+)\s+([^()]+)\)\s*$/

/** "alpine:3.9 (alpine 3.9.4)" → "alpine:3.9". */
export function stripOsSuffix(target: string): string {
  return target.replace(OS_SUFFIX, '')
}

function osFromTarget(target: string): ScanResult['os'] {
  const m = OS_SUFFIX.exec(target)
  return m ? { family: m[1]!, version: m[2]!.trim() } : null
}

function osOf(family: string, version: string): ScanResult['os'] {
  return family ? { family, version } : null
}

/** The registry host of an image reference, when it names one explicitly ("ghcr.io/x/y:1" → "ghcr.io"). */
export function registryOf(image: string): string | null {
  const slash = image.indexOf('/')
  if (slash <= 0) return null
  const host = image.slice(0, slash)
  return /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?$/i.test(host) || /^[^/]+:\d+$/.test(host) ? host : null
}
