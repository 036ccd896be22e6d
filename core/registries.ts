// The registry session's worksheet data: the registry types Aqua integrates (with their API `type`
// codes), how each authenticates, when the Aqua Cloud Connector is needed, and CSV/JSON export.
// Pure TypeScript (no Vue, no DOM). Sources: registry `type` codes and fields from the Aqua Terraform
// provider (github.com/aquasecurity/terraform-provider-aquasec, docs/resources/integration_registry.md
// and client/registries.go); per-registry settings from Aqua's knowledge base
// (https://support.aquasec.com/support/solutions/articles/16000120188); the Cloud Connector from
// github.com/aquasecurity/deployments (cloud_connector/README.md).
//
// The rule for the connector: Aqua SaaS reaches a registry over the internet. A registry on premises
// or in a private cloud network (private endpoint, VPC/VNet only) is out of its reach, so the Aqua
// Cloud Connector must run inside that network and open a tunnel for it.

import { rowCount, type AnswersRecord } from './engagement/record.ts'
import { fieldPath, worksheet } from './engagement/worksheets.ts'

/** Registry `type` codes of the Aqua API (`/api/v1/registries`, Terraform `aquasec_integration_registry`). */
export type RegistryTypeCode =
  | 'HUB'
  | 'V1'
  | 'V2'
  | 'ACR'
  | 'GAR'
  | 'GCR'
  | 'AWS'
  | 'ENGINE'
  | 'CTRDENGINE'
  | 'ART'
  | 'NEXUS'
  | 'QUAY'
  | 'DTR'
  | 'ATOMIC'
  | 'OPENSHIFT'
  | 'CF'
  | 'HARBOR'
  | 'ICR'
  | 'PODMAN'

export type Hosting = 'saas' | 'private-cloud' | 'on-premises'

export const HOSTINGS: ReadonlyArray<{ id: Hosting; label: string; short: string }> = [
  { id: 'saas', label: 'SaaS / public cloud endpoint', short: 'SaaS / public' },
  { id: 'private-cloud', label: 'Private cloud network', short: 'Private cloud' },
  { id: 'on-premises', label: 'On-premises', short: 'On-premises' },
]

export type AuthMethodId =
  | 'anonymous'
  | 'username-password'
  | 'ecr-access-keys'
  | 'ecr-iam-role'
  | 'ecr-sts'
  | 'acr-token'
  | 'acr-service-principal'
  | 'gcp-service-account-key'
  | 'gcp-access-token'

export interface AuthMethod {
  id: AuthMethodId
  label: string
  /** For narrow table cells. */
  short: string
  /** What the customer must bring to the session. */
  needs: string
}

export const AUTH_METHODS: Readonly<Record<AuthMethodId, AuthMethod>> = {
  anonymous: { id: 'anonymous', short: 'None (public)', label: 'None (public images)', needs: 'Nothing: public images only' },
  'username-password': {
    id: 'username-password',
    short: 'User + password',
    label: 'Username + password',
    needs: 'A read-only user (or robot / deploy account) and its password or access token',
  },
  'ecr-access-keys': {
    id: 'ecr-access-keys',
    short: 'Access keys',
    label: 'Credentials (access keys)',
    needs: 'AWS region, access key ID and secret access key',
  },
  'ecr-iam-role': {
    id: 'ecr-iam-role',
    short: 'IAM role',
    label: 'IAM role delegation',
    needs: 'IAM role ARN and external ID (access delegation)',
  },
  'ecr-sts': {
    id: 'ecr-sts',
    short: 'STS token',
    label: 'STS token authorization',
    needs: 'User, password and the STS broker URL',
  },
  'acr-token': { id: 'acr-token', short: 'ACR token', label: 'ACR token', needs: 'Token name and token password' },
  'acr-service-principal': {
    id: 'acr-service-principal',
    short: 'Service principal',
    label: 'Service principal',
    needs: 'Client ID, client secret, tenant ID and subscription ID',
  },
  'gcp-service-account-key': {
    id: 'gcp-service-account-key',
    short: 'SA JSON key',
    label: 'Service-account JSON key',
    needs: 'A read-only service account (Storage Object Viewer) and its JSON key; Cloud Resource Manager API enabled',
  },
  'gcp-access-token': {
    id: 'gcp-access-token',
    short: 'Access token',
    label: 'Short-lived access token',
    needs: 'An access token (expires: fine for a test, not for nightly pulls)',
  },
}

