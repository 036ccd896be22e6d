// Every worksheet of the decks and labs, defined once: the slide form (KitWorksheet), the lab page,
// the CLI and the later summary all read these. Pure TypeScript (no Vue, no DOM).
//
// Field paths follow the test contract: `<worksheet>.<field>` for a question, and
// `<worksheet>.<row index>.<field>` for a cell of a table row.

/** What a value must look like; anything else is kept and shown as an error beside the field. */
export type FieldKind = 'text' | 'date' | 'count'

export interface WorksheetField {
  key: string
  label: string
  kind?: FieldKind
  /** Asked on the lab page only (a result of a lab step or a column the lab adds), not on the slide. */
  labOnly?: true
  /** Other labels a lab table uses for this field. */
  aliases?: readonly string[]
}

/** Questions with one answer each (label, answer). */
export interface QuestionWorksheet {
  id: string
  title: string
  /** Other headings a lab uses for this worksheet. */
  aliases?: readonly string[]
  kind: 'questions'
  questions: readonly WorksheetField[]
}

/** A table: one row per item; `fixedRows` names rows the worksheet always has (first column). */
export interface TableWorksheet {
  id: string
  title: string
  /** Other headings a lab uses for this worksheet. */
  aliases?: readonly string[]
  kind: 'table'
  columns: readonly WorksheetField[]
  /** Header of the fixed first column, when there is one. */
  rowHeader?: string
  fixedRows?: readonly string[]
  /** Rows shown (and printed) when nothing has been entered yet. */
  rows: number
}

export type Worksheet = QuestionWorksheet | TableWorksheet

const q = (key: string, label: string, kind?: FieldKind): WorksheetField => (kind ? { key, label, kind } : { key, label })
const labOnly = (key: string, label: string): WorksheetField => ({ key, label, labOnly: true })

