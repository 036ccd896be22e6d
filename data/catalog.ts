// The decks' one data entry point. Reports and policies are bundled at build time (Vite JSON
// imports, no fetching during a talk), parsed ONCE with the core on first use, and handed out as
// typed values. Nothing here throws: data that cannot be read comes back as a DataError, which the
// <KitData> boundary draws as an inline card naming the file and the field.
//
//   import { scan, verdict } from '@kit/data/catalog'
//   <KitData :data="{ scan: scan('alpine-3.4'), verdict: verdict('alpine-3.4', ['baseline-default']) }" v-slot="d">
//     <ImageRisk :scan="d.scan" :verdict="d.verdict" />
//   </KitData>
import { readPolicy } from '../core/policy.ts'
import { parseReport } from '../core/report.ts'
import { countBySeverity } from '../core/summary.ts'
import type { Finding, ImageAssurancePolicy, ScanResult, SeverityCounts, Verdict } from '../core/types.ts'
import { guard, isDataError, readAll, verdictOrError, type DataError } from '../core/data-error.ts'

export type { DataError } from '../core/data-error.ts'
export { isDataError } from '../core/data-error.ts'

// ---------------------------------------------------------------------------------------------
// Scans

export interface ScanInfo {
  id: ScanId
  /** What to call the image on a slide; honest about what it is. */
  label: string
  /** A shorter name for dense places (matrix rows). */
  short: string
  /** Repository path of the report, as error cards and provenance lines name it. */
  file: string
  /** One line: where the report comes from and what to keep in mind (from data/reports/PROVENANCE.md). */
  provenance: string
}

const TRIVY_GOLDEN =
  'Trivy integration golden from aquasecurity/trivy: real Trivy output, but scanned with a trimmed test vulnerability database, so it lists only a handful of CVEs.'

type ScanEntry = Omit<ScanInfo, 'id' | 'file'> & { report: Record<string, unknown> }

/** One of Trivy's integration goldens: an image of aquasecurity/trivy-test-images, named as such. */
function trivyTestImage(name: string, os: string, report: Record<string, unknown>, note?: string): ScanEntry {
  return {
    short: `${name} test image (${os})`,
    label: `trivy-test-images:${name} (${os})`,
    report,
    provenance: note ? `${TRIVY_GOLDEN} ${note}` : TRIVY_GOLDEN,
  }
}

// Raw JSON, bundled at build time: each scan names its report once, in the glob of that one file
// (Vite needs the path and options as literals). A glob (not `import x from`) keeps TypeScript from
// inferring a type for 300 kB of JSON and lets a missing file become a DataError instead of a failed
// build. Only these files are bundled, as before.
const SCAN_REPORTS = {
  'alpine-3.4': {
    short: 'pokemongo-map (alpine 3.4.0)',
    label: 'ashex/pokemongo-map (alpine 3.4.0)',
    report: import.meta.glob('./reports/aqua/postee-pokemongo-map-alpine-3.4.0.json', { eager: true, import: 'default' }),
    provenance:
      'Aqua scanner webhook payload from aquasecurity/postee test data (2021). An application image built on alpine 3.4.0, not the bare alpine:3.4 image; no report of that exact image is public.',
  },
  'all-in-one-3.5': {
    short: 'all-in-one 3.5 (alpine 3.8.4)',
    label: 'all-in-one:3.5.19223 (alpine 3.8.4)',
    report: import.meta.glob('./reports/aqua/postee-all-in-one-3.5.json', { eager: true, import: 'default' }),
    provenance: 'Aqua scannercli payload from aquasecurity/postee test data (2021); unmodified, its summary matches its findings.',
  },
  'alpine-3.10': trivyTestImage('alpine-310', 'alpine 3.10.2', import.meta.glob('./reports/trivy/alpine-310.json', { eager: true, import: 'default' })),
  'alpine-3.9': trivyTestImage('alpine-39', 'alpine 3.9.4', import.meta.glob('./reports/trivy/alpine-39.json', { eager: true, import: 'default' })),
  'debian-buster': trivyTestImage('debian-buster', 'debian 10.1', import.meta.glob('./reports/trivy/debian-buster.json', { eager: true, import: 'default' })),
  'debian-10.13': {
    short: 'example-app (debian 10.13)',
    label: 'noppaknopsta/example-app:main-159 (debian 10.13)',
    report: import.meta.glob('./reports/trivy/defectdojo-realworld-debian-10.13.json', { eager: true, import: 'default' }),
    provenance:
      'Real-world Trivy scan (v0.48 era, January 2024) with the full public database, from DefectDojo test data; the report leaves the artifact name empty.',
  },
  'ubuntu-18.04': trivyTestImage('ubuntu-1804', 'ubuntu 18.04', import.meta.glob('./reports/trivy/ubuntu-1804.json', { eager: true, import: 'default' })),
  'distroless-base': trivyTestImage('distroless-base', 'debian 9.9', import.meta.glob('./reports/trivy/distroless-base.json', { eager: true, import: 'default' })),
  'ubi-7': trivyTestImage('ubi-7', 'redhat 7.7', import.meta.glob('./reports/trivy/ubi-7-comprehensive.json', { eager: true, import: 'default' }), 'OS packages plus Python packages.'),
} satisfies Record<string, ScanEntry>

