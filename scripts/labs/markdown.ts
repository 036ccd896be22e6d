// Markdown → HTML for lab handouts: markdown-it, with code highlighted by shiki (inline styles, one
// light high-contrast theme) and our own fences: `check` commands, `expected` output and included
// snippets. Raw HTML is limited to <details>/<summary> (hints and solutions) and <kbd>.
import type { MarkdownIt as MarkdownItInstance, Token } from 'markdown-it'
import { createHighlighter, type BundledLanguage, type Highlighter } from 'shiki'
import { fieldOf, matchField, worksheetTitled } from '../../core/engagement/worksheets.ts'
import { escapeHtml } from '../../core/html/escape.ts'
import { labMarkdown, parseInfo, slugify, useHeadingIds, type HeadingIds } from './tokens.ts'
import { LabError, type Chunk } from './model.ts'

export const CODE_THEME = 'github-light-high-contrast'
/** Background of code blocks; every token colour of the theme keeps ≥ 4.5:1 against it. */
export const CODE_BG = '#f6f8fa'

const LANGS = ['shellscript', 'json', 'yaml', 'groovy', 'kotlin', 'typescript', 'xml', 'ini', 'docker'] as const
const ALIASES: Record<string, string> = {
  sh: 'shellscript',
  bash: 'shellscript',
  shell: 'shellscript',
  shellscript: 'shellscript',
  zsh: 'shellscript',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  groovy: 'groovy',
  kotlin: 'kotlin',
  kts: 'kotlin',
  typescript: 'typescript',
  ts: 'typescript',
  xml: 'xml',
  ini: 'ini',
  dockerfile: 'docker',
  docker: 'docker',
  text: 'text',
  txt: 'text',
  plaintext: 'text',
  splunk: 'text',
  spl: 'text',
  '': 'text',
}

export type Mode = 'screen' | 'print'

export interface RenderEnv {
  [key: string | symbol]: unknown
  mode: Mode
  /** Render tables as ruled writing tables (worksheets). */
  worksheet?: boolean
  /**
   * On screen, a worksheet's empty cells become inputs of the engagement record: a table whose
   * heading names a defined worksheet (core/engagement/worksheets.ts) uses its id and field keys;
   * any other is `<prefix>-<heading>` with keys from its labels.
   */
  worksheetPrefix?: string
  /**
   * An engagement's answers (field path → value), for a handout built for that engagement: on
   * screen each input starts with its value, in print each empty cell holds it as text.
   */
  answers?: Readonly<Record<string, string>>
  /** Let tables break across pages between rows (troubleshooting). */
  breakTables?: boolean
  /** Prefix for heading ids, to keep them unique on the page. */
  idPrefix: string
  /** The ids the page has given out so far (markdown-it-anchor reads and fills it). */
  markdownItAnchor: HeadingIds
}

const ALLOWED_HTML_LINE = [/^<details(?: class="(?:hint|solution)")?>$/, /^<summary>[^<>]+<\/summary>$/, /^<\/details>$/, /^$/, /^<!--.*-->$/]
const ALLOWED_INLINE = /^<\/?kbd>$/

export interface CodeOptions {
  code: string
  lang: string
  kind: 'plain' | 'command' | 'expected' | 'include'
  caption?: string
  expectExit?: number
  copy: boolean
}

export class LabRenderer {
  private readonly md: MarkdownItInstance
  private constructor(private readonly highlighter: Highlighter) {
    this.md = labMarkdown()
    this.install()
  }

  static async create(): Promise<LabRenderer> {
    const highlighter = await createHighlighter({ themes: [CODE_THEME], langs: [...LANGS] })
    return new LabRenderer(highlighter)
  }

  dispose(): void {
    this.highlighter.dispose()
  }

  /** Inline Markdown (frontmatter lists, titles). */
  inline(text: string): string {
    return this.md.renderInline(text)
  }