export type RegistryTypeId =
  | 'dockerhub'
  | 'v2'
  | 'v1'
  | 'acr'
  | 'ecr'
  | 'gcr'
  | 'gar'
  | 'jfrog'
  | 'nexus'
  | 'quay'
  | 'harbor'
  | 'openshift'
  | 'icr'
  | 'gitlab'
  | 'github'
  | 'dtr'
  | 'cf'
  | 'atomic'
  | 'engine'
  | 'containerd'
  | 'podman'

export interface RegistryType {
  id: RegistryTypeId
  /** The API `type` code the integration is created with. */
  code: RegistryTypeCode
  label: string
  /** For narrow table cells and the worksheet's select. */
  short: string
  /** 'registry' types go on the worksheet; 'host' types are image sources on a host, not registries. */
  kind: 'registry' | 'host'
  /** Where such a registry can live. */
  hostings: Hosting[]
  /** Connection types the Add Registry form offers, first = the one to suggest. */
  auth: AuthMethodId[]
  /** False when the mapping is our inference, not documented (GitLab/GitHub → generic V2). */
  verified: boolean
  /** One line for the presenter. */
  note?: string
  /** What the connector's `tunnels:` entry looks like for it. */
  tunnel?: string
}

const ALL_HOSTINGS: Hosting[] = ['saas', 'private-cloud', 'on-premises']
const CLOUD_HOSTINGS: Hosting[] = ['saas', 'private-cloud']
const GCP_AUTH: AuthMethodId[] = ['gcp-service-account-key', 'gcp-access-token']