export type ScanId = keyof typeof SCAN_REPORTS

/** The glob's one key (`./reports/…`) as the repository path; none when the file is missing. */
function reportFile(report: Record<string, unknown>): string | undefined {
  const key = Object.keys(report)[0]
  return key === undefined ? undefined : `data/${key.replace(/^\.\//, '')}`
}

export const SCANS: Readonly<Record<ScanId, ScanInfo>> = Object.fromEntries(
  Object.entries(SCAN_REPORTS).map(([id, { short, label, report, provenance }]) => [id, { id, short, label, file: reportFile(report) ?? 'data/catalog.ts', provenance }]),
) as Record<ScanId, ScanInfo>

export const scanIds: readonly ScanId[] = Object.keys(SCANS) as ScanId[]

/** A file from one of the globs (keyed relative to this file); callers guard() it with the file name. */
function bundled(modules: Record<string, unknown>, key: string): unknown {
  if (!(key in modules)) throw new Error('the file is not in the bundle (missing or renamed?)')
  return modules[key]
}

const scanCache = new Map<ScanId, ScanResult | DataError>()

function unknownId(kind: string, id: string, known: readonly string[]): DataError {
  return {
    kind: 'data-error',
    file: 'data/catalog.ts',
    field: `${kind} id`,
    message: `There is no ${kind} "${id}". Known ids: ${known.join(', ')}.`,
  }
}

/** The parsed scan `id` (parsed once, then cached), or a DataError naming the file and field. */
export function scan(id: ScanId): ScanResult | DataError {
  const cached = scanCache.get(id)
  if (cached) return cached
  const info = SCANS[id]
  if (!info) return unknownId('scan', String(id), scanIds)
  const { report } = SCAN_REPORTS[id]
  const result = guard(info.file, () => parseReport(bundled(report, `./${info.file.replace(/^data\//, '')}`), info.file))
  scanCache.set(id, result)
  return result
}

/** Findings by severity (the core's counting rule), or the scan's DataError. */
export function counts(id: ScanId): SeverityCounts | DataError {
  const s = scan(id)
  return isDataError(s) ? s : countBySeverity(s.findings)
}

/** Label and provenance of a scan, for a caption under a component. */
export function scanInfo(id: ScanId): ScanInfo {
  return SCANS[id]
}

// ---------------------------------------------------------------------------------------------
// Policies

export type PolicyId = 'baseline-default' | 'custom-example' | 'prod-gate' | 'env/dev-test' | 'env/non-prod' | 'env/prod'

