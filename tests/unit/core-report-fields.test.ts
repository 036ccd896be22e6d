// Field-by-field checks of the readers against values read off the real reports.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseReport, readReport } from '../../core/report.ts'
import { countBySeverity, summarize } from '../../core/summary.ts'
import { fixture, load, report } from './core-test-helpers.ts'

const finding = (file: string, id: string) => {
  const f = load(file).findings.find((x) => x.id === id)
  if (!f) throw new Error(`${id} not in ${file}`)
  return f
}

describe('Trivy SchemaVersion 2', () => {
  it('reads image, OS, date, config and layers from alpine-39', () => {
    const scan = load(report('trivy/alpine-39.json'))
    expect(scan).toMatchObject({
      format: 'trivy',
      flavour: 'trivy-v2',
      image: 'testdata/fixtures/images/alpine-39.tar.gz', // ArtifactName wins over RepoTags
      os: { family: 'alpine', version: '3.9.4' },
      scannedAt: '2021-08-25T12:20:30.000000005Z',
      registry: null,
      assurance: null,
      reportedSummary: null,
    })
    expect(scan.config).toEqual({
      user: null,
      labels: {},
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      baseImageDigest: null,
      layers: ['sha256:e7c96db7181be991f19a9fb6975cdbbd73c65f4a2681348e63a141a2192a5f10'],
    })
    expect(summarize(scan).os).toBe('alpine 3.9.4')
  })

  it('maps a vulnerability: scores in the documented order, fix status, package, layer, links', () => {
    const f = finding(report('trivy/alpine-39.json'), 'CVE-2019-1549')
    expect(f).toMatchObject({
      severity: 'medium',
      fixedVersion: '1.1.1d-r0',
      fixStatus: 'fixed',
      pkg: { name: 'libcrypto1.1', version: '1.1.1b-r1', format: 'apk', path: '' },
      // CVSS.nvd V3 5.3 / V2 5; SeveritySource is nvd, so the vendor is the first other source (redhat, V3 4.8)
      scores: { aqua: null, nvdV3: 5.3, nvdV2: 5, vendorV3: 4.8, vendorV2: null },
      score: { value: 5.3, source: 'nvd-v3' },
      layer: {
        digest: 'sha256:e7c96db7181be991f19a9fb6975cdbbd73c65f4a2681348e63a141a2192a5f10',
        diffId: 'sha256:f1b5933fe4b5f49bbe8258745cf396afe07e625bdab3168e364daf7c956b6b81',
      },
      title: 'openssl: information disclosure in fork()',
      acknowledged: false,
    })
    expect(f.links[0]).toBe('https://avd.aquasec.com/nvd/cve-2019-1549')
    expect(f.publishedDate).toMatch(/^2019-09-10/)
  })

  it('keeps Trivy status values and treats a missing fix as affected (debian-buster)', () => {
    expect(finding(report('trivy/debian-buster.json'), 'CVE-2019-18276')).toMatchObject({ fixedVersion: '', fixStatus: 'affected' })
    expect(finding(report('trivy/debian-buster.json'), 'CVE-2019-18224').fixStatus).toBe('fixed')
  })

  it('reads v0.48.0 CreatedAt written as Unix seconds', () => {
    expect(load(report('trivy/alpine-39.v0.48-2023-11.json')).scannedAt).toBe('2021-08-25T12:20:30.000Z')
  })

  it('falls back to Results[0].Target without the OS suffix when ArtifactName and RepoTags are empty', () => {
    const scan = load(report('trivy/defectdojo-realworld-debian-10.13.json'))
    expect(scan.image).toBe('noppaknopsta/example-app:main-159')
    expect(scan.digest).toBeNull()
    expect(scan.config?.env).toContain('NODE_VERSION=14.21.3')
  })

  it('reads labels (ubi-7) and language packages with paths', () => {
    const scan = load(report('trivy/ubi-7-comprehensive.json'))
    expect(scan.config?.labels).toMatchObject({ maintainer: 'Red Hat, Inc.', name: 'ubi7', version: '7.7' })
    expect(finding(report('trivy/ubi-7-comprehensive.json'), 'CVE-2022-40897').pkg).toMatchObject({
      name: 'setuptools',
      format: 'pypi',
      path: 'usr/lib/python2.7/site-packages/setuptools-0.9.8-py2.7.egg-info/PKG-INFO',
    })
  })

  it('lists Packages[] and lends their licenses to findings (npm)', () => {
    const scan = load(report('trivy/npm.json'))
    expect(scan.packageInventory).toBe('full')
    expect(scan.packages).toHaveLength(12)
    expect(scan.packages.find((p) => p.name === 'jquery')).toMatchObject({ version: '3.3.9', format: 'npm', licenses: ['MIT'] })
    expect(scan.findings[0]!.pkg.licenses).toEqual(['MIT'])
    expect(scan.config).toBeNull() // a repository scan has no image config
  })

  it('reads secrets and misconfigurations', () => {
    expect(load(report('trivy/secrets.json')).secrets[0]).toEqual({
      ruleId: 'aws-access-key-id',
      category: 'AWS',
      severity: 'critical',
      title: 'AWS Access Key ID',
      target: 'deploy.sh',
      line: 3,
    })
    expect(load(report('trivy/secrets.json')).coverage).toEqual({ malware: false, sensitiveData: true })
    expect(load(report('trivy/dockerfile.json')).misconfigurations[0]).toMatchObject({ id: 'DS-0002', severity: 'high', status: 'fail', target: 'Dockerfile' })
  })

  it('knows the User of the alpine-distroless golden (65532)', () => {
    const scan = load(fixture('trivy-alpine-distroless-user.json'))
    expect(scan.config?.user).toBe('65532')
    expect(countBySeverity(scan.findings)).toMatchObject({ medium: 1, total: 1 })
  })

  it('records that only vulnerable packages are known without --list-all-pkgs', () => {
    expect(load(report('trivy/alpine-39.json')).packageInventory).toBe('vulnerable-only')
  })
})