  /** Renders a chunk; raw HTML or code languages we do not allow throw a LabError at the right line. */
  render(chunk: Chunk, env: RenderEnv): string {
    const src = chunk.lines.map((l) => l.text).join('\n')
    const lineAt = (map: [number, number] | null | undefined): number | null => (map ? (chunk.lines[map[0]]?.line ?? null) : null)
    const tokens = this.md.parse(src, env)
    const check = (list: Token[], blockLine: number | null): void => {
      for (const t of list) {
        const line = lineAt(t.map as [number, number] | null) ?? blockLine
        if (t.type === 'html_block' && !t.meta?.generated) {
          for (const raw of t.content.split('\n')) {
            if (!ALLOWED_HTML_LINE.some((re) => re.test(raw.trim()))) {
              throw new LabError(chunk.file, line, `HTML is limited to <details>, <summary> and <kbd> (found "${raw.trim().slice(0, 60)}")`)
            }
          }
        } else if (t.type === 'html_inline' && !t.meta?.generated && !ALLOWED_INLINE.test(t.content.trim())) {
          throw new LabError(chunk.file, line, `inline HTML is limited to <kbd> (found "${t.content.trim().slice(0, 60)}")`)
        } else if (t.type === 'fence') {
          const { lang } = parseInfo(t.info)
          if (!(lang.toLowerCase() in ALIASES)) {
            throw new LabError(chunk.file, line, `code language "${lang}" is not one the handouts highlight (use one of: ${Object.keys(ALIASES).filter(Boolean).join(', ')})`)
          }
        }
        if (t.children) check(t.children, line)
      }
    }
    check(tokens, null)
    let html = this.md.renderer.render(tokens, this.md.options, env)
    if (env.mode === 'print') html = html.replace(/<details(\s|>)/g, '<details open$1')
    return html
  }

  /** Highlighted code as `<pre>` with one block-level span per line (so print can hang-indent wrapped lines). */
  highlight(code: string, lang: string): string {
    const id = ALIASES[lang.toLowerCase()] ?? 'text'
    const lines =
      id === 'text'
        ? code.split('\n').map((l) => (l ? `<span style="color:#0e1116">${escapeHtml(l)}</span>` : ''))
        : this.highlighter.codeToTokens(code, { lang: id as BundledLanguage, theme: CODE_THEME }).tokens.map((line) =>
            line
              .map((tok) => {
                const styles = [`color:${tok.color ?? '#0e1116'}`]
                const fs = tok.fontStyle ?? 0
                if (fs & 1) styles.push('font-style:italic')
                if (fs & 2) styles.push('font-weight:700')
                return `<span style="${styles.join(';')}">${escapeHtml(tok.content)}</span>`
              })
              .join(''),
          )
    // Each line knows its indent, so print can wrap long lines under their own indentation.
    const indents = code.split('\n').map((l) => /^[ ]*/.exec(l.replace(/\t/g, '  '))![0].length)
    const html = lines.map((l, i) => {
      const indent = Math.min(indents[i] ?? 0, 40)
      return `<span class="line"${indent ? ` style="--i:${indent}"` : ''}>${l || ' '}</span>`
    })
    return `<pre class="code" data-lang="${escapeHtml(id)}" tabindex="0"><code>${html.join('')}</code></pre>`
  }

  codeBlock(o: CodeOptions): string {
    const labels: Record<CodeOptions['kind'], string> = {
      plain: '',
      command: 'Run in the kit folder',
      expected: 'Expected output',
      include: 'From the kit',
    }
    const label = labels[o.kind]
    const exitNote =
      o.kind === 'expected' && o.expectExit
        ? ` <span class="exit">the command ends with exit code ${o.expectExit}${o.expectExit === 4 ? ' (non-compliant)' : ''}</span>`
        : ''
    const head = [
      label ? `<span class="code-label">${escapeHtml(label)}</span>` : '',
      o.caption ? `<span class="code-caption">${o.caption}</span>` : '',
      exitNote,
    ].join('')
    const copy = o.copy ? '<button type="button" class="copy" aria-label="Copy to clipboard">Copy</button>' : ''
    const caption = head || copy ? `<figcaption>${head}${copy}</figcaption>` : ''
    return `<figure class="code-block code-${o.kind}">${caption}${this.highlight(o.code.replace(/\n$/, ''), o.lang)}</figure>\n`
  }

