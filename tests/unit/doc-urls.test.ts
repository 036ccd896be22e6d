// Every address a deck or a handout prints (slide text, speaker notes, lab and trainer pages, and
// the snippet regions they include) is either a documentation page on the list below, with the
// public source that says what it holds, or a service address or example name on the second list.
// An unknown host or page fails: a new link needs its fact and source first.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractRegion } from '../../scripts/labs/load.ts'
import { ROOT } from '../../scripts/decks.ts'

interface DocPage {
  host: string
  /** Path without the host; '' is the site itself, named without a page. */
  path: string
  /** What the page holds, as the kit relies on it, and where that was read. */
  source: string
  /** Only this path, not the pages below it. */
  exact?: boolean
}

const kb = (n: string, what: string): DocPage => ({
  host: 'support.aquasec.com',
  path: `/support/solutions/articles/${n}`,
  source: `Aqua support knowledge base article ${n}: ${what}`,
})

/** Documentation pages the kit may print. */
export const DOC_PAGES: DocPage[] = [
  { host: 'docs.aquasec.com', path: '', source: 'Aqua documentation site; the workshop guide (github.com/kenmccann/advanced-tier-offering) links into it' },
  { host: 'docs.aquasec.com', path: '/docs/image-registries-and-repositories', source: 'linked from the workshop guide, section "Registry integration" (registry details tab)' },
  { host: 'docs.aquasec.com', path: '/docs/aqua-cloud-connector', source: 'linked from the workshop guide, section "Registry integration" (Cloud Connector introduction)' },
  { host: 'support.aquasec.com', path: '', source: 'Aqua support knowledge base (articles are cited by number)' },
  { host: 'support.aquasec.com', path: '/support/solutions/articles', exact: true, source: 'the address every article below starts with, printed before a list of article numbers' },
  kb('16000120197', 'assurance policies: scopes, actions ("fail the Aqua step in CI/CD pipeline or mark images as non-compliant"), controls'),
  kb('16000151917', 'proactive risk management: a failed policy fails the CI step; suppression rules'),
  kb('16000151913', 'reactive risk management: controls about vulnerabilities, malware, sensitive data'),
  kb('16000151908', 'risk-based insights and all vulnerabilities views'),
  kb('16000120194', 'vulnerability severity and score: vendor rating first, then NVD'),
  kb('16000109926', 'CVSS v3 setting before Aqua 5.0'),
  kb('16000121695', 'what the scanner sends to CyberCenter'),
  kb('16000111622', 'user activity reports: Account Management > Audit Logs, recent entries only, older ones by support ticket'),
  kb('16000111634', 'single sign-on for the SaaS console, enabled through Aqua Support'),
  kb('16000111637', 'SAML enablement through a support ticket'),
  kb('16000121283', 'SAML setup: per-region ACS URL, audience and sign-on URL'),
  kb('16000121292', 'SSO Group Mapping under Account Management > User Management'),
  kb('16000094144', 'Okta group attribute statements'),
  kb('16000124784', 'Okta IdP-initiated sign-in through a bookmark application'),
  kb('16000129918', 'Account Management overview: User Management holds users, groups, roles, application scopes and permission sets'),
  kb('16000121277', 'Roles: Account Management > User Management > Roles, Add Role, one permission set and one or more application scopes'),
  kb('16000121278', 'Permission Sets: access selector (UI and API, or API only), Edit / View Only / Not Set per item'),
  { host: 'learn.microsoft.com', path: '/en-us/azure/active-directory/saas-apps/aqua-platform-tutorial', source: 'Microsoft Learn: Entra ID gallery app "Aqua Platform", SP-initiated sign-in only' },
  { host: 'jenkins.io', path: '/doc/pipeline/steps/aqua-security-scanner', source: 'Jenkins pipeline step reference of the Aqua Security Scanner plug-in' },
  { host: 'cloud.google.com', path: '/chronicle/docs/ingestion/default-parsers/aqua-security', source: 'Google SecOps default parser for Aqua Security events, fed by a webhook' },
  { host: 'aquasec.com', path: '/blog/container-security-vulnerability-mitigation', source: 'Aqua blog: vShield, runtime virtual patching of a known CVE' },
  { host: 'github.com', path: '/aquasecurity/terraform-provider-aquasec', source: 'official Aqua Terraform provider: API client and resource docs (policies, log management, roles, SSO mappings)' },
  { host: 'github.com', path: '/aquasecurity/postee', source: 'Postee: cfg.yaml schema, routes, templates' },
  { host: 'github.com', path: '/aquasecurity/saas-api-samples', source: 'Aqua SaaS API samples: signed token request' },
  { host: 'github.com', path: '/jenkinsci/aqua-security-scanner-plugin', source: 'the Jenkins plug-in source: step parameters and their help text' },
  { host: 'github.com', path: '/aquasecurity/trivy', source: 'Trivy: report format and CLI flags' },
]

