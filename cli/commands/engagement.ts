// kit engagement new | add | pull | summary | answers | agenda | report | export: one customer's folder of reports and policies.
// Subcommands are rows of one table, so more can be added (answers, report, export) without touching the rest.
import { runEngagementAgenda } from './engagement-agenda.ts'
import { runEngagementAnswers } from './engagement-answers.ts'
import { runEngagementReport } from './engagement-report.ts'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { addToEngagement, type AddOutcome } from '../../core/engagement/add.ts'
import { type EngagementConfig, isIsoDay } from '../../core/engagement/config.ts'
import { exportEngagement } from '../../core/engagement/export.ts'
import { createEngagement, isDiskFull, summarizeEngagement } from '../../core/engagement/folder.ts'
import { type PullProgress, PullError, pullEngagement } from '../../core/engagement/pull.ts'
import { AquaApiError, AquaClient, REGIONS, isRegion, redact } from '../../snippets/policy-push/aqua-client.ts'
import { type FlagOptions, UsageError, parseCommandLine, subcommandOf } from '../args.ts'
import { EXIT, KitError } from '../errors.ts'
import type { Output } from '../io.ts'
import { clean } from '../table.ts'

export const ENGAGEMENT_HELP = `Usage: kit engagement <command> [options]

An engagement is one customer's folder: engagement.yaml, reports/ and policies/.
Keep it outside the repository or under engagements/ (git-ignored): customer data never enters git.

Commands:
  new <dir> --customer "<name>"           create the folder
  add <dir> <file|folder>...              read reports and copy the good ones in (exit 2 if any was bad)
  pull <dir> --url <tenant or console URL> download registries, images, vulnerabilities and policies
  summary <dir> [--json]                  every image's counts and verdict under the policies in play
  answers <dir> [--json] [--at <n>]       the worksheet answers
  agenda <dir> [--set one-day|two-day]    the time-allocation table of the agreed agenda (exit 2 if a day does not fit)
  report <dir> --out <summary.pdf|.html>  the engagement summary for the customer (A4)
  export <dir> --out <folder>             the files that put it into practice: policies, inventory, CI, Postee

Run kit engagement <command> --help for the options of each command.`

type Values = Record<string, string | boolean | string[] | undefined>

interface Subcommand {
  help: string
  options: FlagOptions
  run: (values: Values, positionals: string[], io: Output) => Promise<number>
}

const NEW_HELP = `Usage: kit engagement new <dir> --customer "<name>" [--consultant "<name>"] [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--policy <file>...]

Creates <dir> with engagement.yaml, reports/ and policies/. Each --policy file is checked and
copied into policies/, and its policies are put in play. Dates default to today.

Options:
  --customer <name>    the customer (required)
  --consultant <name>  who runs the workshop
  --start, --end       the workshop's first and last day
  --policy <file>      an image assurance policy JSON file (repeat for more)
  -h, --help           show this help

Exit codes: 0 created, 2 bad usage, bad policy file, or <dir> is already an engagement.`

const ADD_HELP = `Usage: kit engagement add <dir> <file|folder>...

Reads every file (folders are walked; hidden files are skipped) as a Trivy JSON, Aqua scanner JSON
or Aqua image API report, decided from its content. Good files are copied into reports/, one per
image; a newer scan of an image already there replaces it, an older one is not copied. A report
that names no image is named after its file. Each bad file is listed on one line with what was
expected and where; the good ones are kept all the same.

Options:
  -h, --help  show this help

Exit codes: 0 every file added, 2 a file was bad (the others were added), the disk filled up, or bad usage.`

