// Reads labs/<id>/lab.md and trainer.md into a Lab: validated frontmatter, sections split at `## `
// headings, `<<< path#region` includes expanded from the repository, `check` command blocks collected.
// Every problem is a LabError naming the file and line.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml'
import { changeProblems, ChangesError, readChanges } from './changes.ts'
import {
  LEVELS,
  LabError,
  type CheckBlock,
  type Chunk,
  type IncludeRef,
  type Lab,
  type LabMeta,
  type Level,
  type Section,
  type SourceLine,
  type Step,
  type TrainerNotes,
} from './model.ts'

export const LAB_ID = /^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/

/** Headings the renderer generates from the frontmatter; a lab must not write them itself. */
export const GENERATED_HEADINGS = ['Objectives', 'Prerequisites', 'Estimated time', 'What this lab changes in your console'] as const
export const REQUIRED_SECTIONS = ['Troubleshooting', 'Worksheet'] as const

const STEP_HEADING = /^## Step (\d+) — (\S.*)$/
const LOOSE_STEP_HEADING = /^##\s+Step\b/i
const DURATION = /^Duration:\s*(\d+)\s*min(?:utes)?\.?\s*$/
const INCLUDE = /^<<<\s+(\S+?)(?:#([A-Za-z0-9_.-]+(?:\+[A-Za-z0-9_.-]+)*))?(?:\s+\{([a-z0-9-]+)\})?\s*$/
const FENCE_OPEN = /^(\s{0,3})(`{3,}|~{3,})(.*)$/
const REGION_START = /^\s*(?:\/\/|#|<!--|--|;|\/\*)\s*#region\b\s*([A-Za-z0-9_.-]*)/
const REGION_END = /^\s*(?:\/\/|#|<!--|--|;|\/\*)\s*#endregion\b/

/** Shiki language for an included file, from its name. */
export function langForPath(path: string): string {
  const name = path.split('/').pop() ?? path
  if (/^Jenkinsfile/.test(name)) return 'groovy'
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : ''
  const byExt: Record<string, string> = {
    sh: 'sh',
    bash: 'bash',
    json: 'json',
    yml: 'yaml',
    yaml: 'yaml',
    groovy: 'groovy',
    kts: 'kotlin',
    kt: 'kotlin',
    ts: 'typescript',
    mts: 'typescript',
    xml: 'xml',
  }
  return byExt[ext] ?? 'text'
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

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/**
 * The lines of `region` in `text` (whole file when null), region markers dropped, common indent
 * removed. `a+b` joins several regions in file order (for regions that split one block).
 */
export function extractRegion(text: string, region: string | null): { lines: string[]; first: number; last: number } | null {
  const all = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')
  let picked: Array<{ text: string; n: number }>
  if (region === null) {
    picked = all.map((t, i) => ({ text: t, n: i + 1 }))
  } else {
    const wanted = region.split('+')
    const found = new Set<string>()
    const keep = new Set<number>()
    for (const name of wanted) {
      let depth = 0
      let inside = false
      for (let i = 0; i < all.length; i++) {
        const t = all[i] ?? ''
        const start = REGION_START.exec(t)
        if (start) {
          if (inside) depth++
          else if (start[1] === name) {
            inside = true
            found.add(name)
            depth = 0
            continue
          }
        } else if (REGION_END.test(t) && inside) {
          if (depth === 0) {
            inside = false
            continue
          }
          depth--
        }
        if (inside) keep.add(i)
      }
    }
    if (wanted.some((w) => !found.has(w))) return null
    picked = [...keep].sort((a, b) => a - b).map((i) => ({ text: all[i] ?? '', n: i + 1 }))
  }
  picked = picked.filter((p) => !REGION_START.test(p.text) && !REGION_END.test(p.text))
  while (picked.length && picked[0]!.text.trim() === '') picked.shift()
  while (picked.length && picked[picked.length - 1]!.text.trim() === '') picked.pop()
  const indents = picked.filter((p) => p.text.trim() !== '').map((p) => /^[ \t]*/.exec(p.text)![0].length)
  const cut = indents.length ? Math.min(...indents) : 0
  return {
    lines: picked.map((p) => p.text.slice(cut).replace(/\s+$/, '')),
    first: picked[0]?.n ?? 0,
    last: picked[picked.length - 1]?.n ?? 0,
  }
}

/** The folders under labs/ that hold a lab.md, sorted. */
export function listLabIds(root: string): string[] {
  const labsDir = join(root, 'labs')
  if (!existsSync(labsDir)) return []
  return readdirSync(labsDir)
    .filter((name) => statSync(join(labsDir, name)).isDirectory() && existsSync(join(labsDir, name, 'lab.md')))
    .sort()
}

export function loadLabs(root: string): Lab[] {
  return listLabIds(root).map((id) => loadLab(root, id))
}

function rel(root: string, path: string): string {
  return relative(root, path).split(sep).join('/')
}

// ---------------------------------------------------------------------------------------------
// Frontmatter

const META_FIELDS = ['title', 'section', 'minutes', 'level', 'prerequisites', 'objectives', 'changes'] as const

function splitFrontmatter(file: string, text: string): { yaml: string; bodyStart: number; lines: string[] } {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  if (lines[0]?.trim() !== '---') throw new LabError(file, 1, 'must start with YAML frontmatter between two "---" lines')
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---')
  if (end < 0) throw new LabError(file, 1, 'frontmatter is not closed: add a "---" line after the last field')
  return { yaml: lines.slice(1, end).join('\n'), bodyStart: end + 1, lines }
}

function lineOf(yamlText: string, node: YamlNode | null | undefined, offset: number): number {
  const at = node?.range?.[0]
  if (at === undefined) return offset
  return offset + yamlText.slice(0, at).split('\n').length - 1
}

function parseMeta(file: string, yamlText: string, id: string): LabMeta {
  const first = 2 // the YAML starts on line 2 of the file
  const doc = parseDocument(yamlText, { prettyErrors: false })
  const err = doc.errors[0]
  if (err) {
    const line = err.linePos?.[0]?.line
    throw new LabError(file, line ? line + first - 1 : first, `frontmatter is not valid YAML: ${err.message.split('\n')[0]}`)
  }
  if (!isMap(doc.contents)) throw new LabError(file, first, 'frontmatter must be a YAML mapping of fields (title: …)')
  const fields = new Map<string, YamlNode | null>()
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
    if (!(META_FIELDS as readonly string[]).includes(key)) {
      throw new LabError(file, lineOf(yamlText, pair.key as YamlNode, first), `frontmatter field "${key}" is not known (expected: ${META_FIELDS.join(', ')})`)
    }
    fields.set(key, (pair.value as YamlNode | null) ?? null)
  }
  for (const key of META_FIELDS) {
    if (!fields.has(key)) throw new LabError(file, first, `frontmatter field "${key}" is missing`)
  }
  const str = (key: string): string => {
    const node = fields.get(key)
    if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
      throw new LabError(file, lineOf(yamlText, node, first), `frontmatter field "${key}" must be a non-empty string`)
    }
    return node.value.trim()
  }
  const list = (key: string): string[] => {
    const node = fields.get(key)
    if (!isSeq(node) || node.items.length === 0) {
      throw new LabError(file, lineOf(yamlText, node, first), `frontmatter field "${key}" must be a non-empty list of strings`)
    }
    return node.items.map((item) => {
      if (!isScalar(item) || typeof item.value !== 'string' || item.value.trim() === '') {
        const hint = isMap(item) ? ' (an item with ": " in it reads as a mapping: put the item in quotes)' : ''
        throw new LabError(file, lineOf(yamlText, item as YamlNode, first), `every item of "${key}" must be a non-empty string${hint}`)
      }
      return item.value.trim()
    })
  }
  const minutesNode = fields.get('minutes')
  if (!isScalar(minutesNode) || typeof minutesNode.value !== 'number' || !Number.isInteger(minutesNode.value) || minutesNode.value <= 0) {
    throw new LabError(file, lineOf(yamlText, minutesNode, first), 'frontmatter field "minutes" must be a whole number of minutes')
  }
  const level = str('level')
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new LabError(file, lineOf(yamlText, fields.get('level'), first), `frontmatter field "level" must be one of ${LEVELS.join(', ')} (got "${level}")`)
  }
  const section = str('section')
  if (section !== id) {
    throw new LabError(file, lineOf(yamlText, fields.get('section'), first), `frontmatter field "section" is "${section}" but the folder is "${id}"`)
  }
  let changes
  try {
    changes = readChanges(fields.get('changes'), (node) => lineOf(yamlText, node, first))
  } catch (e) {
    if (e instanceof ChangesError) throw new LabError(file, e.line, e.message)
    throw e
  }
  return {
    title: str('title'),
    section,
    minutes: minutesNode.value,
    level: level as Level,
    prerequisites: list('prerequisites'),
    objectives: list('objectives'),
    changes,
  }
}

// ---------------------------------------------------------------------------------------------
// Body: includes, fences, sections

interface Scanned {
  lines: SourceLine[]
  includes: IncludeRef[]
}

/** Expands include lines (outside fences) and checks that fences are closed. */
function scanBody(root: string, file: string, raw: string[], firstLine: number): Scanned {
  const out: SourceLine[] = []
  const includes: IncludeRef[] = []
  let fence: { marker: string; line: number } | null = null
  raw.forEach((text, i) => {
    const line = firstLine + i
    if (fence) {
      out.push({ text, line })
      const close = new RegExp(`^\\s{0,3}${fence.marker[0] === '`' ? '`' : '~'}{${fence.marker.length},}\\s*$`)
      if (close.test(text)) fence = null
      return
    }
    const open = FENCE_OPEN.exec(text)
    if (open) {
      fence = { marker: open[2]!, line }
      out.push({ text, line })
      return
    }
    if (text.trimStart().startsWith('<<<')) {
      // An indented include belongs to the list item above it; its code block keeps the indent.
      const pad = text.slice(0, text.length - text.trimStart().length)
      const m = INCLUDE.exec(text.trim())
      if (!m) throw new LabError(file, line, `include must look like "<<< snippets/path/file#region" (got "${text.trim()}")`)
      const path = m[1]!
      const region = m[2] ?? null
      includes.push({ file, line, path, region })
      const abs = resolve(root, path)
      if (!abs.startsWith(resolve(root) + sep)) throw new LabError(file, line, `include path "${path}" leaves the repository`)
      if (!existsSync(abs) || !statSync(abs).isFile()) throw new LabError(file, line, `include file "${path}" does not exist`)
      const got = extractRegion(readFileSync(abs, 'utf8'), region)
      if (!got) throw new LabError(file, line, `include region "#${region}" not found in ${path} (mark it with "#region <name>" … "#endregion" comments)`)
      if (got.lines.length === 0) throw new LabError(file, line, `include "${path}${region ? '#' + region : ''}" is empty`)
      const lang = m[3] ?? langForPath(path)
      const longest = Math.max(2, ...got.lines.map((l) => (l.match(/`+/g) ?? []).reduce((a, b) => Math.max(a, b.length), 0)))
      const ticks = '`'.repeat(longest + 1)
      const where = `${path}${region ? '#' + region : ''}`
      out.push({ text: `${pad}${ticks}${lang} include=${where} lines=${got.first}-${got.last}`, line })
      for (const l of got.lines) out.push({ text: l ? pad + l : l, line })
      out.push({ text: pad + ticks, line })
      return
    }
    out.push({ text, line })
  })
  if (fence) throw new LabError(file, (fence as { line: number }).line, 'code fence is never closed')
  return { lines: out, includes }
}