export const REGISTRY_TYPES: readonly RegistryType[] = [
  {
    id: 'dockerhub',
    code: 'HUB',
    label: 'Docker Hub',
    short: 'Docker Hub',
    kind: 'registry',
    hostings: ['saas'],
    auth: ['anonymous', 'username-password'],
    verified: true,
    note: 'Integrated out of the box: public images can be scanned on day one.',
  },
  {
    id: 'v2',
    code: 'V2',
    label: 'Docker v2 registry (generic)',
    short: 'Generic Docker V2',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password', 'anonymous'],
    verified: true,
    tunnel: 'host: registry.example.internal:443',
  },
  {
    id: 'v1',
    code: 'V1',
    label: 'Docker v1 registry',
    short: 'Docker v1',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password', 'anonymous'],
    verified: true,
    tunnel: 'host: registry.example.internal:443',
  },
  {
    id: 'acr',
    code: 'ACR',
    label: 'Azure Container Registry (ACR)',
    short: 'Azure ACR',
    kind: 'registry',
    hostings: CLOUD_HOSTINGS,
    auth: ['username-password', 'acr-token', 'acr-service-principal'],
    verified: true,
    tunnel: 'host: <account>.azurecr.io',
  },
  {
    id: 'ecr',
    code: 'AWS',
    label: 'Amazon ECR',
    short: 'AWS ECR',
    kind: 'registry',
    hostings: CLOUD_HOSTINGS,
    auth: ['ecr-iam-role', 'ecr-access-keys', 'ecr-sts'],
    verified: true,
    note: 'One registry integration per AWS account and region.',
    tunnel: 'service: { type: ecr, region: <region> }',
  },
  {
    id: 'gcr',
    code: 'GCR',
    label: 'Google Container Registry (GCR)',
    short: 'Google GCR',
    kind: 'registry',
    hostings: CLOUD_HOSTINGS,
    auth: GCP_AUTH,
    verified: true,
    note: 'One integration per project and region.',
    tunnel: 'host: gcr.io',
  },
  {
    id: 'gar',
    code: 'GAR',
    label: 'Google Artifact Registry',
    short: 'Google GAR',
    kind: 'registry',
    hostings: CLOUD_HOSTINGS,
    auth: GCP_AUTH,
    verified: true,
    note: 'One integration per project and region.',
    tunnel: 'host: <region>-docker.pkg.dev',
  },
  {
    id: 'jfrog',
    code: 'ART',
    label: 'JFrog Artifactory',
    short: 'JFrog Artifactory',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password'],
    verified: true,
    tunnel: 'host: <account>.jfrog.io',
  },
  {
    id: 'nexus',
    code: 'NEXUS',
    label: 'Sonatype Nexus',
    short: 'Sonatype Nexus',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password'],
    verified: true,
    note: 'Mutual TLS is an option of this type.',
    tunnel: 'host: nexus.example.internal:443',
  },
  {
    id: 'quay',
    code: 'QUAY',
    label: 'Quay',
    short: 'Quay',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password'],
    verified: true,
    note: 'Cloud Quay must use https://quay.io.',
    tunnel: 'host: quay.example.internal:443',
  },
  {
    id: 'harbor',
    code: 'HARBOR',
    label: 'Harbor',
    short: 'Harbor',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password'],
    verified: true,
    note: 'A robot account works well. The Harbor scanner adapter is a separate, optional install.',
    tunnel: 'host: harbor.example.internal:443',
  },
  {
    id: 'openshift',
    code: 'OPENSHIFT',
    label: 'Red Hat OpenShift registry',
    short: 'OpenShift',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password'],
    verified: true,
    tunnel: 'host: <registry route of the cluster>:443',
  },
  {
    id: 'icr',
    code: 'ICR',
    label: 'IBM Cloud Container Registry',
    short: 'IBM Cloud (ICR)',
    kind: 'registry',
    hostings: CLOUD_HOSTINGS,
    auth: ['username-password'],
    verified: true,
  },
  {
    id: 'gitlab',
    code: 'V2',
    label: 'GitLab Container Registry (as generic V2)',
    short: 'GitLab (as V2)',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password'],
    verified: false,
    note: 'No dedicated type: integrate as generic Docker V2 (unverified; test the connection first).',
    tunnel: 'host: gitlab.example.internal:5050',
  },
  {
    id: 'github',
    code: 'V2',
    label: 'GitHub Container Registry (as generic V2)',
    short: 'GitHub (as V2)',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password'],
    verified: false,
    note: 'No dedicated type: integrate ghcr.io as generic Docker V2 (unverified; test the connection first).',
  },
  {
    id: 'dtr',
    code: 'DTR',
    label: 'Docker Trusted Registry',
    short: 'Docker DTR',
    kind: 'registry',
    hostings: ['private-cloud', 'on-premises'],
    auth: ['username-password'],
    verified: true,
    tunnel: 'host: dtr.example.internal:443',
  },
  {
    id: 'cf',
    code: 'CF',
    label: 'Cloud Foundry (Tanzu)',
    short: 'Cloud Foundry',
    kind: 'registry',
    hostings: ALL_HOSTINGS,
    auth: ['username-password'],
    verified: true,
  },
  {
    id: 'atomic',
    code: 'ATOMIC',
    label: 'Red Hat Atomic registry',
    short: 'Red Hat Atomic',
    kind: 'registry',
    hostings: ['private-cloud', 'on-premises'],
    auth: ['username-password'],
    verified: true,
  },
  { id: 'engine', code: 'ENGINE', label: 'Host Docker engine', short: 'Host Docker', kind: 'host', hostings: ALL_HOSTINGS, auth: ['anonymous'], verified: true },
  { id: 'containerd', code: 'CTRDENGINE', label: 'Host containerd', short: 'Host containerd', kind: 'host', hostings: ALL_HOSTINGS, auth: ['anonymous'], verified: true },
  { id: 'podman', code: 'PODMAN', label: 'Host Podman', short: 'Host Podman', kind: 'host', hostings: ALL_HOSTINGS, auth: ['anonymous'], verified: true },
]

/** The types offered on the worksheet (registries, not host engines). */
export const WORKSHEET_TYPES: readonly RegistryType[] = REGISTRY_TYPES.filter((type) => type.kind === 'registry')

export function registryType(id: string): RegistryType | undefined {
  return REGISTRY_TYPES.find((type) => type.id === id)
}