const PULL_HELP = `Usage: kit engagement pull <dir> --url <tenant or console URL> [--region us|eu-1|asia-1|asia-2|ap-2]

Downloads the tenant's registries, images with their vulnerabilities, and image assurance
policies into <dir> (GET requests only: nothing in the console changes). 10 requests per second
at most, as Aqua's Terraform provider does. Interrupted? Run the same command again: it resumes.

--url is the console (https://cloud.aquasec.com, https://eu-1.cloud.aquasec.com, ...), which also
sets the region, or the tenant's Workload Protection URL (then --region says where to sign in).

Environment:
  AQUA_API_KEY, AQUA_API_SECRET  an API key and its secret, or
  AQUA_USER, AQUA_PASSWORD       a user's email and password (never printed)
  AQUA_TOKEN_API, AQUA_PROV_URL  optional overrides of the region's token and provisioning URLs

Options:
  --url <url>        the console or tenant URL (required)
  --region <region>  SaaS region when --url is a tenant URL (default us)
  -h, --help         show this help

Exit codes: 0 done, 1 the API failed (run again to resume), 2 bad usage or an image was unreadable.`

const SUMMARY_HELP = `Usage: kit engagement summary <dir> [--json]

Every image in reports/ with its vulnerability counts (the rule of kit summary) and its verdict
under the policies engagement.yaml puts in play (the engine of kit gate).

Options:
  --json      print {"customer","policies":[…],"images":[{"image","format","vulnerabilities":{…},"fixable","verdict"}]}
  -h, --help  show this help

Exit codes: 0 success, 2 an unreadable report (the others are listed), bad engagement.yaml or bad usage.`

function oneDir(positionals: string[], command: string): string {
  if (positionals.length === 0) throw new UsageError('missing the engagement folder', command)
  return positionals[0]!
}

const today = () => new Date().toISOString().slice(0, 10)