interface RawSection {
  heading: string
  line: number
  lines: SourceLine[]
}

/** Splits at `## ` headings outside fences; returns the lines before the first one and the sections. */
function splitSections(lines: SourceLine[]): { head: SourceLine[]; sections: RawSection[] } {
  const head: SourceLine[] = []
  const sections: RawSection[] = []
  let fence: string | null = null
  for (const l of lines) {
    if (fence) {
      if (new RegExp(`^\\s{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(l.text)) fence = null
    } else {
      const open = FENCE_OPEN.exec(l.text)
      if (open) fence = open[2]!
      else if (/^##\s/.test(l.text)) {
        sections.push({ heading: l.text.replace(/\s+$/, ''), line: l.line, lines: [] })
        continue
      }
    }
    const current = sections[sections.length - 1]
    if (current) current.lines.push(l)
    else head.push(l)
  }
  return { head, sections }
}

function findH1(file: string, lines: SourceLine[]): void {
  let fence: string | null = null
  for (const l of lines) {
    if (fence) {
      if (new RegExp(`^\\s{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(l.text)) fence = null
      continue
    }
    const open = FENCE_OPEN.exec(l.text)
    if (open) {
      fence = open[2]!
      continue
    }
    if (/^#\s/.test(l.text)) throw new LabError(file, l.line, 'a lab has no "# " heading: its title comes from the frontmatter "title" field')
  }
}

/** Collects `check` fences (and the `expected` fence right after each) from a step's lines. */
function collectChecks(lab: string, file: string, lines: SourceLine[], step: number | null): CheckBlock[] {
  const checks: CheckBlock[] = []
  let i = 0
  const readFence = (start: number): { info: string; body: string[]; end: number; line: number } | null => {
    const open = FENCE_OPEN.exec(lines[start]!.text)
    if (!open) return null
    const marker = open[2]!
    const close = new RegExp(`^\\s{0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`)
    const body: string[] = []
    let j = start + 1
    while (j < lines.length && !close.test(lines[j]!.text)) body.push(lines[j++]!.text)
    return { info: open[3] ?? '', body, end: j, line: lines[start]!.line }
  }
  while (i < lines.length) {
    const f = readFence(i)
    if (!f) {
      i++
      continue
    }
    const info = parseInfo(f.info)
    if (info.flags.has('expected')) {
      throw new LabError(file, f.line, 'an "expected" block must come right after a "check" command block')
    }
    if (info.flags.has('check')) {
      const exitAttr = info.attrs.get('expect-exit') ?? '0'
      if (!/^\d+$/.test(exitAttr)) throw new LabError(file, f.line, `expect-exit must be a number (got "${exitAttr}")`)
      const command = f.body.join('\n').trim()
      if (!command) throw new LabError(file, f.line, 'a "check" block has no command')
      const block: CheckBlock = { lab, file, line: f.line, step, command, expectExit: Number(exitAttr), expected: null }
      // Is the next fence (after blank lines only) an expected block?
      let k = f.end + 1
      while (k < lines.length && lines[k]!.text.trim() === '') k++
      const next = k < lines.length ? readFence(k) : null
      if (next && parseInfo(next.info).flags.has('expected')) {
        block.expected = next.body.join('\n')
        checks.push(block)
        i = next.end + 1
        continue
      }
      checks.push(block)
    }
    i = f.end + 1
  }
  return checks
}

export function loadLab(root: string, id: string): Lab {
  const dir = join(root, 'labs', id)
  const path = join(dir, 'lab.md')
  const file = rel(root, path)
  if (!LAB_ID.test(id)) throw new LabError(file, null, `lab folder "${id}" must be named like "01-registry-integration"`)
  const text = readFileSync(path, 'utf8')
  const { yaml, bodyStart, lines } = splitFrontmatter(file, text)
  const meta = parseMeta(file, yaml, id)
  const scanned = scanBody(root, file, lines.slice(bodyStart), bodyStart + 1)
  findH1(file, scanned.lines)
  const { head, sections } = splitSections(scanned.lines)

  const pre: Section[] = []
  const steps: Step[] = []
  const post: Section[] = []
  const checks: CheckBlock[] = []
  const anchors = new Set<string>(['objectives', 'prerequisites', 'estimated-time', 'console-changes', 'contents', 'main'])
  const uniqueAnchor = (base: string): string => {
    let a = base || 'section'
    for (let n = 2; anchors.has(a); n++) a = `${base}-${n}`
    anchors.add(a)
    return a
  }

  for (const s of sections) {
    const title = s.heading.replace(/^##\s+/, '').trim()
    if ((GENERATED_HEADINGS as readonly string[]).includes(title)) {
      throw new LabError(file, s.line, `"## ${title}" is generated from the frontmatter: remove this section and edit the frontmatter instead`)
    }
    const stepMatch = STEP_HEADING.exec(s.heading)
    if (stepMatch) {
      const number = Number(stepMatch[1])
      if (post.length) throw new LabError(file, s.line, `"## Step ${number}" comes after "## ${post[0]!.title}": all steps come before Troubleshooting and Worksheet`)
      if (number !== steps.length + 1) throw new LabError(file, s.line, `step number ${number} is out of order: expected Step ${steps.length + 1}`)
      const firstText = s.lines.findIndex((l) => l.text.trim() !== '')
      const dur = firstText >= 0 ? DURATION.exec(s.lines[firstText]!.text.trim()) : null
      if (!dur) throw new LabError(file, s.line, `Step ${number} needs a "Duration: N min" line right under its heading`)
      const body = s.lines.filter((_, i) => i !== firstText)
      if (!body.some((l) => /^\*\*Expected result\b/.test(l.text.trim()))) {
        throw new LabError(file, s.line, `Step ${number} has no "**Expected result:**" paragraph`)
      }
      steps.push({
        kind: 'step',
        number,
        title: stepMatch[2]!.trim(),
        minutes: Number(dur[1]),
        anchor: uniqueAnchor(`step-${number}`),
        line: s.line,
        body: { file, lines: body },
      })
      checks.push(...collectChecks(id, file, body, number))
      continue
    }
    if (LOOSE_STEP_HEADING.test(s.heading)) {
      throw new LabError(file, s.line, 'step headings must read "## Step N — Title" (with an em dash "—")')
    }
    const kind = title === 'Troubleshooting' ? 'troubleshooting' : title === 'Worksheet' ? 'worksheet' : 'other'
    const section: Section = { kind, title, anchor: uniqueAnchor(slugify(title)), line: s.line, body: { file, lines: s.lines } }
    checks.push(...collectChecks(id, file, s.lines, null))
    if (steps.length === 0) pre.push(section)
    else post.push(section)
  }
  if (steps.length === 0) throw new LabError(file, null, 'has no steps: add "## Step 1 — …" sections')
  for (const required of REQUIRED_SECTIONS) {
    if (!post.some((s) => s.title === required)) throw new LabError(file, null, `needs a "## ${required}" section after the steps`)
  }
  const total = steps.reduce((sum, s) => sum + s.minutes, 0)
  if (total !== meta.minutes) {
    throw new LabError(file, 2, `frontmatter "minutes" is ${meta.minutes} but the step durations add up to ${total}`)
  }
  checks.push(...collectChecks(id, file, head, null))
  const unsafe = changeProblems({ id, steps, meta })[0]
  if (unsafe) throw new LabError(file, unsafe.line, unsafe.message)

  const trainer = loadTrainer(root, dir, steps)
  return {
    id,
    dir,
    file,
    meta,
    lede: { file, lines: head },
    pre,
    steps,
    post,
    checks,
    includes: scanned.includes,
    trainer,
  }
}

function loadTrainer(root: string, dir: string, steps: Step[]): TrainerNotes {
  const path = join(dir, 'trainer.md')
  const file = rel(root, path)
  if (!existsSync(path)) throw new LabError(file, null, 'is missing: every lab needs trainer notes next to its lab.md')
  const text = readFileSync(path, 'utf8').replace(/\r\n/g, '\n')
  const scanned = scanBody(root, file, text.split('\n'), 1)
  const { head, sections } = splitSections(scanned.lines)
  const h1 = head.findIndex((l) => /^#\s/.test(l.text))
  if (h1 < 0) throw new LabError(file, 1, 'must start with a "# Trainer notes — …" heading')
  const notes: TrainerNotes = { file, intro: { file, lines: head.slice(h1 + 1) }, before: [], steps: new Map(), after: [] }
  const anchors = new Set<string>()
  for (const s of sections) {
    const title = s.heading.replace(/^##\s+/, '').trim()
    const m = /^Step (\d+)\b/.exec(title)
    let anchor = `trainer-${slugify(title)}`
    for (let n = 2; anchors.has(anchor); n++) anchor = `trainer-${slugify(title)}-${n}`
    anchors.add(anchor)
    const section: Section = { kind: 'other', title, anchor, line: s.line, body: { file, lines: s.lines } }
    if (m) {
      const n = Number(m[1])
      if (!steps.some((st) => st.number === n)) throw new LabError(file, s.line, `notes for Step ${n}, but lab.md has no Step ${n}`)
      if (notes.steps.has(n)) throw new LabError(file, s.line, `second notes section for Step ${n}`)
      if (notes.after.length) throw new LabError(file, s.line, `Step ${n} notes come after "## ${notes.after[0]!.title}": keep the step notes together`)
      notes.steps.set(n, section)
    } else if (notes.steps.size === 0) {
      notes.before.push(section)
    } else {
      notes.after.push(section)
    }
  }
  return notes
}
