import { describe, expect, it } from 'vitest'
import {
  AUTH_METHODS,
  CSV_COLUMNS,
  REGISTRY_TYPES,
  WORKSHEET_TYPES,
  authMethodsFor,
  connectorNeed,
  csvField,
  exampleInventory,
  hostingsFor,
  normaliseRow,
  registriesToCsv,
  registriesToJson,
  registryType,
  toCsv,
  type RegistryRow,
} from '../../core/registries.ts'

/** A small RFC 4180 reader, independent of the writer, to prove the CSV round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  if (field !== '' || row.length) rows.push([...row, field])
  return rows
}

describe('registry types', () => {
  it('lists every API type code of the Aqua registry integration once or more', () => {
    const codes = new Set(REGISTRY_TYPES.map((type) => type.code))
    for (const code of ['HUB', 'V1', 'V2', 'ACR', 'GAR', 'GCR', 'AWS', 'ENGINE', 'CTRDENGINE', 'ART', 'NEXUS', 'QUAY', 'DTR', 'ATOMIC', 'OPENSHIFT', 'CF', 'HARBOR', 'ICR', 'PODMAN']) {
      expect(codes.has(code as never), code).toBe(true)
    }
    expect(new Set(REGISTRY_TYPES.map((type) => type.id)).size).toBe(REGISTRY_TYPES.length)
  })

  it('maps the cloud registries to their codes', () => {
    expect(registryType('ecr')?.code).toBe('AWS')
    expect(registryType('acr')?.code).toBe('ACR')
    expect(registryType('jfrog')?.code).toBe('ART')
    expect(registryType('dockerhub')?.code).toBe('HUB')
  })

  it('marks GitLab and GitHub as generic V2, unverified', () => {
    for (const id of ['gitlab', 'github']) {
      const type = registryType(id)!
      expect(type.code).toBe('V2')
      expect(type.verified).toBe(false)
      expect(type.label).toMatch(/generic V2/)
    }
    expect(WORKSHEET_TYPES.filter((type) => !type.verified).map((type) => type.id).sort()).toEqual(['github', 'gitlab'])
  })

  it('keeps host engines off the worksheet', () => {
    expect(WORKSHEET_TYPES.some((type) => ['ENGINE', 'CTRDENGINE', 'PODMAN'].includes(type.code))).toBe(false)
  })

  it('offers the documented connection types per registry', () => {
    expect(authMethodsFor('ecr').map((m) => m.id)).toEqual(['ecr-iam-role', 'ecr-access-keys', 'ecr-sts'])
    expect(authMethodsFor('acr').map((m) => m.id)).toEqual(['username-password', 'acr-token', 'acr-service-principal'])
    expect(authMethodsFor('gar').map((m) => m.id)).toEqual(['gcp-service-account-key', 'gcp-access-token'])
    expect(authMethodsFor('').length).toBe(Object.keys(AUTH_METHODS).length)
    for (const type of REGISTRY_TYPES) for (const id of type.auth) expect(AUTH_METHODS[id], `${type.id}:${id}`).toBeDefined()
  })

  it('offers only the hostings a type can have', () => {
    expect(hostingsFor('dockerhub').map((h) => h.id)).toEqual(['saas'])
    expect(hostingsFor('ecr').map((h) => h.id)).toEqual(['saas', 'private-cloud'])
    expect(hostingsFor('harbor').map((h) => h.id)).toEqual(['saas', 'private-cloud', 'on-premises'])
  })
})

describe('connectorNeed', () => {
  it('needs the connector on premises', () => {
    const need = connectorNeed({ type: 'harbor', hosting: 'on-premises' })
    expect(need.needed).toBe(true)
    expect(need.reason).toMatch(/On-premises/)
    expect(need.tunnel).toBe('host: harbor.example.internal:443')
  })

  it('needs the connector in a private cloud network', () => {
    const need = connectorNeed({ type: 'ecr', hosting: 'private-cloud' })
    expect(need.needed).toBe(true)
    expect(need.tunnel).toMatch(/type: ecr/)
  })

  it('does not need it for a public endpoint', () => {
    expect(connectorNeed({ type: 'acr', hosting: 'saas' })).toMatchObject({ needed: false, tunnel: null })
    expect(connectorNeed({ type: 'dockerhub', hosting: 'saas' }).needed).toBe(false)
  })

  it('says "ask" while hosting is unknown', () => {
    expect(connectorNeed({ type: 'v2', hosting: '' })).toMatchObject({ needed: null, short: 'hosting?', reason: expect.stringMatching(/^Hosting not known yet: ask/) })
  })
})

describe('normaliseRow', () => {
  it('fills in the only hosting and the suggested auth of a type', () => {
    expect(normaliseRow({ name: 'hub', type: 'dockerhub' })).toEqual({ name: 'hub', type: 'dockerhub', hosting: 'saas', auth: 'anonymous', notes: '' })
  })

  it('drops a hosting or auth the type does not offer', () => {
    const row = normaliseRow({ name: 'x', type: 'ecr', hosting: 'on-premises', auth: 'acr-token' })
    expect(row.hosting).toBe('')
    expect(row.auth).toBe('ecr-iam-role')
  })

  it('turns unknown values into blanks', () => {
    expect(normaliseRow({ name: 42, type: 'nope', hosting: 'moon', auth: 'magic', notes: null })).toEqual({
      name: '',
      type: '',
      hosting: '',
      auth: '',
      notes: '',
    })
  })

  it('leaves the example inventory unchanged (it is consistent)', () => {
    for (const row of exampleInventory()) expect(normaliseRow(row)).toEqual(row)
  })
})

describe('CSV', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\rhere')).toBe('"cr\rhere"')
    expect(csvField(' padded')).toBe('" padded"')
    expect(csvField(null)).toBe('')
    expect(csvField(3)).toBe('3')
  })

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('-dev')).toBe("'-dev")
    expect(csvField('@sum')).toBe("'@sum")
  })

  it('joins rows with CRLF and ends with one', () => {
    expect(toCsv([['a', 'b'], ['c', 'd']])).toBe('a,b\r\nc,d\r\n')
  })

  it('exports the worksheet with a header and one line per registry that round-trips', () => {
    const rows: RegistryRow[] = [
      { name: 'artifactory, DC "1"', type: 'jfrog', hosting: 'on-premises', auth: 'username-password', notes: 'line one\nline two' },
      { name: 'hub', type: 'dockerhub', hosting: 'saas', auth: 'anonymous', notes: '' },
    ]
    const parsed = parseCsv(registriesToCsv(rows))
    expect(parsed[0]).toEqual([...CSV_COLUMNS])
    expect(parsed).toHaveLength(3)
    const [name, type, api, hosting, auth, needs, reason, tunnel, notes] = parsed[1]!
    expect(name).toBe('artifactory, DC "1"')
    expect(type).toBe('JFrog Artifactory')
    expect(api).toBe('ART')
    expect(hosting).toBe('On-premises')
    expect(auth).toBe('Username + password')
    expect(needs).toBe('Yes')
    expect(reason).toMatch(/Cloud Connector/)
    expect(tunnel).toBe('host: <account>.jfrog.io')
    expect(notes).toBe('line one\nline two')
    expect(parsed[2]![5]).toBe('No')
  })

  it('flags an unverified type mapping in the export', () => {
    const csv = registriesToCsv([{ name: 'gl', type: 'gitlab', hosting: 'on-premises', auth: 'username-password', notes: '' }])
    expect(parseCsv(csv)[1]![1]).toBe('GitLab Container Registry (as generic V2) (unverified mapping)')
  })
})

describe('JSON', () => {
  it('exports labels, API type and the connector decision', () => {
    const data = JSON.parse(registriesToJson(exampleInventory())) as { registries: Array<Record<string, unknown>> }
    expect(data.registries).toHaveLength(5)
    const onPrem = data.registries.find((r) => r.name === 'acme-jfrog')!
    expect(onPrem).toMatchObject({ apiType: 'ART', hosting: 'on-premises', cloudConnector: { needed: true } })
    const hub = data.registries.find((r) => r.type === 'dockerhub')!
    expect(hub).toMatchObject({ apiType: 'HUB', cloudConnector: { needed: false, tunnel: null } })
  })

  it('keeps blank rows as blanks', () => {
    const data = JSON.parse(registriesToJson([{ name: '', type: '', hosting: '', auth: '', notes: '' }]))
    expect(data.registries[0]).toMatchObject({ typeLabel: '', apiType: '', cloudConnector: { needed: null } })
  })
})