  private install(): void {
    const md = this.md
    useHeadingIds(md, 1, (title, env) => `${String(env.idPrefix ?? '')}${slugify(title)}`)
    md.renderer.rules.fence = (tokens, idx, _opts, rawEnv) => {
      const env = rawEnv as unknown as RenderEnv
      const t = tokens[idx]!
      const { lang, flags, attrs } = parseInfo(t.info)
      const include = attrs.get('include')
      if (include) {
        const lines = attrs.get('lines')
        const [path, region] = include.split('#')
        const regions = region ? region.split('+') : []
        const caption = `<code>${escapeHtml(path ?? include)}</code>${regions.length ? ` <span class="region">${regions.length > 1 ? 'regions' : 'region'} ${regions.map((r) => `<code>${escapeHtml(r)}</code>`).join(', ')}</span>` : ''}${lines ? ` <span class="lines">lines ${escapeHtml(lines.replace('-', '–'))}</span>` : ''}`
        return this.codeBlock({ code: t.content, lang, kind: 'include', caption, copy: env.mode === 'screen' })
      }
      if (flags.has('check')) {
        return this.codeBlock({ code: t.content, lang, kind: 'command', copy: env.mode === 'screen' })
      }
      if (flags.has('expected')) {
        // The exit code comes from the command block right before.
        let exit: number | undefined
        for (let j = idx - 1; j >= 0; j--) {
          const prev = tokens[j]!
          if (prev.type === 'fence') {
            const p = parseInfo(prev.info)
            if (p.flags.has('check')) exit = Number(p.attrs.get('expect-exit') ?? '0')
            break
          }
        }
        return this.codeBlock({ code: t.content, lang: 'text', kind: 'expected', expectExit: exit, copy: false })
      }
      return this.codeBlock({ code: t.content, lang, kind: 'plain', copy: env.mode === 'screen' })
    }
    md.renderer.rules.code_block = (tokens, idx, _opts, rawEnv) =>
      this.codeBlock({ code: tokens[idx]!.content, lang: 'text', kind: 'plain', copy: (rawEnv as unknown as RenderEnv).mode === 'screen' })

    const defaultTableOpen = md.renderer.rules.table_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
    md.renderer.rules.table_open = (tokens, idx, options, env, self) => {
      const e = env as unknown as RenderEnv | undefined
      if (e?.worksheet) tokens[idx]!.attrJoin('class', 'ruled')
      // Small tables stay on one page; long ones (and troubleshooting tables) may break between rows.
      let rows = 0
      for (let k = idx + 1; k < tokens.length && tokens[k]!.type !== 'table_close'; k++) if (tokens[k]!.type === 'tr_open') rows++
      const breakable = rows > 7 || e?.breakTables === true
      const sheet = (tokens[idx]!.meta as { worksheet?: string } | null)?.worksheet
      return `<div class="table-wrap${breakable ? ' breakable' : ''}"${sheet ? ` data-worksheet="${escapeHtml(sheet)}"` : ''}>${defaultTableOpen(tokens, idx, options, env, self)}`
    }
    md.renderer.rules.table_close = () => '</table></div>\n'

    md.core.ruler.push('worksheet_forms', (state) => {
      const env = state.env as unknown as RenderEnv
      if (env.worksheet && env.worksheetPrefix && (env.mode === 'screen' || env.answers)) {
        worksheetForms(state.tokens, env.worksheetPrefix, env.mode, env.answers ?? {}, (type) => new state.Token(type, '', 0))
      }
    })

    md.core.ruler.push('lab_blocks', (state) => {
      const env = state.env as unknown as RenderEnv
      const tokens = state.tokens
      /** Puts tokens first..last (inclusive) in a generated <div class="…">. */
      const wrap = (first: number, last: number, className: string): void => {
        const div = (content: string) => Object.assign(new state.Token('html_block', '', 0), { content, meta: { generated: true } })
        tokens.splice(last + 1, 0, div('</div>\n'))
        tokens.splice(first, 0, div(`<div class="${className}">\n`))
      }
      // Keep a command and its expected output on one page: wrap the pair.
      for (let i = 0; i + 1 < tokens.length; i++) {
        const a = tokens[i]!
        const b = tokens[i + 1]!
        if (a.type === 'fence' && b.type === 'fence' && parseInfo(a.info).flags.has('check') && parseInfo(b.info).flags.has('expected')) {
          wrap(i, i + 1, 'check-pair')
          i += 3
        }
      }
      // A paragraph that introduces a code block ("…:") stays on the same page as the block.
      for (let i = 0; i + 3 < tokens.length; i++) {
        const [p, inline, close, next] = [tokens[i]!, tokens[i + 1]!, tokens[i + 2]!, tokens[i + 3]!]
        if (p.type !== 'paragraph_open' || close.type !== 'paragraph_close' || !/:\s*$/.test(inline.content)) continue
        let last = -1
        if (next.type === 'fence') last = i + 3
        else if (next.type === 'table_open') {
          last = tokens.findIndex((t, k) => k > i + 3 && t.type === 'table_close' && t.level === next.level)
        } else if (next.type === 'bullet_list_open' || next.type === 'ordered_list_open') {
          // short lists only: a long one may break, with its first items after the lead-in
          const closeType = next.type.replace('_open', '_close')
          const end = tokens.findIndex((t, k) => k > i + 3 && t.type === closeType && t.level === next.level)
          const items = tokens.slice(i + 3, end).filter((t) => t.type === 'list_item_open' && t.level === next.level + 1).length
          if (end > 0 && items <= 6) last = end
        } else if (next.meta?.generated && next.content.startsWith('<div class="check-pair">')) last = i + 6
        if (last < 0 || last >= tokens.length) continue
        wrap(i, last, 'keep')
        i = last + 2
      }
      for (let i = 0; i < tokens.length; i++) {
        const t = tokens[i]!
        // "**Expected result:** …" paragraphs become a callout.
        if (t.type === 'paragraph_open') {
          const inline = tokens[i + 1]
          const kids = (inline?.children ?? []).filter((k) => !(k.type === 'text' && k.content === ''))
          if (kids[0]?.type === 'strong_open' && /^Expected result/.test(kids[1]?.content ?? '')) t.attrJoin('class', 'expected-result')
          if (kids[0]?.type === 'strong_open' && /^(Note|Tip|Careful)\b/.test(kids[1]?.content ?? '')) t.attrJoin('class', 'note')
        }
      }
    })
  }
}

