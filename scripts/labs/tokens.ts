// How labs are read as markdown, once for the loader (sections, includes, `check` blocks) and the
// renderer (HTML): the same markdown-it options, fence info strings read one way, and heading ids
// from markdown-it-anchor with the kit's slug rule.
import MarkdownIt from 'markdown-it'
import type { MarkdownIt as MarkdownItInstance, Token } from 'markdown-it'
import anchor from 'markdown-it-anchor'

/** The options both the loader and the renderer parse lab markdown with. */
export const MARKDOWN_OPTIONS = { html: true, linkify: false, typographer: false } as const

/** Heading text to an id: lower case, letters and digits, words joined by "-". */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** Which ids a page has given out; shared by every markdown render of one page (markdown-it-anchor keeps it in env). */
export interface HeadingIds {
  slugs: Record<string, true>
}

export function headingIds(taken: readonly string[] = []): HeadingIds {
  return { slugs: Object.fromEntries(taken.map((id) => [id, true])) as Record<string, true> }
}

/**
 * Gives headings of `level` ids: `slug(title, env)`, made unique on the page by "-2", "-3"… through
 * the HeadingIds in `env.markdownItAnchor`.
 */
export function useHeadingIds(md: MarkdownItInstance, level: number | number[], slug: (title: string, env: Record<string, unknown>) => string): void {
  md.use(anchor, {
    level,
    tabIndex: false,
    uniqueSlugStartIndex: 2,
    slugifyWithState: (title: string, state: { env: Record<string, unknown> }) => slug(title, state.env),
  })
}

export function labMarkdown(): MarkdownItInstance {
  return new MarkdownIt(MARKDOWN_OPTIONS)
}

/** Parses a fence info string: language first, then flags (`check`, `expected`, `expect-exit=4`, `include=…`). */
export function parseInfo(info: string): { lang: string; flags: Set<string>; attrs: Map<string, string> } {
  const words = info.trim().split(/\s+/).filter(Boolean)
  const lang = words.shift() ?? ''
  const flags = new Set<string>()
  const attrs = new Map<string, string>()
  for (const w of words) {
    const eq = w.indexOf('=')
    if (eq > 0) attrs.set(w.slice(0, eq), w.slice(eq + 1))
    else flags.add(w)
  }
  return { lang, flags, attrs }
}

/** True when a fence token ends with its closing marker (markdown-it runs an unclosed fence to the end). */
export function fenceIsClosed(token: Token, lines: readonly string[]): boolean {
  const [start, end] = token.map ?? [0, 0]
  if (end - start < 2) return false
  const last = (lines[end - 1] ?? '').trim()
  return last.length >= token.markup.length && [...last].every((c) => c === token.markup[0])
}

export type { Token }
