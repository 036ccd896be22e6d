// The registry session's worksheet: the registry types Aqua integrates (with their API `type`
// codes), how each authenticates, when the Aqua Cloud Connector is needed, and CSV/JSON export.
// Pure TypeScript (no Vue, no DOM). The catalogue itself is data, in registries.json (its sources
// listed there): this module checks it with a valibot schema, infers the types from that schema, and
// holds the logic. Sources: registry `type` codes and fields from the Aqua Terraform provider
// (github.com/aquasecurity/terraform-provider-aquasec, docs/resources/integration_registry.md and
// client/registries.go); per-registry settings from Aqua's knowledge base
// (https://support.aquasec.com/support/solutions/articles/16000120188); the Cloud Connector from
// github.com/aquasecurity/deployments (cloud_connector/README.md).
//
// The rule for the connector: Aqua SaaS reaches a registry over the internet. A registry on premises
// or in a private cloud network (private endpoint, VPC/VNet only) is out of its reach, so the Aqua
// Cloud Connector must run inside that network and open a tunnel for it.
import * as v from 'valibot'
import catalogue from './registries.json' with { type: 'json' }

import { rowCount, type AnswersRecord } from './engagement/record.ts'
import { fieldPath, worksheet } from './engagement/worksheets.ts'

/** Registry `type` codes of the Aqua API (`/api/v1/registries`, Terraform `aquasec_integration_registry`). */
const RegistryTypeCodeSchema = v.picklist(['HUB', 'V1', 'V2', 'ACR', 'GAR', 'GCR', 'AWS', 'ENGINE', 'CTRDENGINE', 'ART', 'NEXUS', 'QUAY', 'DTR', 'ATOMIC', 'OPENSHIFT', 'CF', 'HARBOR', 'ICR', 'PODMAN'])
export type RegistryTypeCode = v.InferOutput<typeof RegistryTypeCodeSchema>

/** Where a registry lives: the connector rule below turns on it. */
const HostingSchema = v.picklist(['saas', 'private-cloud', 'on-premises'])
export type Hosting = v.InferOutput<typeof HostingSchema>

/** The connection types of Aqua's Add Registry form, as the worksheet names them. */
const AuthMethodIdSchema = v.picklist([
  'anonymous',
  'username-password',
  'ecr-access-keys',
  'ecr-iam-role',
  'ecr-sts',
  'acr-token',
  'acr-service-principal',
  'gcp-service-account-key',
  'gcp-access-token',
])
export type AuthMethodId = v.InferOutput<typeof AuthMethodIdSchema>

const words = v.pipe(v.string(), v.nonEmpty())

const HostingInfoSchema = v.object({ id: HostingSchema, label: words, short: words })
export type HostingInfo = v.InferOutput<typeof HostingInfoSchema>

const AuthMethodSchema = v.object({
  id: AuthMethodIdSchema,
  /** For narrow table cells. */
  short: words,
  label: words,
  /** What the customer must bring to the session. */
  needs: words,
})
export type AuthMethod = v.InferOutput<typeof AuthMethodSchema>

const RegistryTypeSchema = v.object({
  /** The worksheet's name for the type (several may share one API code). */
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/, 'a registry type id is lower-case letters, digits and dashes')),
  /** The API `type` code the integration is created with. */
  code: RegistryTypeCodeSchema,
  label: words,
  /** For narrow table cells and the worksheet's select. */
  short: words,
  /** 'registry' types go on the worksheet; 'host' types are image sources on a host, not registries. */
  kind: v.picklist(['registry', 'host']),
  /** Where such a registry can live. */
  hostings: v.pipe(v.array(HostingSchema), v.nonEmpty()),
  /** Connection types the Add Registry form offers, first = the one to suggest. */
  auth: v.pipe(v.array(AuthMethodIdSchema), v.nonEmpty()),
  /** False when the mapping is our inference, not documented (GitLab/GitHub → generic V2). */
  verified: v.boolean(),
  /** One line for the presenter. */
  note: v.optional(words),
  /** What the connector's `tunnels:` entry looks like for it. */
  tunnel: v.optional(words),
})
export type RegistryType = v.InferOutput<typeof RegistryTypeSchema>
export type RegistryTypeId = RegistryType['id']

/** No id listed twice. */
const eachOnce = <T extends { id: string }>() => v.check<T[], string>((items) => new Set(items.map((item) => item.id)).size === items.length, 'an id is listed twice')

/** An entry for every id of the vocabulary. */
const coversAll = <T extends { id: string }>(ids: readonly string[]) =>
  v.check<T[], string>((items) => ids.every((id) => items.some((item) => item.id === id)), `needs an entry for each of ${ids.join(', ')}`)

const RowSchema = v.object({
  name: v.string(),
  type: v.union([v.literal(''), RegistryTypeSchema.entries.id]),
  hosting: v.union([v.literal(''), HostingSchema]),
  auth: v.union([v.literal(''), AuthMethodIdSchema]),
  notes: v.string(),
})

const CatalogueSchema = v.object({
  sources: v.pipe(v.array(words), v.nonEmpty()),
  hostings: v.pipe(v.array(HostingInfoSchema), eachOnce(), coversAll(HostingSchema.options)),
  authMethods: v.pipe(v.array(AuthMethodSchema), eachOnce(), coversAll(AuthMethodIdSchema.options)),
  registryTypes: v.pipe(v.array(RegistryTypeSchema), eachOnce()),
  exampleInventory: v.array(RowSchema),
})

/** The catalogue, checked once when the module loads: a broken data file fails the build and every test. */
function readCatalogue(input: unknown): v.InferOutput<typeof CatalogueSchema> {
  const result = v.safeParse(CatalogueSchema, input)
  if (!result.success) {
    const issue = result.issues[0]
    throw new Error(`core/registries.json: ${v.getDotPath(issue) ?? '(top level)'}: ${issue.message}`)
  }
  const data = result.output
  const typeIds = new Set(data.registryTypes.map((type) => type.id))
  data.exampleInventory.forEach((row, i) => {
    if (row.type && !typeIds.has(row.type)) throw new Error(`core/registries.json: exampleInventory.${i}.type: no registry type "${row.type}"`)
  })
  return data
}

const CATALOGUE = readCatalogue(catalogue)

export const HOSTINGS: readonly HostingInfo[] = CATALOGUE.hostings

export const AUTH_METHODS: Readonly<Record<AuthMethodId, AuthMethod>> = Object.fromEntries(CATALOGUE.authMethods.map((method) => [method.id, method])) as Record<AuthMethodId, AuthMethod>

export const REGISTRY_TYPES: readonly RegistryType[] = CATALOGUE.registryTypes

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

export function hostingsFor(typeId: string): HostingInfo[] {
  const type = registryType(typeId)
  return HOSTINGS.filter((hosting) => !type || type.hostings.includes(hosting.id))
}

// ---------------------------------------------------------------------------------------------
// Worksheet rows

/** One of the customer's registries. '' = not decided yet. */
export type RegistryRow = v.InferOutput<typeof RowSchema>

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
  return CATALOGUE.exampleInventory.map((row) => ({ ...row }))
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
