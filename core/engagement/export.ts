// `kit engagement export`: the files that put an engagement into practice, filled in from its
// answers, policies and images. `exportPlan` is pure (answers, policies, images and snippet texts in;
// file texts and skip lines out); `exportEngagement` reads the folder and the kit's snippets and
// writes the plan under --out, atomically.
//
// Every answer is text: it reaches a file only through that format's serializer (JSON.stringify,
// the `yaml` package, a Groovy or Kotlin string literal), never pasted into the file raw.
import { mkdir, readFile, realpath } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument, stringify } from 'yaml'
import { lintPolicy } from '../policy/lint.ts'
import { readPolicy } from '../policy/read.ts'
import { registriesToCsv, registriesToJson, registryRowsFromRecord } from '../registries.ts'
import type { ImageAssurancePolicy } from '../types.ts'
import { loadAnswers, readAnswers, type AnswersRecord, type AnswersView } from './answers.ts'
import { readEngagementConfig, policiesInPlay, policyFileName, summarizeEngagement, writeFileAtomic } from './folder.ts'

/** The push script's stages and the base name of each stage's files (snippets/policy-push/push-policies.ts). */
export const STAGES = ['dev', 'non-prod', 'prod'] as const
export type Stage = (typeof STAGES)[number]
export const STAGE_FILE: Record<Stage, string> = { dev: 'dev-test', 'non-prod': 'non-prod', prod: 'prod' }

/** The record field where PolicyEditor keeps the policy designed in the workshop (slides/03). */
export const DESIGNED_POLICY_FIELD = 'policy-custom.json'

export type CiTool = 'github-actions' | 'gitlab-ci' | 'azure-pipelines' | 'teamcity' | 'jenkins'
/** Where each CI tool's snippet is, under snippets/, and where its filled-in copy goes under --out. */
export const CI_FILES: Record<Exclude<CiTool, 'jenkins'>, { snippet: string; out: string }> = {
  'github-actions': { snippet: 'ci/github-actions.yml', out: 'ci/github-actions.yml' },
  'gitlab-ci': { snippet: 'ci/gitlab-ci.yml', out: 'ci/.gitlab-ci.yml' },
  'azure-pipelines': { snippet: 'ci/azure-pipelines.yml', out: 'ci/azure-pipelines.yml' },
  teamcity: { snippet: 'ci/teamcity/settings.kts', out: 'ci/teamcity/settings.kts' },
}
export const JENKINS_SCAN = { snippet: 'jenkins/Jenkinsfile.scan', out: 'jenkins/Jenkinsfile.scan' }
export const POSTEE = { snippet: 'postee/cfg.yaml', out: 'postee/cfg.yaml' }
/** Renders cfg.yaml's addresses from environment variables and runs Postee; copied beside the config as it is. */
export const POSTEE_RUN = { snippet: 'postee/docker-run.sh', out: 'postee/docker-run.sh' }
export const STAGE_SNIPPET_DIR = 'policies/env'

/** The snippet texts the export fills in, by their path under snippets/. */
export type SnippetTexts = Record<string, string>

export interface ExportInput {
  customer: string
  /** The policies engagement.yaml puts in play, as read from policies/. */
  policies: readonly ImageAssurancePolicy[]
  record: AnswersRecord
  /** The engagement's image names (from its reports), sorted. */
  images: readonly string[]
  snippets: SnippetTexts
}

export interface ExportedFile {
  /** Relative to --out, with forward slashes. */
  path: string
  text: string
  /** What it is, for the command's one line per file. */
  what: string
}

export interface ExportPlan {
  files: ExportedFile[]
  /** One line per thing not written, saying why. */
  skipped: string[]
}

// ---- reading the answers ------------------------------------------------------------------------

const value = (view: AnswersView, path: string): string => {
  for (const w of view.worksheets) {
    for (const f of [...w.answers, ...w.rows.flatMap((r) => r.cells)]) if (f.path === path) return f.value.trim()
  }
  return (view.other[path] ?? '').trim()
}

