// `kit engagement pull`: the tenant's registries, images (each with its vulnerabilities) and image
// assurance policies into the engagement folder (Node only). Read-only on the tenant: GET requests only.
//
// Endpoints and answers, from the public clients:
//   GET /api/v1/registries                          → [registry]        (terraform-provider-aquasec client/registries.go)
//   GET /api/v2/images?page=&pagesize=              → {count, page, pagesize, result[]}  (aqua-sdk-go client/images_all.go, types/images/images.go)
//   GET /api/v2/images/{registry}/{repo}/{tag}      → the image object  (terraform-provider-aquasec client/image.go)
//   GET /api/v2/risks/vulnerabilities?page=&pagesize=&include_vpatch_info=true&show_negligible=true&hide_base_image=false&image_name=<repo>:<tag>&registry_name=<registry>
//                                                   → {count, page, pagesize, result[]}  (terraform-provider-aquasec client/vulnerabilities.go)
//   GET /api/v2/assurance_policy?page=&pagesize=    → {count, page, pagesize, result[]}, every type (aqua-sdk-go client/assurance_policies.go)
// Paging stops when page × pagesize reaches `count` (as the Terraform client does) or a page is empty.
//
// Resumable: every list page and every image's report is written atomically; finished images are
// appended to .pull/done.jsonl. After an interruption the same command skips what is done.
import { appendFile, mkdir, readFile, readdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { readPolicy } from '../policy/read.ts'
import { ReportError, oneLine } from '../readers/errors.ts'
import { readReport } from '../report.ts'
import { POLICIES_DIR, PULL_DIR, REPORTS_DIR } from './config.ts'
import { type StoreTarget, storeScan } from './add.ts'
import { policiesInPlay, policyFileName, readEngagementConfig, recordRows, verdictKey, writeEngagementConfig, writeFileAtomic } from './folder.ts'
import type { EngagementImage } from './images.ts'

/** What the pull needs from an API client: one authenticated GET returning parsed JSON. */
export interface PullApi {
  getJson(pathAndQuery: string): Promise<unknown>
}

export interface PullProgress {
  registries: number
  imagesListed: number
  imagesTotal: number
  imagesDone: number
  imagesSkipped: number
  vulnerabilities: number
  policies: number
}

export interface PullResult extends PullProgress {
  /** One line per answer that could not be read as a report (the image is left out, the pull goes on). */
  problems: string[]
  replaced: number
  /** Set when engagement.yaml listed no policies and the pulled image policies were put in play. */
  putInPlay: string[]
}

/** Page sizes: the image list as aqua-sdk-go asks (1000 by default, smaller here to save often), vulnerabilities as the Terraform provider does (50). */
export const IMAGE_PAGE_SIZE = 100
export const VULNERABILITY_PAGE_SIZE = 50
const POLICY_PAGE_SIZE = 100

type Json = Record<string, unknown>

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function listPage(answer: unknown, what: string): { count: number; result: unknown[] } {
  if (!isObject(answer) || !Array.isArray(answer.result)) throw new PullError(`the ${what} list answered without a "result" array`)
  const count = typeof answer.count === 'number' ? answer.count : answer.result.length
  return { count, result: answer.result }
}

export class PullError extends Error {
  override name = 'PullError'
}

/** An image's registry, repository and tag from a list entry (`repository`, or `name` in older answers). */
function imageRef(entry: unknown): { registry: string; repository: string; tag: string } | null {
  if (!isObject(entry)) return null
  const registry = typeof entry.registry === 'string' ? entry.registry : ''
  const repository = typeof entry.repository === 'string' && entry.repository ? entry.repository : typeof entry.name === 'string' ? entry.name : ''
  const tag = typeof entry.tag === 'string' ? entry.tag : ''
  return registry && repository && tag ? { registry, repository, tag } : null
}

const seg = (s: string) => encodeURIComponent(s)
const repoPath = (repo: string) => repo.split('/').map(seg).join('/')

async function readJsonIfAny(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch {
    return undefined
  }
}

/** Every page of a paged list, each page kept under .pull/ so a second run does not fetch it again. */
async function pagedList(api: PullApi, path: string, query: string, pageSize: number, what: string, keep: string | null, onPage?: (listed: number, count: number) => void): Promise<unknown[]> {
  const all: unknown[] = []
  for (let page = 1; ; page++) {
    const file = keep ? join(keep, `${what}-${String(page).padStart(5, '0')}.json`) : null
    let answer = file ? await readJsonIfAny(file) : undefined
    if (answer === undefined) {
      answer = await api.getJson(`${path}?page=${page}&pagesize=${pageSize}${query}`)
      if (file) await writeFileAtomic(file, JSON.stringify(answer))
    }
    const { count, result } = listPage(answer, what)
    all.push(...result)
    onPage?.(all.length, count)
    if (result.length === 0 || page * pageSize >= count) return all
  }
}

export async function pullEngagement(
  dir: string,
  api: PullApi,
  options: { now?: Date; progress?: (p: PullProgress) => void; problem?: (line: string) => void } = {},
): Promise<PullResult> {
  const now = options.now ?? new Date()
  await readEngagementConfig(dir)
  const state = join(dir, PULL_DIR)
  await mkdir(state, { recursive: true })
  await mkdir(join(dir, REPORTS_DIR), { recursive: true })
  await mkdir(join(dir, POLICIES_DIR), { recursive: true })
  const p: PullResult = { registries: 0, imagesListed: 0, imagesTotal: 0, imagesDone: 0, imagesSkipped: 0, vulnerabilities: 0, policies: 0, problems: [], replaced: 0, putInPlay: [] }
  const tell = () => options.progress?.({ ...p })
  const problem = (line: string) => {
    p.problems.push(line)
    options.problem?.(line)
  }

  const registries = await api.getJson('/api/v1/registries')
  if (!Array.isArray(registries)) throw new PullError('the registry list answered without a JSON array')
  await writeFileAtomic(join(state, 'registries.json'), `${JSON.stringify(registries, null, 2)}\n`)
  p.registries = registries.length
  tell()

  // Policies first: the verdicts of the images written below are computed under them.
  const policyEntries = await pagedList(api, '/api/v2/assurance_policy', '&order_by=name', POLICY_PAGE_SIZE, 'policies', null)
  const pulledNames: string[] = []
  for (const [i, entry] of policyEntries.entries()) {
    if (!isObject(entry) || entry.assurance_type !== 'image') continue
    try {
      const policy = readPolicy(entry, `/api/v2/assurance_policy result[${i}]`)
      await writeFileAtomic(join(dir, POLICIES_DIR, policyFileName(policy.name)), `${JSON.stringify(policy, null, 2)}\n`)
      pulledNames.push(policy.name)
      p.policies++
    } catch (error) {
      problem(error instanceof Error ? error.message.split('\n').join(' ') : String(error))
    }
  }
  tell()

  let config = await readEngagementConfig(dir)
  if (config.policies.length === 0 && pulledNames.length > 0) {
    config = { ...config, policies: pulledNames }
    await writeEngagementConfig(dir, config)
    p.putInPlay = pulledNames
  }
  const policies = await policiesInPlay(dir, config)
  const key = verdictKey(policies, now)
  const list = await pagedList(api, '/api/v2/images', '', IMAGE_PAGE_SIZE, 'images', state, (listed, count) => {
    p.imagesListed = listed
    p.imagesTotal = count
    tell()
  })

  const donePath = join(state, 'done.jsonl')
  const doneText = ((await readFile(donePath, 'utf8').catch(() => '')) as string).split('\n')
  // The last line may be cut off by an interruption: only whole lines count.
  const done = new Set(doneText.slice(0, -1).filter(Boolean))
  const target: StoreTarget = { dir, reports: join(dir, REPORTS_DIR), reportsReal: resolve(dir, REPORTS_DIR) }
  const rows: Array<{ name: string; row: EngagementImage; written: { size: number; mtimeMs: number } }> = []
  try {
    for (const entry of list) {
      const ref = imageRef(entry)
      if (!ref) {
        problem(`/api/v2/images: an entry without registry, repository and tag was left out`)
        continue
      }
      const id = `${ref.registry}/${ref.repository}:${ref.tag}`
      if (done.has(id)) {
        p.imagesSkipped++
        p.imagesDone++
        tell()
        continue
      }
      const detail = await api.getJson(`/api/v2/images/${seg(ref.registry)}/${repoPath(ref.repository)}/${seg(ref.tag)}`)
      if (!isObject(detail)) throw new PullError(`the image ${id} answered without a JSON object`)
      const query = `&include_vpatch_info=true&show_negligible=true&hide_base_image=false&image_name=${seg(`${ref.repository}:${ref.tag}`)}&registry_name=${seg(ref.registry)}`
      const vulnerabilities = await pagedList(api, '/api/v2/risks/vulnerabilities', query, VULNERABILITY_PAGE_SIZE, 'vulnerabilities', null)
      const text = `${JSON.stringify({ ...detail, vulnerabilities })}\n`
      const source = `${id} (Aqua image API)`
      try {
        const scan = readReport(text, source)
        const stored = await storeScan(target, source, Buffer.from(text), scan, policies, now)
        if (stored.row) rows.push(stored.row)
        if (stored.outcome.kind === 'replaced') p.replaced++
        p.vulnerabilities += scan.findings.length
      } catch (error) {
        if (!(error instanceof ReportError)) throw error
        problem(oneLine(error))
      }
      await appendFile(donePath, `${id}\n`)
      p.imagesDone++
      tell()
    }
  } finally {
    await recordRows(dir, rows, key)
  }
  // A finished pull leaves no resume state behind, so the next pull fetches the tenant afresh.
  for (const name of await readdir(state)) if (name === 'done.jsonl' || /^images-\d+\.json$/.test(name)) await rm(join(state, name), { force: true })
  return p
}
