// The reports route of the kit's local server (/__kit/reports): a report dropped on a slide is read
// again with the core and stored in the engagement folder like `kit engagement add` stores it; any
// request that is not from the kit's own page (Host, Origin, token) is refused and writes nothing.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { engagementImageName, readDroppedReport, reportFileName } from '../../core/engagement/images.ts'
import { readReport } from '../../core/report.ts'
import { FILE_HEADER, REPORTS_ENDPOINT, TOKEN_HEADER, engagementEndpoint } from '../../scripts/engagement-endpoint.ts'
import { serveStatic, type StaticServer } from '../../scripts/server.ts'
import { kit } from './cli-test-helpers.ts'

const root = mkdtempSync(join(tmpdir(), 'kit-reports-endpoint-'))
const site = join(root, 'site')
mkdirSync(site)
writeFileSync(join(site, 'index.html'), '<html><head></head><body>kit</body></html>')
const TOKEN = 'test-token-0123456789'
const ALPINE39 = 'data/reports/trivy/alpine-39.json'
const FIXTURES = 'tests/fixtures/reports'

let n = 0
let dir: string
let server: StaticServer
let port: number

beforeEach(async () => {
  dir = join(root, `e${++n}`)
  cpSync('engagements/example-public', dir, { recursive: true })
  server = await serveStatic(site, 0, '127.0.0.1', engagementEndpoint(dir, TOKEN))
  port = Number(new URL(server.url).port)
})
afterEach(async () => {
  server.server.closeAllConnections()
  await server.close()
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

interface Answer {
  status: number
  body: Record<string, unknown>
}

/** A raw request, so Host and Origin can be anything a browser or an attacker could send. */
function post(body: Buffer | string, headers: Record<string, string>, method = 'POST', path = REPORTS_ENDPOINT): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `localhost:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown> }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const own = (file: string) => ({ [TOKEN_HEADER]: TOKEN, origin: `http://localhost:${port}`, [FILE_HEADER]: encodeURIComponent(file), 'content-type': 'application/json' })
const reports = () => readdirSync(join(dir, 'reports')).sort()

async function summaryImages(): Promise<string[]> {
  const r = await kit('engagement', 'summary', dir, '--json')
  return (JSON.parse(r.stdout) as { images: Array<{ image: string }> }).images.map((i) => i.image)
}

describe('the reports route', () => {
  it('stores a good report in reports/ under its image, and summary lists it', async () => {
    const bytes = readFileSync(ALPINE39)
    const before = reports()
    // The example engagement already holds this image: the same bytes are kept, not copied twice.
    const same = await post(bytes, own('alpine-39.json'))
    expect(same.status).toBe(200)
    expect(same.body.kind).toBe('kept')
    expect(reports()).toEqual(before)

    const other = readFileSync('data/reports/aqua/postee-alm-integration-image.json')
    const added = await post(other, own('alm.json'))
    expect(added.status, JSON.stringify(added.body)).toBe(200)
    expect(added.body).toMatchObject({ kind: 'added', image: 'alm-integration-image:latest', stored: reportFileName('alm-integration-image:latest') })
    expect(readFileSync(join(dir, 'reports', reportFileName('alm-integration-image:latest')))).toEqual(other)
    expect(await summaryImages()).toContain('alm-integration-image:latest')
  })

  it('names an image its report leaves unnamed after the dropped file, as kit engagement summary does', async () => {
    const doc = JSON.parse(readFileSync('data/reports/trivy/defectdojo-realworld-debian-10.13.json', 'utf8')) as Record<string, unknown> & { Metadata?: Record<string, unknown> }
    const text = JSON.stringify({ ...doc, ArtifactName: '', Metadata: { ...doc.Metadata, RepoTags: [] }, Results: (doc.Results as Array<Record<string, unknown>>).map((r) => ({ ...r, Target: '' })) })
    const name = engagementImageName(readReport(text, 'my scan.json'), 'my scan.json')
    expect(name).toBe('my_scan')
    // A name sent with folders in it only names the image; the file lands in reports/ all the same.
    const r = await post(text, own('../../etc/my scan.json'))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ kind: 'added', image: name, stored: `${name}.json` })
    expect(reports()).toContain(`${name}.json`)
    expect(readdirSync(root).sort()).toEqual(readdirSync(root).sort().filter((f) => f !== 'etc'))
    expect(await summaryImages()).toContain(name)
  })

  it('answers a bad report with the reader’s one line, naming the file, and stores nothing', async () => {
    const before = reports()
    for (const [file, reason] of [
      ['grype.json', /grype\.json: this is a Grype report, which the kit does not read \(at \$\.matches: expected a Trivy JSON report/],
      ['sarif.json', /sarif\.json: this is a SARIF log/],
      ['cyclonedx.json', /cyclonedx\.json: this is a CycloneDX SBOM/],
      ['truncated.json', /truncated\.json: the JSON stops early at line \d+/],
      ['empty.json', /empty\.json: the file is empty/],
      ['not-json.json', /not-json\.json: not JSON/],
    ] as const) {
      const r = await post(readFileSync(join(FIXTURES, file)), own(file))
      expect(r.status, file).toBe(400)
      expect(String(r.body.error)).toMatch(reason)
      expect(String(r.body.error)).not.toContain('\n')
    }
    expect(reports()).toEqual(before)
  })

  it('refuses (403) a wrong Origin, a wrong Host, a missing or wrong token, and writes nothing', async () => {
    const bytes = readFileSync('data/reports/aqua/postee-alm-integration-image.json')
    const before = reports()
    const cases: Array<Record<string, string>> = [
      { ...own('a.json'), origin: 'http://attacker.example' },
      { ...own('a.json'), origin: `http://localhost:${port + 1}` },
      { ...own('a.json'), host: `attacker.example:${port}` },
      { ...own('a.json'), [TOKEN_HEADER]: 'wrong-token-0123456789' },
      Object.fromEntries(Object.entries(own('a.json')).filter(([k]) => k !== TOKEN_HEADER)),
    ]
    for (const headers of cases) {
      const r = await post(bytes, headers)
      expect(r.status, JSON.stringify(headers)).toBe(403)
      expect(String(r.body.error)).toMatch(/^refused: /)
    }
    expect(reports()).toEqual(before)
  })

  it('never hands out the folder’s reports: POST only', async () => {
    const r = await post('', own('a.json'), 'GET')
    expect(r.status).toBe(405)
    expect(JSON.stringify(r.body)).not.toContain('alpine')
  })

  it('says why a save failed when the folder cannot be written, and keeps what was there', async () => {
    // reports/ replaced by a file: the write fails with ENOTDIR (as root, a read-only mode would not stop it).
    rmSync(join(dir, 'reports'), { recursive: true })
    writeFileSync(join(dir, 'reports'), 'not a folder')
    const r = await post(readFileSync('data/reports/aqua/postee-alm-integration-image.json'), own('alm.json'))
    expect(r.status).toBe(507)
    expect(String(r.body.error)).toMatch(/^could not save: the engagement folder could not be written/)
    expect(readFileSync(join(dir, 'reports'), 'utf8')).toBe('not a folder')
  })

  it('replaces an older scan of the same image with a newer one and says so', async () => {
    const older = readFileSync('data/reports/trivy/alpine-39.json', 'utf8')
    const doc = JSON.parse(older) as Record<string, unknown>
    const newer = JSON.stringify({ ...doc, CreatedAt: '2026-11-30T10:00:00Z' })
    const r = await post(newer, own('alpine-39-rescan.json'))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.kind).toBe('replaced')
    expect(readFileSync(join(dir, 'reports', reportFileName(String(r.body.image))), 'utf8')).toBe(newer)
  })

  it('names the image and words a bad file as the browser does (readDroppedReport, the same core)', async () => {
    const grype = readFileSync(join(FIXTURES, 'grype.json'))
    const inBrowser = readDroppedReport(grype.toString('utf8'), 'C:\\Users\\me\\grype.json')
    expect(inBrowser).toEqual({ ok: false, line: expect.stringMatching(/^grype\.json: this is a Grype report/) })
    const r = await post(grype, own('grype.json'))
    expect(r.body.error).toBe(inBrowser.ok ? '' : inBrowser.line)
    const alm = readFileSync('data/reports/aqua/postee-alm-integration-image.json')
    const read = readDroppedReport(alm.toString('utf8'), 'alm.json')
    expect(read.ok && read.image).toBe((await post(alm, own('alm.json'))).body.image)
  })
})
