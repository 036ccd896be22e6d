// Every component takes its type sizes from the kit's scale (styles/kit.css --kit-text-*), so a
// projector tweak is one change, not a hunt through every <style> block.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../scripts/decks.ts'

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return vueFiles(path)
    return entry.name.endsWith('.vue') ? [path] : []
  })
}

/** `font-size` declarations (CSS, inline style, SVG attribute) whose value is not a kit token. */
function hardCodedFontSizes(source: string): string[] {
  const found: string[] = []
  // CSS and style="" declarations, and the `font:` shorthand when it carries a size.
  for (const match of source.matchAll(/font-size\s*:\s*([^;"'}]+)/g)) {
    const value = match[1]!.trim()
    if (!/^(var\(--kit-text-[a-z0-9-]+\)|inherit|1em|100%)(\s*!important)?$/.test(value)) found.push(match[0])
  }
  for (const match of source.matchAll(/\bfont\s*:\s*([^;"'}]+)/g)) {
    if (/\d(px|rem|pt|em)\b/.test(match[1]!)) found.push(match[0])
  }
  // SVG presentation attributes and bound style objects.
  for (const match of source.matchAll(/font-size="[^"]*"|fontSize\s*:\s*['"`][^'"`]*['"`]/g)) found.push(match[0])
  // UnoCSS size utilities in templates (text-xl, text-[22px]).
  for (const match of source.matchAll(/class="[^"]*\btext-(xs|sm|base|lg|\d?xl|\[[^\]]+\])\b[^"]*"/g)) found.push(match[0])
  return found
}

describe('component type sizes', () => {
  it('finds a hard-coded size when there is one (the check can fail)', () => {
    expect(hardCodedFontSizes('.a { font-size: 18px; }')).toEqual(['font-size: 18px'])
    expect(hardCodedFontSizes('<text font-size="14">x</text>')).toHaveLength(1)
    expect(hardCodedFontSizes('<p class="mt-2 text-2xl">x</p>')).toHaveLength(1)
    expect(hardCodedFontSizes('.a { font: 600 1.1rem Inter; }')).toHaveLength(1)
    expect(hardCodedFontSizes('.a { font-size: var(--kit-text-ui); font: inherit; }')).toEqual([])
  })

  const files = vueFiles(join(ROOT, 'components'))
  it.each(files.map((file) => [relative(ROOT, file), file]))('%s takes every font size from the kit scale', (_name, file) => {
    expect(hardCodedFontSizes(readFileSync(file, 'utf8'))).toEqual([])
  })
})