/** Hosts printed as service addresses, registry or claim names, or examples; not documentation. */
export const SERVICE_HOSTS: Array<{ host: RegExp; why: string }> = [
  { host: /^(?:(?:eu-1|asia-1|asia-2|ap-2)\.)?cloud\.aquasec\.com$/, why: 'Aqua SaaS console per region (terraform-provider-aquasec consts/consts.go)' },
  { host: /^(?:(?:eu-1|asia-1|asia-2|ap-2)\.)?api\.cloudsploit\.com$/, why: 'Aqua SaaS token API per region (terraform-provider-aquasec consts/consts.go)' },
  { host: /^prov(?:-(?:eu-1|asia-1|asia-2|ap-2))?\.cloud\.aquasec\.com$/, why: 'Aqua SaaS provisioning API (terraform-provider-aquasec consts/consts.go)' },
  { host: /^[a-z0-9-]+\.auth\.[a-z0-9-]+\.amazoncognito\.com$/, why: 'SAML assertion consumer service per region (support article 16000121283)' },
  { host: /^registry\.aquasec\.com$/, why: "Aqua's private image registry for the scanner (harbor-scanner-aqua README)" },
  { host: /^schemas\.xmlsoap\.org$/, why: 'SAML email claim name, a URI, not a page (support article 16000121283)' },
  { host: /^quay\.io$/, why: 'Quay cloud registry address (support article 16000120188: cloud Quay must use https://quay.io)' },
  { host: /^[a-z0-9-]+\.(?:azurecr\.io|jfrog\.io)$/, why: 'example registry names (Azure Container Registry, JFrog) in registry-integration examples' },
  { host: /^(?:[a-z0-9-]+\.)*example\.(?:com|org|net|co\.uk)$/, why: 'reserved example domains (RFC 2606 and the like)' },
]

