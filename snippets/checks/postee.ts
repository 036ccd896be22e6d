// Postee's configuration, checked against its schema (router/tenants.go, routes/routes.go,
// router/template.go, data/integrations.go): known keys and types, every cross-reference resolves,
// each route sends a rendering its actions can post, secrets are $VAR references. Used on
// snippets/postee/cfg.yaml and on every cfg.yaml `kit engagement export` writes.
import { literalSecrets } from './secrets.ts'

export interface Route {
  name: string
  input?: string
  'input-files'?: string[]
  actions: string[]
  template: string
  'serialize-actions'?: boolean
  plugins?: Record<string, unknown>
}
export interface Template {
  name: string
  'rego-package'?: string
  body?: string
  url?: string
  'legacy-scan-renderer'?: string
}
export type Action = Record<string, unknown> & { name: string; type: string; enable: boolean }
export interface Cfg {
  routes: Route[]
  templates: Template[]
  actions: Action[]
  [key: string]: unknown
}

export const TOP_KEYS = ['name', 'aqua-server', 'max-db-size', 'delete-old-data', 'db-verify-interval', 'routes', 'templates', 'actions', 'rules']
export const ROUTE_KEYS = ['name', 'input', 'input-files', 'actions', 'template', 'serialize-actions', 'plugins']
export const PLUGIN_KEYS = ['aggregate-message-number', 'aggregate-message-timeout', 'unique-message-props', 'unique-message-timeout']
export const ACTION_TYPES = ['jira', 'email', 'slack', 'teams', 'servicenow', 'webhook', 'splunk', 'stdout', 'nexusiq', 'dependencytrack', 'opsgenie', 'exec', 'http', 'kubernetes', 'docker', 'awssecurityhub', 'pagerduty']
export const ACTION_KEYS: Record<string, string[]> = {
  slack: ['url'],
  teams: ['url'],
  jira: ['url', 'user', 'password', 'token', 'tls-verify', 'project-key', 'board', 'labels', 'issuetype', 'priority', 'assignee', 'sprint', 'fix-versions', 'affects-versions', 'summary', 'unknowns'],
  email: ['host', 'port', 'user', 'password', 'sender', 'recipients', 'client-host-name', 'use-mx'],
  stdout: [],
}
export const REQUIRED: Record<string, string[]> = {
  slack: ['url'],
  teams: ['url'],
  jira: ['url', 'user', 'project-key'],
  email: ['host', 'port', 'sender', 'recipients'],
}
export const SHIPPED_REGO = ['postee.vuls.html', 'postee.vuls.slack', 'postee.vuls.html.aggregation', 'postee.vuls.slack.aggregation', 'postee.vuls.cyclondx', 'postee.vuls.opsgenie', 'postee.rawmessage.json', 'postee.rawmessage.html', 'postee.servicenow', 'postee.servicenow.incident', 'postee.servicenow.insight', 'postee.trivy.jira', 'postee.trivyoperator.jira', 'postee.trivyoperator.slack', 'postee.trivyoperator.dependencytrack', 'postee.tracee.html', 'postee.tracee.slack']
export const LEGACY = ['html', 'slack', 'jira']
/** Which rendering each action type can post. */
export const RENDERING_FOR: Record<string, string[]> = { slack: ['slack'], teams: ['html'], email: ['html'], jira: ['jira'], stdout: ['html'] }
export const SECRET_KEYS = ['user', 'password', 'token']
export const ENV_REF = /^\$[A-Z_][A-Z0-9_]*$/

export const rendering = (t: Template): string => {
  const pkg = t['rego-package']
  if (pkg) return pkg.endsWith('.slack') ? 'slack' : pkg.endsWith('.html') ? 'html' : pkg.endsWith('.jira') ? 'jira' : 'other'
  return t['legacy-scan-renderer'] ?? 'other'
}