/** The auth methods a type offers (all methods when the type is not chosen yet). */
export function authMethodsFor(typeId: string): AuthMethod[] {
  const type = registryType(typeId)
  const ids = type ? type.auth : (Object.keys(AUTH_METHODS) as AuthMethodId[])
  return ids.map((id) => AUTH_METHODS[id])
}

export function hostingsFor(typeId: string): Array<{ id: Hosting; label: string; short: string }> {
  const type = registryType(typeId)
  return HOSTINGS.filter((hosting) => !type || type.hostings.includes(hosting.id))
}

// ---------------------------------------------------------------------------------------------
// Worksheet rows

/** One of the customer's registries. '' = not decided yet. */
export interface RegistryRow {
  name: string
  type: RegistryTypeId | ''
  hosting: Hosting | ''
  auth: AuthMethodId | ''
  notes: string
}

export function emptyRow(): RegistryRow {
  return { name: '', type: '', hosting: '', auth: '', notes: '' }
}

export interface ConnectorNeed {
  /** null while the hosting is not known. */
  needed: boolean | null
  /** A word or two for the table cell. */
  short: string
  /** The full sentence, for exports and the presenter. */
  reason: string
  /** The `tunnels:` entry to add to the connector's config when it is needed. */
  tunnel: string | null
}

/** The rule: on premises or in a private network → the Aqua Cloud Connector is needed. */
export function connectorNeed(row: Pick<RegistryRow, 'type' | 'hosting'>): ConnectorNeed {
  const type = registryType(row.type)
  const tunnel = type?.tunnel ?? (row.type ? 'host: <registry host>:<port>' : null)
  switch (row.hosting) {
    case 'on-premises':
      return {
        needed: true,
        short: 'on-prem',
        reason:
          'On-premises registry: Aqua SaaS cannot reach it. Deploy the Aqua Cloud Connector in that network and add a tunnel for the registry host.',
        tunnel,
      }
    case 'private-cloud':
      return {
        needed: true,
        short: 'private',
        reason:
          'Private cloud network: Aqua SaaS cannot reach it over the internet. Deploy the Aqua Cloud Connector inside that network and add a tunnel for the registry.',
        tunnel,
      }
    case 'saas':
      return {
        needed: false,
        short: 'public',
        reason: 'Reachable from Aqua SaaS over the internet: no connector needed.',
        tunnel: null,
      }
    default:
      return {
        needed: null,
        short: 'hosting?',
        reason: 'Hosting not known yet: ask whether the registry is on premises, in a private network or public.',
        tunnel: null,
      }
  }
}

/**
 * Keep a row consistent after a change: a hosting or auth method the type does not offer is
 * replaced (by the type's only hosting, or its first auth method); unknown values become ''.
 */
export function normaliseRow(input: Partial<Record<keyof RegistryRow, unknown>>): RegistryRow {
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  const type = registryType(text(input.type))
  const row: RegistryRow = {
    name: text(input.name),
    type: type ? type.id : '',
    hosting: HOSTINGS.some((hosting) => hosting.id === input.hosting) ? (input.hosting as Hosting) : '',
    auth: text(input.auth) in AUTH_METHODS ? (input.auth as AuthMethodId) : '',
    notes: text(input.notes),
  }
  if (type) {
    if (row.hosting && !type.hostings.includes(row.hosting)) row.hosting = ''
    if (!row.hosting && type.hostings.length === 1) row.hosting = type.hostings[0]!
    if (row.auth && !type.auth.includes(row.auth)) row.auth = ''
    if (!row.auth) row.auth = type.auth[0] ?? ''
  }
  return row
}

/** The fields the RegistryPlanner keeps per row in the engagement record: `registries.<row>.<field>`. */
export const REGISTRY_RECORD_SHEET = 'registries'
export const REGISTRY_RECORD_FIELDS = ['name', 'type', 'hosting', 'auth', 'notes'] as const

