import { parseRangeString } from '@slidev/parser/utils'
import type { ShikiTransformer } from '@shikijs/types'
import { defineShikiSetup } from '@slidev/types'

const EXCERPT = /(?:^|\s)excerpt=([\d,-]+)(?:\s|$)/

/** The line numbers (1-based) a code block's header shows with `excerpt=…`; null without one. */
export function excerptLines(header: string, lineCount: number): number[] | null {
  const excerpt = EXCERPT.exec(header)?.[1]
  return excerpt ? parseRangeString(lineCount, excerpt) : null
}

/**
 * `excerpt=2-3,5-20` after a code block's highlight ranges shows only those lines of it. For a file
 * imported whole that can hold no #region marks (deck 07's policy JSON, which the API must take as
 * it is): every line stays in the block, so the highlight steps count the file's own line numbers,
 * and the lines outside the excerpt are hidden (styles/kit.css, .kit-code-outside).
 */
const excerptTransformer: ShikiTransformer = {
  name: 'kit:excerpt',
  code(code) {
    const lines = excerptLines(this.options.meta?.__raw ?? '', this.lines.length)
    if (!lines) return
    this.addClassToHast(code, 'kit-code-excerpt')
    const shown = new Set(lines)
    this.lines.forEach((line, i) => {
      if (!shown.has(i + 1)) this.addClassToHast(line, 'kit-code-outside')
    })
  },
}

// High-contrast themes: code must stay legible on a washed-out projector.
export default defineShikiSetup(() => ({
  themes: {
    light: 'github-light-high-contrast',
    dark: 'github-dark-high-contrast',
  },
  transformers: [excerptTransformer],
}))