/** Every problem of a parsed config (as Postee reads it, targets switched on), with its text for the secret scan. */
export function posteeProblems(cfg: Cfg, text: string): string[] {
  const problems: string[] = []
  const routes = Array.isArray(cfg.routes) ? cfg.routes : []
  const templates = Array.isArray(cfg.templates) ? cfg.templates : []
  const actions = Array.isArray(cfg.actions) ? cfg.actions : []
  if (!routes.length || !templates.length || !actions.length) problems.push('routes, templates and actions must each be a non-empty list')
  for (const k of Object.keys(cfg)) if (!TOP_KEYS.includes(k)) problems.push(`unknown top-level key ${k}`)
  const unique = (names: string[], what: string) => {
    if (new Set(names).size !== names.length) problems.push(`${what} names are not unique`)
  }
  unique(routes.map((r) => r.name), 'route')
  unique(templates.map((t) => t.name), 'template')
  unique(actions.map((a) => a.name), 'action')
  for (const r of routes) {
    for (const k of Object.keys(r)) if (!ROUTE_KEYS.includes(k)) problems.push(`route ${r.name}: unknown key ${k}`)
    if (typeof r.input !== 'string' && !Array.isArray(r['input-files'])) problems.push(`route ${r.name} has no input`)
    if (!Array.isArray(r.actions) || r.actions.length === 0) problems.push(`route ${r.name} has no actions`)
    for (const a of r.actions ?? []) if (!actions.some((x) => x.name === a)) problems.push(`route ${r.name} → action ${a} does not exist`)
    const t = templates.find((x) => x.name === r.template)
    if (!t) problems.push(`route ${r.name} → template ${r.template} does not exist`)
    for (const k of Object.keys(r.plugins ?? {})) if (!PLUGIN_KEYS.includes(k)) problems.push(`route ${r.name}: unknown plugin ${k}`)
    for (const name of r.actions ?? []) {
      const a = actions.find((x) => x.name === name)
      if (a && t && !(RENDERING_FOR[a.type] ?? []).includes(rendering(t))) problems.push(`route ${r.name}: ${a.type} cannot post ${rendering(t)}`)
    }
  }
  for (const t of templates) {
    const sources = (['rego-package', 'body', 'url', 'legacy-scan-renderer'] as const).filter((k) => t[k] !== undefined)
    if (sources.length !== 1) problems.push(`template ${t.name} needs exactly one source, has ${sources.length}`)
    if (t['rego-package'] && !SHIPPED_REGO.includes(t['rego-package'])) problems.push(`template ${t.name}: ${t['rego-package']} is not shipped with Postee`)
    if (t['legacy-scan-renderer'] && !LEGACY.includes(t['legacy-scan-renderer'])) problems.push(`template ${t.name}: unknown legacy renderer`)
  }
  const used = new Set(routes.flatMap((r) => r.actions ?? []))
  for (const a of actions) {
    if (!ACTION_TYPES.includes(String(a.type).toLowerCase())) problems.push(`action ${a.name}: unknown type ${a.type}`)
    if (typeof a.enable !== 'boolean') problems.push(`action ${a.name}: enable is not a boolean`)
    for (const k of Object.keys(a)) if (!['name', 'type', 'enable', 'runs-on', ...(ACTION_KEYS[a.type] ?? [])].includes(k)) problems.push(`action ${a.name}: unknown key ${k}`)
    for (const k of REQUIRED[a.type] ?? []) if (a[k] === undefined) problems.push(`action ${a.name}: ${k} is missing`)
    if (a.type === 'jira' && a.password === undefined && a.token === undefined) problems.push(`action ${a.name}: password or token is missing`)
    if (!used.has(a.name)) problems.push(`action ${a.name} is used by no route`)
    for (const k of SECRET_KEYS) if (a[k] !== undefined && !ENV_REF.test(String(a[k]))) problems.push(`action ${a.name}.${k} is not a $VAR reference`)
    if ((a.type === 'slack' || a.type === 'teams') && !ENV_REF.test(String(a.url))) problems.push(`action ${a.name}.url is not a $VAR reference`)
  }
  for (const kind of literalSecrets(text)) problems.push(`a literal secret: ${kind}`)
  return problems
}