/** The rows of a table worksheet that have any value, as field → value. */
function tableRows(view: AnswersView, sheet: string): Array<Record<string, string>> {
  const w = view.worksheets.find((x) => x.sheet.id === sheet)
  if (!w) return []
  return w.rows
    .map((row) => Object.fromEntries(row.cells.map((c) => [c.key, c.value.trim()])))
    .filter((row) => Object.values(row).some((v) => v !== ''))
}

/** The stage a free-text stage name means ("Dev/Test", "Staging", "Production"…), or null. */
export function stageOf(text: string): Stage | null {
  const t = text.toLowerCase()
  if (/non[\s-]?prod|stag|\buat\b|\bqa\b|pre[\s-]?prod/.test(t)) return 'non-prod'
  if (/prod/.test(t)) return 'prod'
  if (/dev|test/.test(t)) return 'dev'
  return null
}

export interface StageActions {
  audit_on_failure: boolean
  fail_cicd: boolean
  block_failed: boolean
}

/** The worksheet's "On failure: audit, fail CI/CD, block" answer as policy actions, or null when unclear. */
export function actionsOf(text: string): StageActions | null {
  const t = text.toLowerCase()
  if (/block/.test(t)) return { audit_on_failure: true, fail_cicd: true, block_failed: true }
  if (/fail/.test(t)) return { audit_on_failure: true, fail_cicd: true, block_failed: false }
  if (/audit/.test(t)) return { audit_on_failure: true, fail_cicd: false, block_failed: false }
  return null
}

/** The CI tool a free-text answer names, or null. */
export function ciToolOf(text: string): CiTool | null {
  const t = text.toLowerCase()
  if (/github/.test(t)) return 'github-actions'
  if (/gitlab/.test(t)) return 'gitlab-ci'
  if (/azure|\bado\b|devops/.test(t)) return 'azure-pipelines'
  if (/teamcity/.test(t)) return 'teamcity'
  if (/jenkins|cloudbees/.test(t)) return 'jenkins'
  return null
}

export type PosteeTarget = 'slack' | 'teams' | 'email' | 'jira'
const POSTEE_ACTION: Record<PosteeTarget, string> = { slack: 'security-slack', teams: 'security-teams', email: 'security-email', jira: 'security-jira' }

/** The Postee targets a free-text answer names ("Slack #sec and a Jira ticket"). */
export function posteeTargetsOf(text: string): PosteeTarget[] {
  const t = text.toLowerCase()
  const found: PosteeTarget[] = []
  if (/slack/.test(t)) found.push('slack')
  if (/teams/.test(t)) found.push('teams')
  if (/e-?mail|@/.test(t)) found.push('email')
  if (/jira/.test(t)) found.push('jira')
  return found
}

// Docker's reference grammar (github.com/distribution/distribution, reference/reference.go):
// reference := name [":" tag] ["@" digest], name := [domain "/"] path-component ["/" path-component]*; the first
// part is a host only when it has a "." or ":" or is localhost, and the path is lower-case.
const HOST = /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::\d+)?)$/
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^sha256:[a-f0-9]{64}$/

/** A name a registry can serve: not an archive Trivy scanned from disk (alpine-39.tar.gz). */
export function isImageReference(name: string): boolean {
  if (name.length > 255 || /\.(tar|tar\.gz|tgz)$/i.test(name)) return false
  const [rest, digest, ...more] = name.split('@')
  if (more.length || (digest !== undefined && !DIGEST.test(digest))) return false
  const parts = rest!.split('/')
  const first = parts[0]!
  if (parts.length > 1 && (/[.:]/.test(first) || first === 'localhost')) {
    if (!HOST.test(first)) return false
    parts.shift()
  }
  const last = parts.at(-1)!
  const colon = last.indexOf(':')
  if (colon !== -1) {
    if (!TAG.test(last.slice(colon + 1))) return false
    parts[parts.length - 1] = last.slice(0, colon)
  }
  return parts.length > 0 && parts.every((p) => COMPONENT.test(p))
}

/** An image reference without its registry host (what Jenkins' hosted mode takes: repository:tag). */
export function withoutRegistryHost(image: string): string {
  const slash = image.indexOf('/')
  if (slash === -1) return image
  const first = image.slice(0, slash)
  return /[.:]/.test(first) || first === 'localhost' ? image.slice(slash + 1) : image
}