describe('Trivy legacy (before v0.20)', () => {
  it('reads the v0.19 array with Class, Layer{DiffID} and CVSS', () => {
    const scan = load(fixture('trivy-legacy-v0.19-alpine-39.json'))
    expect(scan).toMatchObject({ flavour: 'trivy-legacy', image: 'testdata/fixtures/images/alpine-39.tar.gz', os: { family: 'alpine', version: '3.9.4' }, config: null, scannedAt: null })
    expect(countBySeverity(scan.findings)).toEqual({ critical: 2, high: 0, medium: 6, low: 2, negligible: 0, unknown: 0, total: 10 })
    // CVSS has only nvd V2 (5) and redhat V3 (4.8): vendor v3 comes before NVD v2.
    expect(scan.findings[0]).toMatchObject({ id: 'CVE-2019-1549', score: { value: 4.8, source: 'vendor-v3' }, layer: { digest: '', diffId: 'sha256:f1b5933fe4b5f49bbe8258745cf396afe07e625bdab3168e364daf7c956b6b81' } })
  })

  it('reads the v0.5 array with LayerID and no CVSS', () => {
    const scan = load(fixture('trivy-legacy-layerid-alpine-39.json'))
    expect(countBySeverity(scan.findings)).toEqual({ critical: 0, high: 1, medium: 2, low: 1, negligible: 0, unknown: 0, total: 4 })
    expect(scan.findings[0]).toMatchObject({ id: 'CVE-2019-14697', severity: 'high', score: null, layer: { digest: '', diffId: 'sha256:f1b5933fe4b5f49bbe8258745cf396afe07e625bdab3168e364daf7c956b6b81' } })
  })

  it('accepts "Vulnerabilities": null', () => {
    const scan = load(fixture('legacy-null-vulns.json'))
    expect(scan).toMatchObject({ image: 'alpine:3.10', os: { family: 'alpine', version: '3.10.2' }, findings: [] })
  })
})