const plainLabel = (markdown: string) => markdown.replace(/[`*_]/g, '').trim()

/**
 * Name the empty cells of each worksheet table by their record field (see RenderEnv.worksheetPrefix):
 * on screen each becomes an input (holding its answer, if any); in print a cell with an answer
 * holds it as text and one without stays an empty ruled line.
 */
function worksheetForms(tokens: Token[], prefix: string, mode: Mode, answers: Readonly<Record<string, string>>, make: (type: string) => Token): void {
  let title = ''
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.type === 'heading_open') title = tokens[i + 1]?.content ?? ''
    if (t.type !== 'table_open') continue
    let header: Token[] = []
    const rows: Token[][] = []
    let current: Token[] = []
    let inHead = false
    let k = i + 1
    for (; k < tokens.length && tokens[k]!.type !== 'table_close'; k++) {
      const x = tokens[k]!
      if (x.type === 'thead_open') inHead = true
      else if (x.type === 'thead_close') inHead = false
      else if (x.type === 'tr_open') current = []
      else if (x.type === 'tr_close') inHead ? (header = current) : rows.push(current)
      else if (x.type === 'inline') current.push(x)
    }
    i = k
    const labels = header.map((h) => plainLabel(h.content))
    const named = rows.length > 0 && rows.every((row) => row[0]!.content.trim() !== '')
    const questions = named && labels.length === 2
    const sheet = worksheetTitled(plainLabel(title))
    const id = sheet?.id ?? `${prefix}-${slugify(title)}`
    t.meta = { ...(t.meta ?? {}), worksheet: id }
    rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (cell.content.trim() !== '') return
        const rowLabel = plainLabel(row[0]!.content)
        let path: string
        let label: string
        if (questions) {
          const key = (sheet?.kind === 'questions' ? matchField(sheet.questions, rowLabel)?.key : undefined) ?? slugify(rowLabel)
          path = `${id}.${key}`
          label = rowLabel
        } else {
          const key = (sheet?.kind === 'table' ? matchField(sheet.columns, labels[c] ?? '')?.key : undefined) ?? (slugify(labels[c] ?? '') || `column-${c + 1}`)
          path = `${id}.${r}.${key}`
          label = `${labels[c] ?? ''}, ${named ? rowLabel : `row ${r + 1}`}`
        }
        const answer = answers[path] ?? ''
        if (mode === 'print' && !answer.trim()) return
        const kind = fieldOf(path)?.kind
        const html = make('html_inline')
        html.meta = { generated: true }
        // An answer is text: escaped here, whatever it holds.
        html.content =
          mode === 'print'
            ? `<span class="ws-answer" data-field="${escapeHtml(path)}">${escapeHtml(answer)}</span>`
            : `<input class="ws-input" data-field="${escapeHtml(path)}" aria-label="${escapeHtml(label)}"${answer ? ` value="${escapeHtml(answer)}"` : ''}${kind === 'date' ? ' placeholder="YYYY-MM-DD"' : ''}${kind === 'count' ? ' inputmode="numeric"' : ''} autocomplete="off"><span class="ws-msg" data-field-message hidden></span>`
        cell.children = [html]
      })
    })
  }
}