/** The repository of a reference: without tag and digest. */
export function repositoryOf(image: string): string {
  const noDigest = image.split('@')[0]!
  const colon = noDigest.lastIndexOf(':')
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest
}

// ---- string literals of the file formats ---------------------------------------------------------

/** A Groovy single-quoted string literal (no interpolation, so `${…}` stays text). */
export function groovyString(text: string): string {
  return `'${text.replace(/[\\'\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\\' ? '\\\\' : c === "'" ? "\\'" : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}'`
}

/**
 * A Kotlin string literal whose TeamCity value is the text itself: `$` starts a Kotlin template, and
 * TeamCity reads %…% as a parameter reference ("use double percentage signs to escape them",
 * jetbrains.com/help/teamcity/command-line.html).
 */
export function kotlinString(text: string): string {
  return `"${text.replace(/[\\"$\u0000-\u001f]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '$' ? '\\$' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).replace(/%/g, '%%')}"`
}

/** A GitHub Actions expression string literal: single quotes, "escape the literal single quote using an additional single quote" (docs.github.com/en/actions/learn-github-actions/expressions#literals). */
const actionsString = (text: string) => `'${text.replace(/'/g, "''")}'`

// ---- the plan ----------------------------------------------------------------------------------

const json = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`

/** A policy file name's stem for `<stage>.<suffix>.json` (the push script takes [A-Za-z0-9_-]). */
const suffixOf = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'policy'

function lintErrors(policy: unknown, file: string): string[] {
  return lintPolicy(policy, file)
    .filter((p) => p.severity === 'error')
    .map((p) => `${file} ${p.path}: ${p.message}`)
}

interface StagePlan {
  stage: Stage
  label: string
  registry: string
  actions: StageActions
}

/** Each stage the worksheet "Environments and approvers" gives, with its registry and actions. */
function stagePlans(view: AnswersView, defaults: Record<Stage, StageActions>, skipped: string[]): StagePlan[] {
  const plans: StagePlan[] = []
  for (const row of tableRows(view, 'gitops-environments')) {
    const stage = stageOf(row.stage ?? '')
    const label = row.stage || '(unnamed)'
    if (!stage) {
      skipped.push(`environment "${label}" is none of dev, non-prod, prod: no policy files written for it`)
      continue
    }
    if (plans.some((p) => p.stage === stage)) {
      skipped.push(`environment "${label}" is a second ${stage} row: only the first is exported`)
      continue
    }
    if (!row.registry) {
      skipped.push(`environment "${label}" names no registry: no ${stage} policy files written (a policy without a registry scope would cover every image)`)
      continue
    }
    const actions = actionsOf(row['on-failure'] ?? '')
    if (!actions && row['on-failure']) skipped.push(`environment "${label}": on failure "${row['on-failure']}" is none of audit, fail CI/CD, block; the ${stage} stage's own actions are kept`)
    plans.push({ stage, label, registry: row.registry, actions: actions ?? defaults[stage] })
  }
  return plans
}

/** What a stage's actions do, in the words of the push script's own stage files (snippets/policies/env). */
export function actionsSentence(actions: StageActions): string {
  if (actions.block_failed) return 'Fails CI/CD and marks failing images non-compliant so enforcers can block them.'
  if (actions.fail_cicd) return 'Fails the CI/CD scan step (scanner exit code 4) but does not mark images for blocking.'
  return 'Audit only: failures are written to the audit log, nothing fails or is blocked.'
}

const sameActions = (a: StageActions, b: StageActions) => a.audit_on_failure === b.audit_on_failure && a.fail_cicd === b.fail_cicd && a.block_failed === b.block_failed

const registryScope = (registry: string) => ({ expression: 'v1', variables: [{ attribute: 'aqua.registry', value: registry }] })

