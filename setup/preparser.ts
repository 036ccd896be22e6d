import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { definePreparserSetup } from '@slidev/types'

// Slides whose frontmatter says `engagement: true` ("your images") exist only in a build for an
// engagement (KIT_ENGAGEMENT_DATA, see scripts/engagement-data.ts). Without one they are disabled,
// which Slidev leaves out of the build entirely, so the kit is as it was without an engagement.
//
// A slide with `engagementPages: N` (the verdict table, last in its deck so no slide number before
// it moves) is repeated once per N images, its `:page="0"` counted up, so the PDF lists every image.
const DATA_ENV = 'KIT_ENGAGEMENT_DATA'

function imageCount(): number {
  try {
    return (JSON.parse(readFileSync(join(process.env[DATA_ENV]!, 'index.json'), 'utf8')) as { images: unknown[] }).images.length
  } catch {
    return 0
  }
}

function repeatPages(lines: string[]): void {
  const at = lines.findIndex((line) => /^engagementPages:\s*\d+\s*$/.test(line))
  if (at === -1) return
  const perPage = Number(lines[at]!.split(':')[1])
  const start = lines.lastIndexOf('---', at)
  const fmEnd = lines.indexOf('---', at + 1)
  const next = lines.indexOf('---', fmEnd + 1)
  const end = next === -1 ? lines.length : next
  const slide = lines.slice(start, end)
  const pages = Math.max(1, Math.ceil(imageCount() / perPage))
  const copies: string[] = []
  for (let page = 1; page < pages; page++) copies.push(...slide.map((line) => line.replace(':page="0"', `:page="${page}"`)))
  lines.splice(end, 0, ...copies)
}

export default definePreparserSetup(() => [
  {
    name: 'kit-engagement-slides',
    transformRawLines(lines: string[]) {
      if (process.env[DATA_ENV]) repeatPages(lines)
    },
    async transformSlide(_content: string, frontmatter: Record<string, unknown>) {
      if (frontmatter.engagement === true && !process.env[DATA_ENV]) frontmatter.disabled = true
      return undefined
    },
  },
])
