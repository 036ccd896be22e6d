// `#region` markers as Slidev's `<<< @/snippets/file#name` import reads them (the same marker forms:
// `// #region x`, `# #region x`, `<!-- #region x -->`). Slides show at most 14 lines at a time, so
// every region must fit.

export const MAX_REGION_LINES = 14

const MARKERS = [
  { start: /^\s*\/\/\s*#?region\b\s*(.*?)\s*$/, end: /^\s*\/\/\s*#?endregion\b\s*(.*?)\s*$/ },
  { start: /^\s*#\s*#?region\b\s*(.*?)\s*$/, end: /^\s*#\s*#?endregion\b\s*(.*?)\s*$/ },
  { start: /^\s*<!--\s*#?region\b\s*(.*?)\s*-->/, end: /^\s*<!--\s*#?endregion\b\s*(.*?)\s*-->/ },
]

export interface Region {
  name: string
  /** 1-based line of the start marker */
  line: number
  /** content lines, marker lines removed */
  body: string[]
}

export function readRegions(text: string): { regions: Region[]; problems: string[] } {
  const lines = text.split(/\r?\n/)
  const problems: string[] = []
  const regions: Region[] = []
  const open: Array<{ name: string; line: number }> = []
  lines.forEach((l, idx) => {
    for (const m of MARKERS) {
      const s = m.start.exec(l)
      if (s) {
        const name = s[1] ?? ''
        if (!/^[\w-]+$/.test(name)) problems.push(`line ${idx + 1}: region name "${name}" cannot be imported (letters, digits, _ and - only)`)
        open.push({ name, line: idx + 1 })
        return
      }
      const e = m.end.exec(l)
      if (e) {
        const top = open.pop()
        if (!top) problems.push(`line ${idx + 1}: #endregion without #region`)
        else if (e[1] && e[1] !== top.name) problems.push(`line ${idx + 1}: #endregion ${e[1]} closes #region ${top.name}`)
        else {
          const body = lines
            .slice(top.line, idx)
            .filter((x) => !MARKERS.some((mk) => mk.start.test(x) || mk.end.test(x)))
          regions.push({ name: top.name, line: top.line, body })
        }
        return
      }
    }
  })
  for (const o of open) problems.push(`line ${o.line}: #region ${o.name} is never closed`)
  const seen = new Set<string>()
  for (const r of regions) {
    if (seen.has(r.name)) problems.push(`region ${r.name} is defined twice`)
    seen.add(r.name)
    if (r.body.length > MAX_REGION_LINES) {
      problems.push(`region ${r.name} (line ${r.line}) has ${r.body.length} lines; a slide shows ${MAX_REGION_LINES}`)
    }
  }
  return { regions, problems }
}