export function exportPlan(input: ExportInput): ExportPlan {
  const view = readAnswers(input.record)
  const files: ExportedFile[] = []
  const skipped: string[] = []
  const add = (path: string, text: string, what: string) => {
    const taken = files.find((f) => f.path === path)
    if (taken) skipped.push(`${what} would be written to ${path}, as ${taken.what} is: only the first is written`)
    else files.push({ path, text, what })
  }

  // Policies in play: engagement.yaml's, and the one designed in the workshop.
  const policies: ImageAssurancePolicy[] = [...input.policies]
  const designed = input.record.fields[DESIGNED_POLICY_FIELD]?.value ?? ''
  if (designed.trim()) {
    try {
      const policy = readPolicy(JSON.parse(designed), DESIGNED_POLICY_FIELD)
      if (policies.some((p) => p.name === policy.name)) skipped.push(`the designed policy "${policy.name}" has the name of a policy in play: the one under policies/ is exported`)
      else policies.push(policy)
    } catch (error) {
      skipped.push(`the designed policy (${DESIGNED_POLICY_FIELD} in answers.json) is not a valid policy: ${(error as Error).message.split('\n')[0]}; not exported`)
    }
  }
  if (!policies.length) skipped.push('no policies in play and none designed: no policy files written')
  for (const policy of policies) {
    const path = `policies/${policyFileName(policy.name)}`
    const problems = lintErrors(policy, path)
    if (problems.length) skipped.push(`${problems[0]}; not exported`)
    else add(path, json(policy), `policy "${policy.name}" as it is in play`)
  }

  // Per environment, for the push script: its stage file and each policy in play, scoped to the stage's registry.
  const stageSnippets = {} as Record<Stage, Record<string, unknown>>
  for (const stage of STAGES) stageSnippets[stage] = JSON.parse(input.snippets[`${STAGE_SNIPPET_DIR}/${STAGE_FILE[stage]}.json`]!) as Record<string, unknown>
  const defaults = Object.fromEntries(
    STAGES.map((s) => [s, { audit_on_failure: stageSnippets[s].audit_on_failure === true, fail_cicd: stageSnippets[s].fail_cicd === true, block_failed: stageSnippets[s].block_failed === true }]),
  ) as Record<Stage, StageActions>
  const stages = stagePlans(view, defaults, skipped)
  if (!stages.length && !tableRows(view, 'gitops-environments').length) skipped.push('no environments in "Environments and approvers" (gitops-environments): no push/ files for the push script written')
  for (const plan of stages) {
    const base = STAGE_FILE[plan.stage]
    // A description must not claim actions the stage no longer has.
    const stageDescription = sameActions(plan.actions, defaults[plan.stage]) ? {} : { description: `${plan.stage} stage of the GitOps-managed policy. ${actionsSentence(plan.actions)}` }
    const stageFile = { ...stageSnippets[plan.stage], ...stageDescription, scope: registryScope(plan.registry), ...plan.actions }
    add(`push/${base}.json`, json(stageFile), `the push script's ${plan.stage} environment file (registry "${plan.registry}")`)
    for (const policy of policies) {
      const description = `${plan.stage} stage of "${policy.name}" (its controls, in ${policyFileName(policy.name)}), on images in the registry "${plan.registry}". ${actionsSentence(plan.actions)}`
      // The source's own server fields and scoping give way to the stage's registry.
      const { id: _id, author: _author, lastupdate: _lastupdate, registries: _registries, images: _images, labels: _labels, ...controls } = policy as ImageAssurancePolicy & Record<string, unknown>
      const staged = { ...controls, name: `${policy.name}-${plan.stage}`, description, assurance_type: 'image', application_scopes: policy.application_scopes?.length ? policy.application_scopes : ['Global'], scope: registryScope(plan.registry), ...plan.actions }
      const path = `push/${base}.${suffixOf(policy.name)}.json`
      const problems = lintErrors(staged, path)
      if (problems.length) skipped.push(`${problems[0]}; not exported`)
      else add(path, json(staged), `policy "${policy.name}" for ${plan.stage}`)
    }
  }

  // The registry inventory.
  const registries = registryRowsFromRecord(input.record).filter((r) => r.name.trim() || r.type)
  if (registries.length) {
    add('registries.csv', registriesToCsv(registries), `the registry inventory (${registries.length} ${registries.length === 1 ? 'registry' : 'registries'}) as CSV`)
    add('registries.json', registriesToJson(registries), 'the registry inventory as JSON')
  } else skipped.push('no registries in the planner (registries worksheet): no registry inventory written')

  // The image and registry the CI files scan.
  const image = input.images.find(isImageReference)
  const badImages = input.images.filter((i) => !isImageReference(i))
  if (badImages.length) skipped.push(`${badImages.length} image name(s) are not registry image references (e.g. "${badImages[0]}"): not used in CI files`)
  const registry = value(view, 'registry-values.name') || registries.find((r) => r.name.trim())?.name.trim() || ''

  if (!image) skipped.push('no image in reports/ to scan: no Jenkinsfile and no CI file written')
  else if (!registry) skipped.push('no registry named (registry-values.name or the registry planner): no scan-only Jenkinsfile written')
  else {
    const hosted = withoutRegistryHost(image)
    let text = input.snippets[JENKINS_SCAN.snippet]!
    text = replaceOnce(text, "defaultValue: 'alpine:3.4'", `defaultValue: ${groovyString(hosted)}`, JENKINS_SCAN.snippet)
    text = replaceOnce(text, "defaultValue: 'Docker Hub'", `defaultValue: ${groovyString(registry)}`, JENKINS_SCAN.snippet)
    add(JENKINS_SCAN.out, text, `the scan-only Jenkins job for ${hosted} in "${registry}"`)
  }

  const tools = tableRows(view, 'ci-tools').map((r) => r.tool ?? '').filter(Boolean)
  const chosen = [...new Set(tools.map(ciToolOf).filter((t): t is Exclude<CiTool, 'jenkins'> => t !== null && t !== 'jenkins'))]
  for (const tool of tools) if (!ciToolOf(tool)) skipped.push(`CI tool "${tool}" has no snippet in the kit (GitHub Actions, GitLab CI, Azure Pipelines, TeamCity, Jenkins): no CI file written for it`)
  if (!tools.length) skipped.push('no CI tool chosen (ci-tools): no CI file written')
  if (image) for (const tool of chosen) add(CI_FILES[tool].out, fillCi(tool, input.snippets[CI_FILES[tool].snippet]!, image), `the ${tool} pipeline for ${image}`)

  // Postee: the routes to the targets chosen; secrets stay environment variables.
  const targets = [...new Set([value(view, 'ci-scan-step.notify'), value(view, 'siem-target.platform')].flatMap(posteeTargetsOf))]
  if (targets.length) {
    add(POSTEE.out, posteeFor(input.snippets[POSTEE.snippet]!, targets), `Postee routes to ${targets.join(', ')}`)
    add(POSTEE_RUN.out, input.snippets[POSTEE_RUN.snippet]!, 'runs Postee with that config (bash docker-run.sh)')
  } else skipped.push('no Postee target chosen (ci-scan-step.notify or siem-target.platform names none of Slack, Teams, email, Jira): no Postee config written')

  return { files, skipped }
}