/** The git work tree that would track files in `dir` (inside one and not ignored), else null. */
export function trackingWorkTree(dir: string, probe = join('reports', 'x.json')): string | null {
  let parent = resolve(dir)
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent)
  const git = (args: string[]) => execFileSync('git', ['-C', parent, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  let top: string
  try {
    top = git(['rev-parse', '--show-toplevel']).trim()
  } catch {
    return null // not in a work tree, or no git at all
  }
  try {
    git(['check-ignore', '-q', join(resolve(dir), probe)])
    return null
  } catch (error) {
    return (error as { status?: number }).status === 1 ? top : null
  }
}

async function runNew(values: Values, positionals: string[], io: Output): Promise<number> {
  const command = 'engagement new'
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the engagement folder' : `expected one folder, got ${positionals.length}`, command)
  const customer = typeof values.customer === 'string' ? values.customer.trim() : ''
  if (!customer) throw new UsageError('give the customer: --customer "<name>"', command)
  const start = (values.start as string | undefined) ?? today()
  const config: EngagementConfig = {
    version: 1,
    customer,
    consultant: (values.consultant as string | undefined) ?? '',
    dates: { start, end: (values.end as string | undefined) ?? start },
    policies: [],
  }
  for (const key of ['start', 'end'] as const) {
    if (!isIsoDay(config.dates[key])) throw new UsageError(`--${key} takes a date YYYY-MM-DD`, command)
  }
  const dir = positionals[0]!
  const tree = trackingWorkTree(dir)
  if (tree) {
    throw new KitError(`${dir} is inside the git work tree ${tree} and not git-ignored: customer data must never enter git. Create it outside the repository or under engagements/.`)
  }
  const names = await createEngagement(dir, config, (values.policy as string[] | undefined) ?? [])
  io.out(`Created ${dir} for ${clean(customer)}: engagement.yaml, reports/, policies/`)
  io.out(names.length ? `Policies in play: ${names.map(clean).join(', ')}` : 'No policies in play yet: add files to policies/ and list their names in engagement.yaml.')
  io.out(`Next: kit engagement add ${dir} <report files or folders>`)
  return EXIT.ok
}

function outcomeLine(o: Exclude<AddOutcome, { kind: 'bad' }>): string {
  const image = clean(o.image)
  const named = 'named' in o && o.named === 'file' ? ' (the report names no image: named after its file)' : ''
  if (o.kind === 'added') return `added     ${image} from ${clean(o.file)}${named}`
  if (o.kind === 'replaced') return `replaced  ${image}: ${clean(o.file)} replaces the scan kept before${o.previous ? ` (scanned ${o.previous})` : ''}${named}`
  if (o.previous === o.incoming) return `kept      ${image}: ${clean(o.file)} is already in the folder`
  return `kept      ${image}: ${clean(o.file)} is an older scan (${o.incoming ?? '?'}) than the one in the folder (${o.previous ?? '?'}); not copied`
}

async function runAdd(_values: Values, positionals: string[], io: Output): Promise<number> {
  const command = 'engagement add'
  const dir = oneDir(positionals, command)
  const inputs = positionals.slice(1)
  if (inputs.length === 0) throw new UsageError('give at least one report file or folder', command)
  const result = await addToEngagement(dir, inputs, {
    onOutcome: (o) => (o.kind === 'bad' ? io.err(`bad       ${clean(o.line)}`) : io.out(outcomeLine(o))),
  })
  const count = (kind: AddOutcome['kind']) => result.outcomes.filter((o) => o.kind === kind).length
  const bad = count('bad')
  io.out(`${count('added')} added, ${count('replaced')} replaced, ${count('kept')} kept as they were, ${bad} bad`)
  if (result.diskFull) {
    throw new KitError(`the disk is full: stopped at ${result.diskFull.file} with ${result.diskFull.remaining} file(s) not tried; every report in ${dir}/reports is whole. Free space and run the same command again.`)
  }
  return bad > 0 ? EXIT.input : EXIT.ok
}

function consoleRegion(url: URL): string | null {
  for (const [region] of Object.entries(REGIONS)) {
    const host = region === 'us' ? 'cloud.aquasec.com' : `${region}.cloud.aquasec.com`
    if (url.hostname === host) return region
  }
  return null
}

function progressLine(p: PullProgress): string {
  return `registries ${p.registries} · policies ${p.policies} · images ${p.imagesDone}/${p.imagesTotal || p.imagesListed}${p.imagesSkipped ? ` (${p.imagesSkipped} done before)` : ''} · vulnerabilities ${p.vulnerabilities}`
}

async function runPull(values: Values, positionals: string[], io: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const command = 'engagement pull'
  const dir = oneDir(positionals, command)
  if (positionals.length > 1) throw new UsageError(`expected one folder, got ${positionals.length}`, command)
  if (typeof values.url !== 'string') throw new UsageError('give the tenant or console URL: --url <url>', command)
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(values.url) ? values.url : `https://${values.url}`)
  } catch {
    throw new UsageError(`--url is not a URL: ${clean(values.url)}`, command)
  }
  const fromConsole = consoleRegion(url)
  const regionName = fromConsole ?? ((values.region as string | undefined) ?? 'us')
  if (!isRegion(regionName)) throw new UsageError(`unknown --region ${clean(regionName)} (one of ${Object.keys(REGIONS).join(', ')})`, command)
  const key = env.AQUA_API_KEY ?? ''
  const secret = env.AQUA_API_SECRET ?? ''
  const user = env.AQUA_USER ?? ''
  const password = env.AQUA_PASSWORD ?? ''
  if (!(key && secret) && !(user && password)) throw new UsageError('set AQUA_API_KEY and AQUA_API_SECRET (or AQUA_USER and AQUA_PASSWORD) in the environment', command)
  const hidden = [secret, password]
  const region = REGIONS[regionName]
  const client = new AquaClient({
    apiKey: key && secret ? key : '',
    apiSecret: key && secret ? secret : '',
    password,
    tokenApi: env.AQUA_TOKEN_API || region.tokenApi,
    provUrl: env.AQUA_PROV_URL || region.prov,
    eseUrl: fromConsole ? undefined : url.origin,
    requestsPerSecond: 10,
    burst: 3,
    log: (line) => io.err(line),
  })
  let last = ''
  try {
    if (key && secret) await client.authenticate()
    else await client.signIn(user, password)
    const ese = await client.resolveWorkloadUrl()
    io.out(`Pulling from ${ese} (region ${regionName}) into ${dir}`)
    const result = await pullEngagement(dir, client, {
      progress: (p) => {
        const line = progressLine(p)
        if (line !== last) io.out(line)
        last = line
      },
      problem: (line) => io.err(`bad       ${clean(client.redact(line))}`),
    })
    io.out(`Done: ${result.imagesDone} images (${result.replaced} replaced an older scan), ${result.vulnerabilities} vulnerabilities, ${result.policies} image policies, ${result.registries} registries.`)
    if (result.putInPlay.length) io.out(`engagement.yaml listed no policies; now in play: ${result.putInPlay.map(clean).join(', ')}`)
    return result.problems.length ? EXIT.input : EXIT.ok
  } catch (error) {
    if (error instanceof AquaApiError) {
      io.err(`error: ${clean(redact(pullSentence(error), [...hidden, ...client.secrets]))}`)
      return EXIT.internal
    }
    if (isDiskFull(error)) {
      io.err(`error: the disk is full; every file written so far is whole. Free space and run the same command again to resume.`)
      return EXIT.internal
    }
    if (error instanceof PullError) {
      io.err(`error: ${clean(client.redact(error.message))}; the pull stopped. Run the same command again to resume.`)
      return EXIT.internal
    }
    throw error
  }
}