describe('Aqua scanner JSON', () => {
  it('reads the webhook payload for alpine:3.8', () => {
    const scan = load(report('aqua/postee-alpine-3.8.json'))
    expect(scan).toMatchObject({
      format: 'aqua',
      flavour: 'aqua-webhook',
      image: 'alpine:3.8',
      registry: 'Docker Hub',
      digest: 'sha256:c8bccc0af9571ec0d006a43acb5a8d08c4ce42b6cc7194dd6eb167976f501ef1',
      os: { family: 'alpine', version: '3.8.5' },
      scannedAt: '2020-05-11T09:36:46.959Z',
      config: null,
      coverage: { malware: true, sensitiveData: true },
    })
    expect(scan.assurance).toEqual({
      disallowed: true,
      checks: [
        { policy: 'Default', control: 'max_severity', failed: false },
        { policy: 'Default', control: 'trusted_base_images', failed: true },
        { policy: 'Default', control: 'max_score', failed: false },
      ],
    })
    expect(scan.findings[0]).toMatchObject({
      id: 'CVE-2018-20679',
      severity: 'medium',
      scores: { aqua: 5, nvdV3: 7.5, nvdV2: 5, vendorV3: 7.5, vendorV2: 5 },
      score: { value: 5, source: 'aqua' }, // Aqua's own score comes first
      fixedVersion: '',
      fixStatus: 'affected',
      pkg: { name: 'busybox', version: '1.28.4-r3', format: 'apk', licenses: ['GPL2'] },
    })
  })

  it('prefers aqua_severity over vendor and NVD (the edited DefectDojo sample)', () => {
    const f = finding(report('aqua/defectdojo-scannercli-debian-10-azurecr.json'), 'CVE-2011-3374')
    expect(f.severity).toBe('critical') // aqua_severity critical, vendor unimportant, nvd medium
    expect(f.score).toEqual({ value: 3.7, source: 'aqua' })
  })

  it('reads older MicroScanner output: no image, no aqua_* fields, vendor "unimportant" → negligible', () => {
    // The DefectDojo scannercli sample with everything MicroScanner did not write taken out.
    const doc = JSON.parse(readFileSync(report('aqua/defectdojo-scannercli-debian-10-azurecr.json'), 'utf8'))
    delete doc.image
    for (const r of doc.resources) for (const v of r.vulnerabilities ?? []) for (const k of Object.keys(v)) if (k.startsWith('aqua_')) delete v[k]
    const scan = parseReport(doc, 'microscanner.json')
    expect(scan.flavour).toBe('aqua-microscanner')
    expect(scan.image).toBe('')
    // vendor_severity first (unimportant → negligible), then nvd_severity for the jar's findings
    expect(countBySeverity(scan.findings)).toEqual({ critical: 0, high: 0, medium: 1, low: 1, negligible: 11, unknown: 0, total: 13 })
    expect(scan.findings.find((f) => f.id === 'CVE-2011-3374')?.score).toEqual({ value: 3.7, source: 'nvd-v3' })
  })

  it('maps missing severities to unknown and vendor "unknown" under aqua "negligible" to negligible', () => {
    const f = finding(report('aqua/postee-pokemongo-map-alpine-3.4.0.json'), 'WS-2018-0076')
    expect(f).toMatchObject({ severity: 'negligible', score: null, fixedVersion: '0.6.0', fixStatus: 'fixed' })
    const doc = JSON.parse(readFileSync(report('aqua/postee-alpine-3.8.json'), 'utf8'))
    for (const v of doc.resources[0].vulnerabilities) for (const k of ['aqua_severity', 'vendor_severity', 'nvd_severity']) delete v[k]
    expect(parseReport(doc, 'no-severity.json').findings.map((x) => x.severity)).toEqual(['unknown', 'unknown'])
  })

  it('takes sensitive and malware counts from the summary, and names file resources by path', () => {
    const scan = load(report('aqua/postee-pokemongo-map-alpine-3.4.0.json'))
    expect(scan.sensitiveCount).toBe(15)
    expect(scan.malwareCount).toBe(0)
    expect(summarize(scan).secrets).toBe(15)
    expect(scan.packages).toHaveLength(112)
    expect(scan.packages.some((p) => p.name.startsWith('/') && p.path === p.name)).toBe(true)
  })

  it('dedupes packages listed twice (alm-integration: 14 resources, 11 packages) and reads assurance', () => {
    const scan = load(report('aqua/postee-alm-integration-image.json'))
    expect(scan.packages).toHaveLength(11)
    expect(scan.packageInventory).toBe('full')
    expect(scan.assurance?.checks.find((c) => c.control === 'license')).toEqual({ policy: 'Default', control: 'license', failed: true })
    expect(scan.assurance?.checks.filter((c) => c.failed)).toHaveLength(1) // `failed` omitted means false
  })

  it('warns about partial results and knows which scans were off (harbor photon)', () => {
    const scan = load(report('aqua/harbor-scanner-aqua-photon-3.0.json'))
    expect(scan.warnings.some((w) => w.includes('partial'))).toBe(true)
    expect(scan.coverage).toEqual({ malware: false, sensitiveData: false })
    expect(scan.digest).toBeNull()
  })

  it('parseReport and readReport agree', () => {
    const text = readFileSync(report('aqua/postee-alpine-3.8.json'), 'utf8')
    expect(parseReport(JSON.parse(text), 'x.json')).toEqual(readReport(text, 'x.json'))
  })
})
