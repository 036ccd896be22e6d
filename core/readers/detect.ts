// Which reader a document needs, decided from its content (never from the file name). Reports from
// other tools are named, so the consultant knows to export Trivy or Aqua JSON instead.
import { ReportError, describeValue } from './errors.ts'
import { type Json, isObject } from './fields.ts'
import { looksLikeAqua } from './aqua.ts'
import { looksLikeAquaImageApi } from './aqua-image-api.ts'

export type Detected =
  | { reader: 'trivy-v2'; doc: Json }
  | { reader: 'trivy-legacy'; list: unknown[] }
  | { reader: 'aqua'; doc: Json }
  | { reader: 'aqua-image-api'; doc: Json }

const EXPECTED = 'a Trivy JSON report or an Aqua scanner JSON report'
const HINT = 'Export Trivy JSON (trivy image -f json -o out.json) or Aqua JSON (scannercli scan … --jsonfile out.json).'

/** Shapes of other scanners' JSON, checked in order; the first match names the tool. */
const FOREIGN: Array<{ name: string; sign: string; test: (doc: Json) => boolean; path: string }> = [
  { name: 'a Grype report', sign: 'Grype\'s "matches" and "descriptor"', test: (d) => Array.isArray(d.matches) && isObject(d.descriptor), path: '$.matches' },
  {
    name: 'a SARIF log',
    sign: 'SARIF\'s "runs"',
    test: (d) => Array.isArray(d.runs) && (typeof d.$schema === 'string' || typeof d.version === 'string'),
    path: '$.runs',
  },
  { name: 'a CycloneDX SBOM', sign: 'CycloneDX\'s "bomFormat"', test: (d) => 'bomFormat' in d, path: '$.bomFormat' },
  { name: 'an SPDX SBOM', sign: 'SPDX\'s "spdxVersion"', test: (d) => 'spdxVersion' in d, path: '$.spdxVersion' },
  {
    name: 'a Sysdig vulnerability report',
    sign: 'Sysdig\'s "data" rows with "vulnSeverity"',
    test: (d) => Array.isArray(d.data) && isObject(d.data[0]) && 'vulnSeverity' in d.data[0],
    path: '$.data',
  },
  {
    name: 'an Aqua API list response, not a scan report',
    sign: '"count" and "result"',
    test: (d) => Array.isArray(d.result) && 'count' in d,
    path: '$.result',
  },
]

export function detectReport(json: unknown, file: string): Detected {
  if (Array.isArray(json)) {
    if (json.length === 0) {
      throw new ReportError({ file, path: '$', expected: EXPECTED, found: 'an empty array', headline: 'the report is an empty list', hint: HINT })
    }
    // Trivy before v0.20 wrote a bare array of {Target, Type, Vulnerabilities}.
    if (isObject(json[0]) && typeof json[0].Target === 'string') return { reader: 'trivy-legacy', list: json }
    throw new ReportError({
      file,
      path: '$[0]',
      expected: 'a legacy Trivy result with a "Target"',
      found: describeValue(json[0]),
      headline: 'not a known report: a JSON array that is not a legacy Trivy report',
      hint: HINT,
    })
  }
  if (!isObject(json)) {
    throw new ReportError({ file, path: '$', expected: EXPECTED, found: describeValue(json), headline: 'not a scan report', hint: HINT })
  }
  const keys = Object.keys(json)
  if (keys.length === 0) {
    throw new ReportError({ file, path: '$', expected: EXPECTED, found: 'an empty object {}', headline: 'the report is empty', hint: HINT })
  }
  if ('SchemaVersion' in json) return { reader: 'trivy-v2', doc: json }
  if (looksLikeAqua(json)) return { reader: 'aqua', doc: json }
  if (looksLikeAquaImageApi(json)) return { reader: 'aqua-image-api', doc: json }
  // SchemaVersion was only missing from very early v2 betas; Results + ArtifactName is still Trivy.
  if (Array.isArray(json.Results) && 'ArtifactName' in json) return { reader: 'trivy-v2', doc: { ...json, SchemaVersion: 2 } }
  for (const foreign of FOREIGN) {
    if (foreign.test(json)) {
      throw new ReportError({
        file,
        path: foreign.path,
        expected: EXPECTED,
        found: foreign.sign,
        headline: `this is ${foreign.name}, which the kit does not read`,
        hint: HINT,
      })
    }
  }
  throw new ReportError({
    file,
    path: '$',
    expected: `${EXPECTED} ("SchemaVersion"+"Results", or "resources"+"image")`,
    found: `an object with keys ${keys.slice(0, 5).map((k) => JSON.stringify(k.length > 30 ? `${k.slice(0, 30)}…` : k)).join(', ')}${keys.length > 5 ? ', …' : ''}`,
    headline: 'not a known scan report',
    hint: HINT,
  })
}