export const WORKSHEETS: readonly Worksheet[] = [
  // 01 registries: the RegistryPlanner writes `registries.<row>.<name|type|hosting|auth|notes>`; lab 01's
  // registry inventory is the same list, with two columns of its own.
  {
    id: 'registries',
    title: 'Registries (planner)',
    aliases: ['Registry inventory'],
    kind: 'table',
    rows: 1,
    columns: [
      q('name', 'Registry'),
      q('type', 'Type'),
      q('hosting', 'Hosting'),
      { key: 'auth', label: 'Auth', aliases: ['Sign-in method'] },
      q('notes', 'Notes'),
      labOnly('teams-repos', 'Teams, repos'),
      labOnly('reach', 'Reach'),
    ],
  },
  {
    id: 'registry-values',
    title: 'Integration values for the chosen registry',
    kind: 'questions',
    questions: [
      q('name', 'Registry Name in Aqua'),
      q('type', 'Registry Type'),
      q('url', 'URL / region / project'),
      q('identity', 'Identity (user, role ARN, client ID…)'),
      q('secret-location', 'Where the secret is stored'),
      q('tested-on', 'Connection test passed on (date)', 'date'),
    ],
  },
  {
    id: 'cloud-connector',
    title: 'Cloud Connector plan',
    kind: 'table',
    rows: 3,
    columns: [q('host', 'Private registry host or ECR region'), q('runs', 'Runs where (cluster / ECS)'), q('firewall-owner', 'Firewall owner'), q('ready', 'Ready by', 'date')],
  },
  // 02 triage rules
  {
    id: 'triage-rules',
    title: 'Triage rules per severity',
    kind: 'table',
    rowHeader: 'Severity',
    fixedRows: ['Critical', 'High', 'Medium', 'Low'],
    rows: 4,
    columns: [q('fix-within', 'Fix within'), q('owner', 'Owner'), q('acknowledge', 'Who may acknowledge')],
  },
  {
    id: 'severity-counts',
    title: 'Severity counts',
    kind: 'table',
    rowHeader: 'Image',
    fixedRows: ['alpine:3.4', 'ubuntu:14.04'],
    rows: 2,
    columns: [
      q('critical', 'Critical', 'count'),
      q('high', 'High', 'count'),
      q('medium', 'Medium', 'count'),
      q('low', 'Low', 'count'),
      q('negligible', 'Negligible', 'count'),
      q('scanned', 'Scanned on', 'date'),
    ],
  },
  // 03 policy design per environment
  {
    id: 'policy-design',
    title: 'Controls per environment',
    kind: 'table',
    rowHeader: 'Control',
    fixedRows: ['Vulnerability Severity', 'Malware', 'Sensitive Data', 'Superuser', 'Action on failure'],
    rows: 5,
    columns: [q('dev', 'Dev'), q('nonprod', 'Non-prod'), q('prod', 'Prod')],
  },
  // 04 CI tools and agents; the scan step
  {
    id: 'ci-tools',
    title: 'CI tools and agents',
    kind: 'table',
    rows: 3,
    columns: [
      q('tool', 'CI tool'),
      q('images', 'Images built (platform)'),
      q('agents', 'Agents (VM, pod, hosted)'),
      q('docker', 'Docker on agent?'),
      q('reaches-aqua', 'Reaches Aqua?'),
      q('owner', 'Template owner'),
    ],
  },
  {
    id: 'ci-scan-step',
    title: 'Scan step for our pipeline template',
    kind: 'questions',
    questions: [
      q('pipeline', 'Pipeline to start with'),
      q('method', 'Plug-in or scanner container?'),
      q('token-location', 'Where the scanner token is stored'),
      q('exit-4', 'What happens on exit code 4 (fail, or report only until a date)'),
      labOnly('first-scan', 'First scan-only build of alpine:3.4 (Step 3): passed or failed, and which policy'),
      labOnly('app-pipeline', 'Application pipeline (Step 6): which policies failed it, if any'),
      labOnly('webhook-before', 'Image Scan Results Webhook before the lab (off, or in use)'),
      q('reports', 'Where reports are kept'),
      q('notify', 'Who is told when an image fails'),
    ],
  },
  // 05 SSO: sign-in decisions, the service-provider (IdP) values, group-to-role mapping
  {
    id: 'sso-decisions',
    title: 'Sign-in decisions',
    kind: 'questions',
    questions: [
      q('console', 'Aqua console region and URL'),
      q('idp', 'Identity provider (product, tenant)'),
      q('domains', 'Email domains allowed for SSO'),
      q('enforce', 'Enforce SSO for all users? From when?'),
      q('test-user', 'Test user (email)'),
      q('ticket', 'Support ticket number'),
      labOnly('lab-admin', 'Administrator who keeps the workshop- objects (or "removed")'),
      q('approver', 'Approver for access changes'),
    ],
  },
  {
    id: 'saml-values',
    title: 'Service-provider values',
    kind: 'questions',
    questions: [
      q('acs-url', 'ACS / Reply URL'),
      q('entity-id', 'Audience / SP Entity ID'),
      q('email-claim', 'Email claim'),
      q('sign-on-url', 'Sign-on URL'),
      q('metadata', 'Metadata XML file name or URL'),
    ],
  },
  {
    id: 'group-roles',
    title: 'Groups and roles',
    kind: 'table',
    rows: 4,
    columns: [q('group', 'Identity-provider group'), q('role', 'Aqua role'), q('permissions', 'Permission set'), q('scopes', 'Application scopes')],
  },
  // 06 SIEM target and events
  {
    id: 'siem-target',
    title: 'SIEM target',
    kind: 'questions',
    questions: [
      q('platform', 'SIEM / log platform'),
      q('ingestion', 'Ingestion method'),
      q('endpoint', 'Endpoint address and port'),
      q('index', 'Index, log group or log source'),
      q('retention', 'Retention required'),
      q('owner', 'Owner in the SOC'),
      q('token-location', 'Where the token or secret is stored'),
      labOnly('keep-target', 'Keep the target after the workshop? Who agreed'),
    ],
  },
  {
    id: 'siem-events',
    title: 'Events the SOC wants',
    kind: 'table',
    rows: 3,
    columns: [q('event', 'Event (action, category)'), q('why', 'Why it matters'), q('example', 'Example seen in the console')],
  },
  // 07 GitOps environments
  {
    id: 'gitops',
    title: 'Policies as code',
    kind: 'questions',
    questions: [
      q('repository', 'Policy repository'),
      q('stages', 'Stages and their registries'),
      q('approvers', 'Approvers per stage'),
      q('api-key', 'API key: role and owner'),
      q('rotation', 'Key expiry and rotation'),
      q('console-edits', 'Console edits allowed?'),
    ],
  },
  {
    id: 'gitops-environments',
    title: 'Environments and approvers',
    kind: 'table',
    rows: 3,
    columns: [q('stage', 'Stage'), q('registry', 'Registry / Aqua registry name'), q('on-failure', 'On failure: audit, fail CI/CD, block'), q('approvers', 'Approvers')],
  },
  // Closing: action items with owner and due date
  {
    id: 'actions',
    title: 'Action items',
    kind: 'table',
    rows: 4,
    columns: [q('action', 'Action'), q('owner', 'Owner'), q('due', 'Due date', 'date')],
  },
]