// A host ends in one of these; file names such as lab.md or splunk.json are not hosts.
const URL_RE = /(?:https?:\/\/)?(?:[a-z0-9-]+\.)+(?:com|io|org|net|dev|cloud|uk|app|ai|eu)(?![\w-])(?::\d+)?(?:\/[^\s<>"'`)\]|*,;]*)?/gi

export interface PrintedUrl {
  host: string
  path: string
  where: string
}

/** Addresses in a text, data: URIs (inline icons) left out. */
export function printedUrls(text: string, where: string): PrintedUrl[] {
  const out: PrintedUrl[] = []
  for (const m of text.replace(/"data:[^"]*"|data:[^\s"')]+/g, ' ').matchAll(URL_RE)) {
    const bare = m[0].replace(/^https?:\/\//i, '').replace(/[.:?]+$/, '')
    const at = bare.search(/[/:?]/)
    const host = (at < 0 ? bare : bare.slice(0, at)).toLowerCase()
    const path = at < 0 ? '' : bare.slice(at).replace(/^:\d+/, '').replace(/[?#].*$/, '').replace(/\/+$/, '')
    out.push({ host, path, where })
  }
  return out
}

export function isAllowed(u: PrintedUrl): boolean {
  if (SERVICE_HOSTS.some((s) => s.host.test(u.host))) return true
  return DOC_PAGES.some((d) => d.host === u.host && (d.path === '' || d.exact ? u.path === d.path : u.path === d.path || u.path.startsWith(`${d.path}/`)))
}

/** Slide decks, lab and trainer pages, and every snippet region they include. */
function printedSources(): Array<{ where: string; text: string }> {
  const sources: Array<{ where: string; text: string }> = []
  const include = (line: string, base: string, where: string): void => {
    const m = /^<<<\s+(\S+?)(?:#([\w+-]+))?(?:\s|$)/.exec(line.trim())
    if (!m) return
    const path = m[1]!.startsWith('@/') ? join(base, m[1]!.slice(2)) : join(ROOT, m[1]!)
    if (!existsSync(path)) return // the deck and lab tests report missing includes
    const region = extractRegion(readFileSync(path, 'utf8'), m[2] ?? null)
    if (region) sources.push({ where: `${where} <<< ${m[1]}${m[2] ? `#${m[2]}` : ''}`, text: region.lines.join('\n') })
  }
  const add = (file: string, base: string): void => {
    const text = readFileSync(file, 'utf8')
    const where = file.slice(ROOT.length + 1)
    sources.push({ where, text })
    for (const line of text.split('\n')) include(line, base, where)
  }
  for (const deck of readdirSync(join(ROOT, 'slides'))) {
    const file = join(ROOT, 'slides', deck, 'slides.md')
    if (existsSync(file)) add(file, join(ROOT, 'slides', deck))
  }
  for (const lab of readdirSync(join(ROOT, 'labs'))) {
    for (const f of ['lab.md', 'trainer.md']) if (existsSync(join(ROOT, 'labs', lab, f))) add(join(ROOT, 'labs', lab, f), ROOT)
  }
  return sources
}

describe('addresses printed in decks and handouts', () => {
  const sources = printedSources()
  const urls = sources.flatMap((s) => printedUrls(s.text, s.where))

  it('are found (the scan reads decks, handouts and included snippets)', () => {
    expect(sources.some((s) => s.where.includes('<<<'))).toBe(true)
    expect(urls.filter((u) => u.host === 'support.aquasec.com').length).toBeGreaterThan(3)
  })

  it('are each a listed documentation page or a listed service or example host', () => {
    const unknown = urls.filter((u) => !isAllowed(u)).map((u) => `${u.where}: ${u.host}${u.path}`)
    expect([...new Set(unknown)]).toEqual([])
  })

  it('every listed page says what it holds and where that comes from', () => {
    for (const d of DOC_PAGES) {
      expect(d.source.length, `${d.host}${d.path}`).toBeGreaterThan(20)
      expect(d.path === '' || d.path.startsWith('/'), `${d.host}${d.path}`).toBe(true)
    }
    for (const s of SERVICE_HOSTS) expect(s.why.length).toBeGreaterThan(10)
  })

  it('no deck or handout says the guide links to a page it does not link to', () => {
    const guideLinks = new Set(['/docs/image-registries-and-repositories', '/docs/aqua-cloud-connector'])
    const claims: string[] = []
    for (const s of sources) {
      for (const m of s.text.matchAll(/(?:the guide (?:links|points) to|pages? the guide (?:links|points) to)[^\n]*/gi)) {
        const paths = printedUrls(m[0], s.where).map((u) => u.path)
        if (paths.length === 0 || paths.some((p) => !guideLinks.has(p))) claims.push(`${s.where}: ${m[0].slice(0, 80)}`)
      }
    }
    expect(claims).toEqual([])
  })
})

describe('the address rules themselves', () => {
  it('read hosts and paths, with or without a scheme, and leave file names alone', () => {
    expect(printedUrls('see https://docs.aquasec.com/docs/x. and lab.md, splunk.json', 'f')).toEqual([{ host: 'docs.aquasec.com', path: '/docs/x', where: 'f' }])
    expect(printedUrls('support.aquasec.com/support/solutions/articles/16000111622 (log)', 'f')[0]!.path).toBe('/support/solutions/articles/16000111622')
    expect(printedUrls('<svg xmlns="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22">', 'f')).toEqual([])
  })
  it('refuse an unlisted page on a documentation host, and an unknown host', () => {
    expect(isAllowed({ host: 'docs.aquasec.com', path: '/docs/rbac-overview', where: 'f' })).toBe(false)
    expect(isAllowed({ host: 'docs.splunk.com', path: '', where: 'f' })).toBe(false)
    expect(isAllowed({ host: 'github.com', path: '/aquasecurity/postee/blob/main/cfg.yaml', where: 'f' })).toBe(true)
    expect(isAllowed({ host: 'splunk.example.com', path: '', where: 'f' })).toBe(true)
    expect(isAllowed({ host: 'support.aquasec.com', path: '/support/solutions/articles/16000000000', where: 'f' })).toBe(false)
  })
})
