// The take-home edition's guard (issue 14 point 3): before a customer edition is handed over, every
// file of it is searched for what must never reach a customer: the trainer's own sentences (speaker
// notes, the labs' trainer notes, the knowledge checks' explanations), the gallery, and any other
// engagement's image names. Pure: the build reads the files and the sources, this module decides.
//
// Texts are compared after one normalisation (lower case, HTML entities and tags, JavaScript string
// escapes, typographic quotes and dashes, white space), so a note sentence is found whether it sits
// in HTML, in a JavaScript chunk or in a PDF's text layer.

/** Something the edition must not hold, with what to call it when it is found. */
export interface GuardNeedle {
  text: string
  /** e.g. "a speaker note of 03-image-assurance (slides/03-image-assurance/slides.md:120)". */
  what: string
}

export interface GuardHit {
  /** The file, relative to the edition folder. */
  file: string
  what: string
  /** The needle as written in its source. */
  text: string
}

/** Sentences shorter than this (after normalisation) are too common to prove anything. */
export const MIN_SENTENCE_CHARS = 40
/** Nor are fewer words: "container registry, vulnerability scanning, image assurance policies" is a list of labels. */
export const MIN_SENTENCE_WORDS = 8
/** Image and customer names shorter than this are not searched ("nginx" is everywhere). */
export const MIN_NAME_CHARS = 6
// Needles are looked up by their first characters at each word start of the text.
const KEY_CHARS = MIN_NAME_CHARS

const ENTITIES: Record<string, string> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', nbsp: ' ', rsquo: "'", lsquo: "'", rdquo: '"', ldquo: '"', ndash: '-', mdash: '-', hellip: '...' }

/** The one form every text is compared in. */
export function normalizeScanText(text: string): string {
  return (
    text
      // JavaScript string escapes, as a bundler writes them.
      .replace(/\\u\{([0-9a-fA-F]+)\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g, (_m, a?: string, b?: string, c?: string) => String.fromCodePoint(parseInt((a ?? b ?? c)!, 16)))
      .replace(/\\[nrt]/g, ' ')
      .replace(/\\(["'`\\])/g, '$1')
      // HTML: tags out (a note rendered to HTML has <code> and <strong> inside sentences), entities decoded.
      .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
      .replace(/&#x([0-9a-fA-F]+);|&#(\d+);|&([a-zA-Z]+);/g, (m, hex?: string, dec?: string, name?: string) =>
        hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : (ENTITIES[name!.toLowerCase()] ?? m),
      )
      .replace(/[\u2018\u2019\u201a\u2032]/g, "'")
      .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\u2026/g, '...')
      .toLowerCase()
      .replace(/[\s\u00a0\u202f]+/g, ' ')
  )
}

/** Markdown to plain text: what a reader sees of it, which is what a file of the edition would hold. */
function markdownToText(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^\s*\[\d+ min\]/gm, ' ')
    .replace(/\[click(?::\d+)?\]/gi, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, ' ')
    .replace(/\|/g, ' ')
    .replace(/(\*\*|__|\*|_|`)/g, '')
}

/**
 * The sentences of a trainer text (Markdown) long enough to be distinctive, normalised. A list item,
 * a table cell or a paragraph ends a sentence as a full stop does.
 */
export function distinctiveSentences(markdown: string, minChars = MIN_SENTENCE_CHARS): string[] {
  const blocks = markdown.split(/\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)/)
  const out = new Set<string>()
  for (const block of blocks) {
    const text = normalizeScanText(markdownToText(block)).trim()
    for (const sentence of text.split(/(?<=[.!?:;])\s+(?=["'(]?[a-z0-9])/)) {
      // Leading and trailing punctuation differ between renderings; the words in between do not.
      const core = sentence.replace(/^[^a-z0-9]+/, '').replace(/[^a-z0-9)]+$/, '')
      if (core.length >= minChars && core.split(' ').length >= MIN_SENTENCE_WORDS) out.add(core)
    }
  }
  return [...out]
}

/** What the customer may read anyway (slides, handouts, the components' own words), in the scanning form. */
export function publicCorpus(sources: readonly string[]): string {
  return normalizeScanText(sources.map(markdownToText).join('\n\n'))
}

/**
 * Needles minus those the customer may see anyway: a trainer sentence that a slide or a customer
 * handout also says, an image name the kit's own public samples carry. `publicText` is normalised.
 */
export function withoutPublic(needles: readonly GuardNeedle[], publicText: string, publicNames: ReadonlySet<string> = new Set()): GuardNeedle[] {
  const seen = new Set<string>()
  return needles.filter((needle) => {
    const text = normalizeScanText(needle.text).trim()
    if (text.length < MIN_NAME_CHARS || seen.has(text)) return false
    seen.add(text)
    return !publicNames.has(text) && !publicText.includes(text)
  })
}

/** Needles ready for scanning many texts: normalised and indexed by their first characters. */
export class GuardIndex {
  private readonly byKey = new Map<string, Array<{ text: string; needle: GuardNeedle }>>()
  readonly size: number

  constructor(needles: readonly GuardNeedle[]) {
    for (const needle of needles) {
      const text = normalizeScanText(needle.text).trim()
      if (text.length < MIN_NAME_CHARS) continue
      const key = text.slice(0, KEY_CHARS)
      const list = this.byKey.get(key) ?? []
      list.push({ text, needle })
      this.byKey.set(key, list)
    }
    this.size = [...this.byKey.values()].reduce((n, list) => n + list.length, 0)
  }

  /** Every needle `text` (any form: HTML, JavaScript, PDF text) holds, each once. */
  find(text: string): GuardNeedle[] {
    const hay = normalizeScanText(text)
    const found = new Map<string, GuardNeedle>()
    for (let i = 0; i + KEY_CHARS <= hay.length; i++) {
      // Needles start at a word: only look where one can start.
      if (i > 0 && /[a-z0-9]/.test(hay[i - 1]!)) continue
      const list = this.byKey.get(hay.slice(i, i + KEY_CHARS))
      if (!list) continue
      for (const entry of list) if (!found.has(entry.text) && hay.startsWith(entry.text, i)) found.set(entry.text, entry.needle)
    }
    return [...found.values()]
  }
}

/** A file name alone makes a hit too: the gallery deck's folder, a trainer PDF. */
export function forbiddenPath(file: string): string | null {
  const parts = file.split(/[\\/]/)
  if (parts.includes('gallery')) return 'the component gallery (a trainer deck)'
  if (/-trainer\.[a-z]+$/i.test(file)) return 'a trainer edition'
  if (parts.includes('workshop')) return 'the whole-workshop deck (the trainer runs it; the customer has the day decks)'
  return null
}

/** One line per hit: the file and what it held. */
export function describeHit(hit: GuardHit): string {
  const shown = hit.text.length > 90 ? `${hit.text.slice(0, 87)}...` : hit.text
  return `${hit.file}: holds ${hit.what}: "${shown.replace(/\s+/g, ' ')}"`
}