/** The clear sentence for each way the API can fail; everything fetched so far is kept. */
function pullSentence(error: AquaApiError): string {
  const resume = 'Everything fetched so far is kept; run the same command again to resume.'
  if (error.kind === 'auth') return `${error.message} Nothing more was fetched.`
  if (error.status === 429) return `Aqua is limiting this key's requests (HTTP 429) and kept doing so after retries: ${error.message}. Wait a minute. ${resume}`
  if (error.status !== null && error.status >= 500) return `Aqua's server failed (HTTP ${error.status}) after retries: ${error.message}. ${resume}`
  if (error.kind === 'timeout' || error.kind === 'network') return `Aqua could not be reached: ${error.message}. ${resume}`
  return `${error.message}. ${resume}`
}

async function runSummaryCommand(values: Values, positionals: string[], io: Output): Promise<number> {
  const command = 'engagement summary'
  const dir = oneDir(positionals, command)
  if (positionals.length > 1) throw new UsageError(`expected one folder, got ${positionals.length}`, command)
  const { summary, problems } = await summarizeEngagement(dir)
  if (values.json) io.out(JSON.stringify(summary, null, 2))
  else {
    const failing = summary.images.filter((i) => i.verdict === 'non-compliant').length
    io.out(`${clean(summary.customer)}: ${summary.images.length} images, ${failing} non-compliant under ${summary.policies.length ? summary.policies.map(clean).join(', ') : 'no policies'}`)
    for (const i of summary.images) {
      const v = i.vulnerabilities
      io.out(`${i.verdict === 'compliant' ? 'compliant    ' : 'non-compliant'}  ${clean(i.image)}  critical ${v.critical}, high ${v.high}, medium ${v.medium}, low ${v.low}, total ${v.total}, fixable ${i.fixable} (${i.format})`)
    }
  }
  for (const line of problems) io.err(`bad       ${clean(line)}`)
  return problems.length ? EXIT.input : EXIT.ok
}