export const POLICY_FILES: Readonly<Record<PolicyId, string>> = {
  'baseline-default': 'snippets/policies/baseline-default.json',
  'custom-example': 'snippets/policies/custom-example.json',
  'prod-gate': 'snippets/policies/prod-gate.json',
  'env/dev-test': 'snippets/policies/env/dev-test.json',
  'env/non-prod': 'snippets/policies/env/non-prod.json',
  'env/prod': 'snippets/policies/env/prod.json',
}

export const policyIds: readonly PolicyId[] = Object.keys(POLICY_FILES) as PolicyId[]

const POLICIES = import.meta.glob<unknown>('../snippets/policies/**/*.json', { eager: true, import: 'default' })

const policyCache = new Map<PolicyId, ImageAssurancePolicy | DataError>()

/** The policy `id` in Aqua's JSON shape (checked by the core's readPolicy), or a DataError. */
export function policy(id: PolicyId): ImageAssurancePolicy | DataError {
  const cached = policyCache.get(id)
  if (cached) return cached
  const file = POLICY_FILES[id]
  if (!file) return unknownId('policy', String(id), policyIds)
  const value = guard(file, () => readPolicy(bundled(POLICIES, `../${file}`), file))
  policyCache.set(id, value)
  return value
}

/** Several policies at once; the first unreadable one comes back as the DataError. */
export function policies(ids: readonly PolicyId[]): ImageAssurancePolicy[] | DataError {
  return readAll(ids, policy)
}

// ---------------------------------------------------------------------------------------------
// Verdicts and derived data

/** The core's verdict for scan `scanId` under the given policies, or a DataError. */
export function verdict(scanId: ScanId, ids: readonly PolicyId[]): Verdict | DataError {
  const s = scan(scanId)
  if (isDataError(s)) return s
  const list = policies(ids)
  if (isDataError(list)) return list
  return verdictOrError(s, list)
}

/** Several scans at once (for PolicyImpact); the first unreadable one comes back as the DataError. */
export function scans(ids: readonly ScanId[]): ScanResult[] | DataError {
  return readAll(ids, scan)
}

/** One finding of a scan by id (first match), for a CveDetail slide. */
export function finding(scanId: ScanId, findingId: string): Finding | DataError {
  const s = scan(scanId)
  if (isDataError(s)) return s
  const f = s.findings.find((x) => x.id === findingId)
  return f ?? { kind: 'data-error', file: SCANS[scanId].file, field: `findings[id=${findingId}]`, message: `No finding ${findingId} in this report.` }
}

/**
 * A synthetic scan of `size` findings made by repeating the real findings of `scanId` (for checking
 * that the table stays smooth on big images). Its image name says so.
 */
export function repeatedScan(scanId: ScanId, size: number): ScanResult | DataError {
  const s = scan(scanId)
  if (isDataError(s)) return s
  if (s.findings.length === 0) return s
  const findings: Finding[] = []
  for (let i = 0; i < size; i++) findings.push(s.findings[i % s.findings.length]!)
  const copies = (size / s.findings.length).toFixed(1)
  return { ...s, image: `${s.image} (real findings repeated ×${copies}: synthetic)`, findings, warnings: [...s.warnings] }
}

/**
 * A deliberately broken report, read with the same core reader, so a slide can show what a bad file
 * looks like on screen (an inline card, never a blank slide).
 */
export function brokenExample(): ScanResult | DataError {
  const file = 'examples/broken-trivy.json (deliberately broken)'
  return guard(file, () =>
    parseReport(
      {
        SchemaVersion: 2,
        ArtifactName: 'example/broken:1.0',
        ArtifactType: 'container_image',
        Results: [{ Target: 'example/broken:1.0 (alpine 3.19.1)', Class: 'os-pkgs', Vulnerabilities: 'none' }],
      },
      file,
    ),
  )
}
