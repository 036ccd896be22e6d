// The decks of the kit: every folder under slides/ with a slides.md. One place that knows their
// order, names and headmatter, for the build, the index page, the dev server and the tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const SLIDES_DIR = join(ROOT, 'slides')
export const DIST_DIR = join(ROOT, 'dist')

/** Decks that are for the presenter, not for customers: built and tested, listed apart. */
const PRESENTER_DECKS = new Set(['gallery'])

export interface Deck {
  /** Folder name, also the URL base (/<id>/) and the PDF name (pdf/<id>.pdf). */
  id: string
  dir: string
  entry: string
  title: string
  /** Headmatter `duration` as written, e.g. "150min". */
  duration: string
  /** `day`: a generated deck that runs one day of the agreed agenda (scripts/agenda.ts). */
  kind: 'section' | 'workshop' | 'presenter' | 'day'
}

export class DeckError extends Error {
  override name = 'DeckError'
}

/** The headmatter (first frontmatter block) of a Slidev entry file. */
export function readHeadmatter(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8')
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text)
  if (!match) throw new DeckError(`${file}: no headmatter (the file must start with a --- block)`)
  try {
    const data = parseYaml(match[1] ?? '') as unknown
    if (!data || typeof data !== 'object') throw new Error('headmatter is not a mapping')
    return data as Record<string, unknown>
  } catch (error) {
    throw new DeckError(`${file}: bad headmatter: ${(error as Error).message.split('\n')[0]}`)
  }
}

export function listDecks(slidesDir: string = SLIDES_DIR): Deck[] {
  const ids = readdirSync(slidesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(slidesDir, entry.name, 'slides.md')))
    .map((entry) => entry.name)
    .sort()
  return ids.map((id) => {
    const dir = join(slidesDir, id)
    const entry = join(dir, 'slides.md')
    const head = readHeadmatter(entry)
    return {
      id,
      dir,
      entry,
      title: typeof head.title === 'string' ? head.title : id,
      duration: head.duration === undefined ? '' : String(head.duration),
      kind: PRESENTER_DECKS.has(id) ? 'presenter' : id === 'workshop' ? 'workshop' : 'section',
    }
  })
}

/** Find decks by id or by an unambiguous prefix/part ("01", "registry"). */
export function matchDeck(query: string, decks: Deck[] = listDecks()): Deck {
  const exact = decks.find((deck) => deck.id === query)
  if (exact) return exact
  const hits = decks.filter((deck) => deck.id.startsWith(query) || deck.id.includes(query))
  if (hits.length === 1) return hits[0]!
  const names = decks.map((deck) => deck.id).join(', ')
  throw new DeckError(
    hits.length === 0
      ? `No deck matches "${query}". Decks: ${names}`
      : `"${query}" matches several decks (${hits.map((deck) => deck.id).join(', ')}): be more specific.`,
  )
}

export interface DeckSlide {
  /** 1-based slide number as the deck shows it. */
  no: number
  title: string
  layout: string
  frontmatter: Record<string, unknown>
  /** The slide's markdown without frontmatter and notes. */
  content: string
  note: string
  /** Where the slide comes from (file relative to the repo root, 1-based line). */
  file: string
  line: number
}

/**
 * Every visible slide of a deck, `src:` imports resolved, in the order the deck shows them. The
 * "your images" slides (`engagement: true`) count only in a build for an engagement, as
 * setup/preparser.ts builds them: by default when this process builds for one (KIT_ENGAGEMENT_DATA).
 */
export async function loadSlides(deck: Deck, options: { engagement?: boolean } = {}): Promise<DeckSlide[]> {
  const engagement = options.engagement ?? Boolean(process.env.KIT_ENGAGEMENT_DATA)
  const { load } = await import('@slidev/parser/fs')
  const data = await load({ roots: [ROOT, deck.dir], userRoot: deck.dir }, deck.entry)
  const visible = data.slides.filter((s) => !s.frontmatter?.hide && !s.frontmatter?.disabled && (engagement || s.frontmatter?.engagement !== true))
  return visible.map((s, i) => ({
    no: i + 1,
    title: s.title ?? '',
    layout: String(s.frontmatter?.layout ?? (s.index === 0 ? 'cover' : 'default')),
    frontmatter: (s.frontmatter ?? {}) as Record<string, unknown>,
    content: s.source.content ?? s.content ?? '',
    note: (s.source.note ?? s.note ?? '').trim(),
    file: relative(ROOT, s.source.filepath),
    line: (s.source.start ?? 0) + 1,
  }))
}