export function worksheet(id: string): Worksheet | undefined {
  return WORKSHEETS.find((sheet) => sheet.id === id)
}

/** `<worksheet>.<field>` or `<worksheet>.<row>.<field>`. */
export function fieldPath(sheet: string, field: string, row?: number): string {
  return row === undefined ? `${sheet}.${field}` : `${sheet}.${row}.${field}`
}

export interface ParsedPath {
  sheet: string
  row?: number
  field: string
}

const PART = '[a-z0-9][a-z0-9-]*'
const PATH = new RegExp(`^(${PART})\\.(?:(\\d{1,4})\\.)?(${PART})$`)

/** The parts of a field path, or null when it is not one. Planner paths (not in WORKSHEETS) are allowed. */
export function parsePath(path: string): ParsedPath | null {
  const match = PATH.exec(path)
  if (!match) return null
  return match[2] === undefined ? { sheet: match[1]!, field: match[3]! } : { sheet: match[1]!, row: Number(match[2]), field: match[3]! }
}

/** The definition of the field a path names, when a worksheet defines it. */
export function fieldOf(path: string): WorksheetField | undefined {
  const parsed = parsePath(path)
  const sheet = parsed && worksheet(parsed.sheet)
  if (!parsed || !sheet) return undefined
  if (sheet.kind === 'questions') return parsed.row === undefined ? sheet.questions.find((field) => field.key === parsed.field) : undefined
  return parsed.row === undefined ? undefined : sheet.columns.find((field) => field.key === parsed.field)
}

const squash = (label: string) => label.toLowerCase().replace(/[^a-z0-9]+/g, '')

const labels = (field: WorksheetField) => [field.label, ...(field.aliases ?? [])].map(squash)

/** The field whose label (or alias) is the same as `label` or a shorter form of it (or longer), if any. */
export function matchField(fields: readonly WorksheetField[], label: string): WorksheetField | undefined {
  const wanted = squash(label)
  if (!wanted) return undefined
  return (
    fields.find((field) => labels(field).includes(wanted)) ??
    fields.find((field) => labels(field).some((known) => wanted.startsWith(known) || known.startsWith(wanted)))
  )
}

/** The worksheet with this title (or one of its aliases), if one is defined. */
export function worksheetTitled(title: string): Worksheet | undefined {
  return WORKSHEETS.find((sheet) => [sheet.title, ...(sheet.aliases ?? [])].some((t) => squash(t) === squash(title)))
}

/** Lab pages name their own worksheets `lab<NN>-<heading>` (scripts/labs/markdown.ts). */
const LAB_SHEET = /^lab(\d\d)-(.+)$/

/** The lab number and heading slug of a lab page's own worksheet id, or null. */
export function labWorksheetOf(id: string): { lab: string; slug: string } | null {
  const match = LAB_SHEET.exec(id)
  return match ? { lab: match[1]!, slug: match[2]! } : null
}


/** A workshop section (one deck) and the worksheets it fills, in the order the decks run. */
export interface WorksheetSection {
  /** The deck folder, e.g. "03-image-assurance". */
  id: string
  title: string
  worksheets: readonly string[]
}

/** Which section each worksheet belongs to; the engagement summary reports decisions per section. */
export const WORKSHEET_SECTIONS: readonly WorksheetSection[] = [
  { id: '01-registry-integration', title: 'Registry integration', worksheets: ['registries', 'registry-values', 'cloud-connector'] },
  { id: '02-vulnerability-scanning', title: 'Vulnerability scanning', worksheets: ['triage-rules', 'severity-counts'] },
  { id: '03-image-assurance', title: 'Image assurance policies', worksheets: ['policy-design'] },
  { id: '04-cicd-integration', title: 'CI/CD integration', worksheets: ['ci-tools', 'ci-scan-step'] },
  { id: '05-sso-saml', title: 'SSO with SAML and roles', worksheets: ['sso-decisions', 'saml-values', 'group-roles'] },
  { id: '06-siem-logging', title: 'SIEM and audit logging', worksheets: ['siem-target', 'siem-events'] },
  { id: '07-policy-as-code', title: 'Policy as code', worksheets: ['gitops', 'gitops-environments'] },
]

/** The record name of the policy designed live in the workshop (PolicyEditor record="policy-custom"). */
export const DESIGNED_POLICY_FIELD = 'policy-custom.json'