function replaceOnce(text: string, from: string, to: string, file: string): string {
  const at = text.indexOf(from)
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`snippets/${file} no longer holds ${from} once: update core/engagement/export.ts`)
  return text.slice(0, at) + to + text.slice(at + from.length)
}

/** The CI snippet with the customer's image: through the YAML document or a Kotlin literal. */
function fillCi(tool: Exclude<CiTool, 'jenkins'>, snippet: string, image: string): string {
  if (tool === 'teamcity') return replaceOnce(snippet, 'text("env.IMAGE_NAME", "registry.example.com/workshop/app:latest"', `text("env.IMAGE_NAME", ${kotlinString(image)}`, CI_FILES.teamcity.snippet)
  const doc = parseDocument(snippet)
  const repository = repositoryOf(image)
  if (tool === 'github-actions') {
    doc.setIn(['on', 'workflow_dispatch', 'inputs', 'image_name', 'default'], image)
    const expression = String(doc.getIn(['env', 'IMAGE_NAME']))
    if (!expression.includes('vars.IMAGE_REPOSITORY')) throw new Error(`snippets/${CI_FILES[tool].snippet}: env.IMAGE_NAME no longer uses vars.IMAGE_REPOSITORY`)
    doc.setIn(['env', 'IMAGE_NAME'], expression.replace('vars.IMAGE_REPOSITORY', actionsString(repository)))
  } else if (tool === 'gitlab-ci') {
    doc.setIn(['variables', 'IMAGE_NAME', 'value'], `${repository}:$CI_COMMIT_SHORT_SHA`)
  } else {
    doc.setIn(['parameters', 0, 'default'], image)
  }
  return doc.toString()
}

