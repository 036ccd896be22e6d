// The content rules that keep decks readable from the back of a room and deliverable by a
// consultant who has never seen them: notes on every content slide, word, bullet and code limits,
// a duration on every deck, and every topic the work package asks for.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listDecks, loadSlides, readHeadmatter, ROOT, type DeckSlide } from '../../scripts/decks.ts'
import { excerptLines } from '../../setup/shiki.ts'

const MAX_WORDS = 45 // "about 40"
const MAX_BULLETS = 6
const MAX_CODE_LINES = 14
/** Layouts that carry no content of their own and need no speaker notes. */
const NO_NOTES_LAYOUTS = new Set(['cover', 'section', 'end'])

/** Visible prose of a slide: no code, no script/style blocks, no component tags, no markup. */
export function visibleText(content: string): string {
  return content
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^<<<.*$/gm, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/[#*_`|>[\]()]/g, ' ')
}

export function countWords(content: string): number {
  return (visibleText(content).match(/[\p{L}\p{N}][\p{L}\p{N}'’.:/-]*/gu) ?? []).length
}

export function countBullets(content: string): number {
  const withoutCode = content.replace(/```[\s\S]*?```/g, '').replace(/<script[\s\S]*?<\/script>/g, '')
  return (withoutCode.match(/^\s*(?:[-*+]|\d+\.)\s+\S/gm) ?? []).length
}

interface CodeBlock {
  lines: number
  highlighted: boolean
  what: string
}

function snippetLines(ref: string, deckDir: string): number {
  // <<< @/path#region {…}: `@` is the deck's package root; count the region's lines.
  const match = /^<<<\s+(\S+?)(?:#([\w-]+))?(?:\s|$)/.exec(ref)
  if (!match) return 0
  const rawPath = match[1]!
  const candidates = [join(deckDir, rawPath.replace(/^@\//, '')), join(ROOT, rawPath.replace(/^@\//, '')), join(deckDir, rawPath)]
  const file = candidates.find((c) => existsSync(c))
  if (!file) return -1
  const lines = readFileSync(file, 'utf8').split('\n')
  // a whole file shown in part (`excerpt=…`, setup/shiki.ts) shows only those lines
  if (!match[2]) return excerptLines(ref, lines.length)?.length ?? lines.length
  const start = lines.findIndex((l) => new RegExp(`#region\\s+${match[2]}\\b`).test(l))
  const end = lines.findIndex((l, i) => i > start && /#endregion/.test(l))
  return start < 0 || end < 0 ? -1 : end - start - 1
}

export function codeBlocks(content: string, deckDir: string): CodeBlock[] {
  const blocks: CodeBlock[] = []
  for (const m of content.matchAll(/```(\w*)([^\n]*)\n([\s\S]*?)```/g)) {
    if (m[1] === 'mermaid') continue
    blocks.push({ lines: m[3]!.replace(/\n$/, '').split('\n').length, highlighted: /\{[^}]*\|[^}]*\}/.test(m[2] ?? ''), what: `\`\`\`${m[1]}` })
  }
  for (const m of content.matchAll(/^<<<.*$/gm)) {
    blocks.push({ lines: snippetLines(m[0], deckDir), highlighted: /\{[^}]*\|[^}]*\}/.test(m[0]), what: m[0] })
  }
  return blocks
}

function where(s: DeckSlide): string {
  return `slide ${s.no} "${s.title}" (${s.file}:${s.line})`
}

/** Topics each section must cover (the work package, point by point): patterns over slides and notes. */
const TOPICS: Record<string, RegExp[]> = {
  '00-welcome': [/Docker Hub/, /<CapabilityVenn/, /<AgendaPlanner/, /\bDefault\b/, /\bDTA\b/, /two (to|and|or) three hours|2[–-]3 h/i, /six to eight|6[–-]8/i],
  '01-registry-integration': [/\bACR\b/, /\bECR\b/, /\bGCR\b/, /cloud connector/i, /four hours|4 hours/i, /<RegistryPlanner/, /on-prem/i, /Add Registry/],
  '02-vulnerability-scanning': [
    /alpine:3\.4/, /ubuntu:14\.04/, /Scan Queue/i, /Host Images/i, /CI\/CD Scans/i, /compliance report/i, /Layers/, /Resources/, /Sensitive Data/i,
    /Malware/, /Information/, /Scan History/i, /Audit/, /CyberCenter/, /vendor fix/i, /acknowledg/i, /<ScanTable/, /<SeveritySummary/, /<ImageRisk/,
  ],
  '03-image-assurance': [/\bDefault\b/, /\bDTA\b/, /custom policy/i, /layered|layering/i, /audit/i, /fail.{0,4}CI\/CD|fail_cicd/i, /\bblock/i, /<PolicyEditor/, /<PolicyImpact/, /non-compliant/i],
  '04-cicd-integration': [
    /Jenkins/, /IMAGE_NAME/, /GitLab/, /Azure DevOps/, /TeamCity/, /GitHub Actions/, /Windows/, /exit code 4|\b4\b.*non-compliant/i, /HTML/, /CI\/CD Scans/i, /Postee/,
    /webhook/i, /<PipelineRun/, /<<< /,
  ],
  '05-sso-saml': [/SAML/, /Entra ID|Azure AD/, /Okta/, /RBAC/, /permission set/i, /application scope/i, /group/i, /<SamlFlow/],
  '06-siem-logging': [/audit/i, /Splunk/, /syslog/i, /SIEM/, /QRadar|CloudWatch/],
  '07-policy-as-code': [/\bGit\b/, /\bAPI\b/, /non-prod/i, /prod/i, /push-policies/, /HMAC|API key/i, /dry run|dry-run/i, /<<< /],
}

const decks = listDecks()

/** Components a slide may use: the kit's own (components/, any depth) and Slidev's built-ins. */
function knownComponents(): Set<string> {
  const names = new Set<string>()
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name))
      else if (entry.name.endsWith('.vue')) names.add(entry.name.replace(/\.vue$/, ''))
    }
  }
  walk(join(ROOT, 'components'))
  walk(join(ROOT, 'node_modules', '@slidev', 'client', 'builtin'))
  return names
}

describe('every slide', () => {
  // Vue renders an unknown tag as an empty custom element without a word in production builds,
  // so a misspelt component would silently leave a hole in a customer's PDF.
  it.each(decks.map((d) => [d.id, d] as const))('%s uses only components that exist', async (_id, deck) => {
    const known = knownComponents()
    const unknown: string[] = []
    for (const s of await loadSlides(deck)) {
      const markup = s.content.replace(/```[\s\S]*?```/g, '').replace(/<script[\s\S]*?<\/script>/g, '')
      for (const m of markup.matchAll(/<([A-Z][A-Za-z0-9]*)\b/g)) if (!known.has(m[1]!)) unknown.push(`${where(s)}: <${m[1]}>`)
    }
    expect(unknown).toEqual([])
  })
})

describe('every deck', () => {
  it.each(decks.map((d) => [d.id, d] as const))('%s has a duration and a title', (_id, deck) => {
    const head = readHeadmatter(deck.entry)
    expect(String(head.duration ?? '')).toMatch(/^\d+(\.\d+)?\s*(min|h)/)
    expect(typeof head.title).toBe('string')
    expect((head.fonts as Record<string, unknown>)?.provider).toBe('none')
  })
})

const sections = decks.filter((d) => d.kind === 'section')

describe.each(sections.map((d) => [d.id, d] as const))('section deck %s', (id, deck) => {
  it('has speaker notes on every content slide', async () => {
    const missing = (await loadSlides(deck)).filter((s) => !NO_NOTES_LAYOUTS.has(s.layout) && s.note.length < 20).map(where)
    expect(missing).toEqual([])
  })

  it('keeps slides readable: words, bullets and code within limits', async () => {
    const problems: string[] = []
    for (const s of await loadSlides(deck)) {
      const words = countWords(s.content)
      if (words > MAX_WORDS) problems.push(`${where(s)}: ${words} words (max ${MAX_WORDS})`)
      const bullets = countBullets(s.content)
      if (bullets > MAX_BULLETS) problems.push(`${where(s)}: ${bullets} bullets (max ${MAX_BULLETS})`)
      for (const block of codeBlocks(s.content, deck.dir)) {
        if (block.lines < 0) problems.push(`${where(s)}: ${block.what} does not resolve to a file and region`)
        else if (block.lines > MAX_CODE_LINES) problems.push(`${where(s)}: ${block.what} shows ${block.lines} lines (max ${MAX_CODE_LINES})`)
        else if (block.lines > 8 && !block.highlighted) problems.push(`${where(s)}: ${block.what} has ${block.lines} lines without line-highlight steps`)
      }
    }
    expect(problems).toEqual([])
  })

  it('covers its topics, the customer conversation, a lab and a recap', async () => {
    const slides = await loadSlides(deck)
    const text = slides.map((s) => `${s.title}\n${s.content}\n${s.note}`).join('\n')
    const missing = (TOPICS[id] ?? []).filter((re) => !re.test(text)).map(String)
    if (id !== '00-welcome') {
      if (!slides.some((s) => /conversation|questions/i.test(s.title))) missing.push('a customer-conversation slide')
      if (!slides.some((s) => /\blab\b/i.test(s.title))) missing.push('a lab slide')
      if (!slides.some((s) => /recap|summary|next step/i.test(s.title))) missing.push('a recap slide')
    }
    expect(missing).toEqual([])
  })

  it('runs two to three hours (the welcome at most one)', () => {
    const minutes = Number(/^(\d+)/.exec(deck.duration)?.[1] ?? 0)
    if (id === '00-welcome') expect(minutes).toBeLessThanOrEqual(60)
    else {
      expect(minutes).toBeGreaterThanOrEqual(90)
      expect(minutes).toBeLessThanOrEqual(180)
    }
  })
})

describe('the content rules themselves', () => {
  it('count words without code, tags or notes', () => {
    expect(countWords('# Title\n\nTwo words\n\n```ts\nconst a = 1\n```\n<ScanTable :scan="x" />')).toBe(3)
  })
  it('count bullets outside code', () => {
    expect(countBullets('- a\n- b\n\n```md\n- c\n```')).toBe(2)
  })
  it('measure snippet regions', () => {
    expect(codeBlocks('<<< @/snippets/none.ts#x', ROOT)[0]!.lines).toBe(-1)
  })
  it('count only the lines an excerpt of a whole file shows', () => {
    const whole = codeBlocks('<<< @/snippets/policies/prod-gate.json json {all|2-3}', ROOT)[0]!.lines
    expect(whole).toBeGreaterThan(14)
    expect(codeBlocks('<<< @/snippets/policies/prod-gate.json json {all|2-3} excerpt=2-3,5-16', ROOT)[0]!.lines).toBe(14)
    expect(excerptLines('{all|2-3} excerpt=2-3,8', 10)).toEqual([2, 3, 8])
    expect(excerptLines('{all|2-3}', 10)).toBeNull()
  })
})