/** The planner's rows as the engagement record holds them (the planner, the export and handouts read them so). */
export function registryRowsFromRecord(record: Pick<AnswersRecord, 'fields'>): RegistryRow[] {
  const count = rowCount({ version: 1, seq: 0, fields: record.fields }, worksheet(REGISTRY_RECORD_SHEET)!)
  return Array.from({ length: count }, (_, i) =>
    normaliseRow(Object.fromEntries(REGISTRY_RECORD_FIELDS.map((field) => [field, record.fields[fieldPath(REGISTRY_RECORD_SHEET, field, i)]?.value ?? '']))),
  )
}

/** A realistic, clearly fictional inventory (the "ACME" company) for rehearsals and demos. */
export function exampleInventory(): RegistryRow[] {
  return [
    { name: 'Docker Hub', type: 'dockerhub', hosting: 'saas', auth: 'anonymous', notes: 'Base images' },
    { name: 'acme-acr', type: 'acr', hosting: 'private-cloud', auth: 'acr-service-principal', notes: 'Private link' },
    { name: 'acme-ecr', type: 'ecr', hosting: 'saas', auth: 'ecr-iam-role', notes: 'eu-west-2' },
    { name: 'acme-jfrog', type: 'jfrog', hosting: 'on-premises', auth: 'username-password', notes: 'DC firewall' },
    { name: 'acme-gitlab', type: 'gitlab', hosting: 'on-premises', auth: 'username-password', notes: 'Deploy token' },
  ]
}

// ---------------------------------------------------------------------------------------------
// Export

export const CSV_COLUMNS = [
  'Registry name',
  'Type',
  'API type',
  'Hosting',
  'Authentication',
  'Needs cloud connector',
  'Reason',
  'Connector tunnel',
  'Notes',
] as const

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or leading/trailing
 * space, with quotes doubled. A field that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR at the start) gets a leading apostrophe first (OWASP "CSV injection").
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) text = `"${text.replace(/"/g, '""')}"`
  return text
}

/** Rows of fields → CSV text with CRLF line ends and a final CRLF. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

function yesNo(needed: boolean | null): string {
  return needed === null ? 'Unknown' : needed ? 'Yes' : 'No'
}

export interface ExportedRegistry {
  name: string
  type: RegistryTypeId | ''
  typeLabel: string
  apiType: RegistryTypeCode | ''
  /** False when the type mapping is unverified (GitLab/GitHub as generic V2). */
  typeVerified: boolean
  hosting: Hosting | ''
  hostingLabel: string
  auth: AuthMethodId | ''
  authLabel: string
  authNeeds: string
  cloudConnector: { needed: boolean | null; reason: string; tunnel: string | null }
  notes: string
}

export function exportRow(row: RegistryRow): ExportedRegistry {
  const type = registryType(row.type)
  const auth = row.auth ? AUTH_METHODS[row.auth] : undefined
  const need = connectorNeed(row)
  return {
    name: row.name,
    type: row.type,
    typeLabel: type?.label ?? '',
    apiType: type?.code ?? '',
    typeVerified: type?.verified ?? true,
    hosting: row.hosting,
    hostingLabel: HOSTINGS.find((hosting) => hosting.id === row.hosting)?.label ?? '',
    auth: row.auth,
    authLabel: auth?.label ?? '',
    authNeeds: auth?.needs ?? '',
    cloudConnector: { needed: need.needed, reason: need.reason, tunnel: need.tunnel },
    notes: row.notes,
  }
}

/** The worksheet as CSV: a header row, then one row per registry. */
export function registriesToCsv(rows: readonly RegistryRow[]): string {
  const body = rows.map((row) => {
    const out = exportRow(row)
    return [
      out.name,
      out.typeLabel + (out.typeVerified ? '' : ' (unverified mapping)'),
      out.apiType,
      out.hostingLabel,
      out.authLabel,
      yesNo(out.cloudConnector.needed),
      out.cloudConnector.reason,
      out.cloudConnector.tunnel ?? '',
      out.notes,
    ]
  })
  return toCsv([[...CSV_COLUMNS], ...body])
}

/** The worksheet as pretty-printed JSON: `{ "registries": [...] }`. */
export function registriesToJson(rows: readonly RegistryRow[]): string {
  return JSON.stringify({ registries: rows.map(exportRow) }, null, 2) + '\n'
}