interface PosteeDoc {
  routes: Array<{ actions: string[] } & Record<string, unknown>>
  actions: Array<{ name: string; type: string; enable: unknown } & Record<string, unknown>>
  [key: string]: unknown
}

/**
 * cfg.yaml with only the chosen targets: the other targets' actions, and routes left with none, are
 * dropped. Each action keeps its $VAR references (docker-run.sh fills in addresses and switches a
 * target on when its variables are set; Postee reads user, password and token from the environment).
 */
function posteeFor(snippet: string, targets: readonly PosteeTarget[]): string {
  const cfg = parseDocument(snippet).toJS() as PosteeDoc
  const keep = new Set(['postee-log', ...targets.map((t) => POSTEE_ACTION[t])])
  cfg.actions = cfg.actions.filter((a) => keep.has(a.name))
  cfg.routes = cfg.routes.map((r) => ({ ...r, actions: r.actions.filter((a) => keep.has(a)) })).filter((r) => r.actions.length > 0)
  const used = new Set(cfg.routes.map((r) => r.template))
  cfg.templates = (cfg.templates as Array<{ name: string }>).filter((t) => used.has(t.name))
  const header = `# Postee for this engagement: every scan to Postee's log, and image assurance results to ${targets.join(', ')}.\n# Secrets and addresses are environment variables, never written here: run bash docker-run.sh beside this file.\n`
  return header + stringify(cfg, { aliasDuplicateObjects: false })
}

// ---- the folder ---------------------------------------------------------------------------------

export const SNIPPETS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../snippets')

export async function readSnippets(dir = SNIPPETS_DIR): Promise<SnippetTexts> {
  const paths = [JENKINS_SCAN.snippet, POSTEE.snippet, POSTEE_RUN.snippet, ...Object.values(CI_FILES).map((f) => f.snippet), ...STAGES.map((s) => `${STAGE_SNIPPET_DIR}/${STAGE_FILE[s]}.json`)]
  return Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await readFile(join(dir, p), 'utf8')] as const)))
}

export interface ExportResult extends ExportPlan {
  /** Problems reading the folder that did not stop the export (a bad report, a broken answers.json). */
  problems: string[]
}

/** Reads the engagement, plans the export and writes every file under `out` (atomically, never outside it). */
export async function exportEngagement(dir: string, out: string): Promise<ExportResult> {
  const config = await readEngagementConfig(dir)
  const policies = await policiesInPlay(dir, config)
  const { record, problems } = await loadAnswers(dir)
  const summary = await summarizeEngagement(dir)
  const plan = exportPlan({ customer: config.customer, policies, record, images: summary.summary.images.map((i) => i.image), snippets: await readSnippets() })
  await mkdir(out, { recursive: true })
  const root = await realpath(out)
  for (const file of plan.files) {
    const target = resolve(root, file.path)
    const inside = relative(root, target)
    if (!inside || inside.startsWith('..') || isAbsolute(inside)) throw new Error(`refusing to write ${file.path} outside ${out}`)
    await mkdir(dirname(target), { recursive: true })
    // A folder under --out that is a link elsewhere would take the write outside it.
    const folder = await realpath(dirname(target))
    if (folder !== root && !folder.startsWith(root + sep)) throw new Error(`refusing to write ${file.path}: ${dirname(file.path)} leads outside ${out}`)
    await writeFileAtomic(target, file.text)
  }
  return { ...plan, problems: [...problems, ...summary.problems] }
}