const EXPORT_HELP = `Usage: kit engagement export <dir> --out <folder>

Writes the files that put the engagement into practice, filled in from its answers, policies and
reports, into <folder> (created if needed; nothing is written outside it):
  policies/<name>.json         each policy in play, and the one designed in the workshop (passes kit policy lint)
  push/<stage>.json            the push script's environment file per stage of "Environments and approvers"
  push/<stage>.<name>.json     each policy in play for that stage: its registry and on-failure actions
                               (tsx snippets/policy-push/push-policies.ts --env <stage> --dir <folder>/push)
  registries.csv, .json        the registry inventory from the planner
  jenkins/Jenkinsfile.scan     the scan-only job with the registry in Aqua and an image of the engagement
  ci/…                         the pipeline of each CI tool chosen (GitHub Actions, GitLab CI, Azure Pipelines, TeamCity)
  postee/cfg.yaml              Postee routes to the targets chosen, docker-run.sh beside it; secrets stay environment variables
What cannot be made from the answers is listed on one line each, with why.

Options:
  --out <folder>  where the files go (required); keep it outside the repository or under engagements/
  -h, --help      show this help

Exit codes: 0 files written, 2 nothing could be written, an unreadable engagement folder, or bad usage.`

async function runExport(values: Values, positionals: string[], io: Output): Promise<number> {
  const command = 'engagement export'
  const dir = oneDir(positionals, command)
  if (positionals.length > 1) throw new UsageError(`expected one folder, got ${positionals.length}`, command)
  if (typeof values.out !== 'string' || !values.out.trim()) throw new UsageError('give the folder for the files: --out <folder>', command)
  const out = values.out
  const tree = trackingWorkTree(out, 'x.json')
  if (tree) throw new KitError(`${out} is inside the git work tree ${tree} and not git-ignored: the exported files hold customer data and must never enter git. Export outside the repository or under engagements/.`)
  const result = await exportEngagement(dir, out)
  for (const line of result.problems) io.err(`warning   ${clean(line)}`)
  for (const file of result.files) io.out(`wrote     ${clean(file.path)}: ${clean(file.what)}`)
  for (const line of result.skipped) io.out(`skipped   ${clean(line)}`)
  io.out(`${result.files.length} file(s) written to ${out}, ${result.skipped.length} skipped`)
  return result.files.length ? EXIT.ok : EXIT.input
}

export const ENGAGEMENT_COMMANDS: Record<string, Subcommand> = {
  new: {
    help: NEW_HELP,
    options: { customer: { type: 'string' }, consultant: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, policy: { type: 'string', multiple: true } },
    run: runNew,
  },
  add: { help: ADD_HELP, options: {}, run: runAdd },
  pull: { help: PULL_HELP, options: { url: { type: 'string' }, region: { type: 'string' } }, run: (v, p, io) => runPull(v, p, io) },
  summary: { help: SUMMARY_HELP, options: { json: { type: 'boolean' } }, run: runSummaryCommand },
  export: { help: EXPORT_HELP, options: { out: { type: 'string' } }, run: runExport },
}

export async function runEngagement(argv: readonly string[], io: Output): Promise<number> {
  const word = subcommandOf(argv, ENGAGEMENT_HELP, io)
  if ('exit' in word) return word.exit
  const { name, rest } = word
  // `answers` (issue 13) parses its own options: cli/commands/engagement-answers.ts.
  if (name === 'answers') return runEngagementAnswers(rest, io)
  // `agenda` (issue 14): cli/commands/engagement-agenda.ts.
  if (name === 'agenda') return runEngagementAgenda(rest, io)
  // `report` (issue 13): cli/commands/engagement-report.ts.
  if (name === 'report') return runEngagementReport(rest, io)
  const sub = ENGAGEMENT_COMMANDS[name]
  if (!sub) throw new UsageError(`unknown engagement command "${clean(name)}" (one of ${Object.keys(ENGAGEMENT_COMMANDS).join(', ')})`, 'engagement')
  const parsed = parseCommandLine(rest, sub.options, `engagement ${name}`)
  if (parsed.help) {
    io.out(sub.help)
    return EXIT.ok
  }
  return sub.run(parsed.values as Values, parsed.positionals, io)
}
