// Page templates: the customer site page, the labs index, and the print pages (customer and trainer)
// that Chromium turns into A4 PDFs. Trainer notes are only ever rendered into the trainer print page.
// Every page is built with the core's html`` template: interpolated values are escaped by
// construction; markup markdown-it made (r.inline, r.render) is marked trusted with md().
import { html, raw, type Raw } from '../../core/html/escape.ts'
import { labProgressKey } from '../../core/progress.ts'
import { ACTION_LABEL } from './changes.ts'
import type { LabRenderer, Mode, RenderEnv } from './markdown.ts'
import type { ConsoleChange, Lab, Section } from './model.ts'
import { headingIds, type HeadingIds } from './tokens.ts'
import { printCss, siteCss } from './styles.ts'

export const KIT_NAME = 'Advanced Tier Workshop Kit'
export const PRODUCT = 'Aqua Security Platform (SaaS)'
export const TRAINER_FLAG = 'Trainer notes — not for customers'

const LEVEL_LABEL = { beginner: 'Beginner', intermediate: 'Intermediate', advanced: 'Advanced' } as const

/** Markdown rendered inline by markdown-it: its output is markup, not text. */
const md = (r: LabRenderer, text: string): Raw => raw(r.inline(text))

export function labNumber(lab: Pick<Lab, 'id'>): string {
  return lab.id.slice(0, 2)
}

interface TocEntry {
  anchor: string
  title: string
  minutes?: number
  step?: boolean
  trainer?: boolean
}

function tocEntries(lab: Lab, trainer: boolean): TocEntry[] {
  const entries: TocEntry[] = [
    { anchor: 'objectives', title: 'Objectives' },
    { anchor: 'prerequisites', title: 'Prerequisites' },
    { anchor: 'estimated-time', title: 'Estimated time' },
    { anchor: 'console-changes', title: CHANGES_TITLE },
  ]
  if (trainer) for (const s of lab.trainer.before) entries.push({ anchor: s.anchor, title: `${s.title} (trainer)`, trainer: true })
  for (const s of lab.pre) entries.push({ anchor: s.anchor, title: s.title })
  for (const s of lab.steps) entries.push({ anchor: s.anchor, title: `Step ${s.number} — ${s.title}`, minutes: s.minutes, step: true })
  for (const s of lab.post) {
    if (s.kind === 'worksheet' && trainer) {
      for (const t of lab.trainer.after) entries.push({ anchor: t.anchor, title: `${t.title} (trainer)`, trainer: true })
    }
    entries.push({ anchor: s.anchor, title: s.title })
  }
  return entries
}

export const CHANGES_TITLE = 'What this lab changes in your console'

/** The frontmatter `changes:` list as a table: object, scope, actions, the step that makes it and the one that undoes it. */
function renderChanges(lab: Lab, r: LabRenderer): Raw {
  const changes = lab.meta.changes
  const head = html`<section id="console-changes" class="section-changes"><h2>${CHANGES_TITLE}</h2>`
  if (changes.length === 0) return html`${head}<p>Nothing: this lab creates and changes nothing in your Aqua console.</p></section>`
  const actions = (c: ConsoleChange): Raw[] => {
    const own = c.actions ? c.actions.map((a) => ACTION_LABEL[a]).join(', ') : '—'
    const later = c.changed.map((l) => `Lab ${labNumber({ id: l.lab })} Step ${l.step} switches on: ${l.actions.map((a) => ACTION_LABEL[a]).join(', ')}`)
    return [own, ...later].map((line, i) => html`${i ? raw('<br>') : ''}${line}`)
  }
  const rows = changes.map(
    (c) =>
      html`<tr><td>${md(r, c.object)}</td><td>${md(r, c.scope)}</td><td>${actions(c)}</td><td class="step-ref"><a href="#step-${c.created}">Step ${c.created}</a></td><td class="step-ref"><a href="#step-${c.cleanup}">Step ${c.cleanup}</a></td></tr>`,
  )
  return html`${head}<p>Everything below is scoped narrowly and is removed or put back in the step named under <em>Undone in</em>. Do not skip that step.</p>
<div class="table-wrap"><table class="changes"><thead><tr><th scope="col">What</th><th scope="col">Scope</th><th scope="col">Actions switched on</th><th scope="col" class="step-ref">Made in</th><th scope="col" class="step-ref">Undone in</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`
}

function env(mode: Mode, idPrefix: string, ids: HeadingIds, worksheet = false, breakTables = false, worksheetPrefix?: string, answers?: LabAnswers): RenderEnv {
  return { mode, idPrefix, markdownItAnchor: ids, worksheet, breakTables, ...(worksheetPrefix ? { worksheetPrefix } : {}), ...(answers ? { answers } : {}) }
}

function trainerAside(r: LabRenderer, s: Section, mode: Mode, ids: HeadingIds, heading: 'h2' | 'h3'): Raw {
  const tag = raw(heading)
  return html`<aside class="trainer" id="${s.anchor}" aria-label="${TRAINER_FLAG}">
<p class="trainer-flag">${TRAINER_FLAG}</p>
<${tag}>${s.title}</${tag}>
${raw(r.render(s.body, env(mode, `${s.anchor}-`, ids)))}
</aside>`
}

/** An engagement's worksheet answers (field path → value) for a handout built for that engagement. */
export type LabAnswers = Readonly<Record<string, string>>

/** The handout body: header, generated sections, steps, troubleshooting, worksheet (with `answers`, filled in). */
export function renderLabBody(lab: Lab, r: LabRenderer, mode: Mode, trainer: boolean, answers?: LabAnswers): string {
  const ids = headingIds()
  const m = lab.meta
  const body = (chunk: Section['body'], renderEnv: RenderEnv): Raw => raw(r.render(chunk, renderEnv))
  const out: Raw[] = []
  out.push(html`<header class="lab-head">
<p class="kicker">Lab ${labNumber(lab)} · ${KIT_NAME}</p>
<h1>${m.title}</h1>
<p class="meta"><span>Section ${m.section}</span><span>About ${m.minutes} minutes</span><span>${LEVEL_LABEL[m.level]}</span></p>
</header>`)
  if (lab.lede.lines.some((l) => l.text.trim())) out.push(html`<div class="lede">${body(lab.lede, env(mode, 'intro-', ids))}</div>`)
  if (trainer && lab.trainer.intro.lines.some((l) => l.text.trim())) {
    out.push(html`<aside class="trainer"><p class="trainer-flag">${TRAINER_FLAG}</p>${body(lab.trainer.intro, env(mode, 'trainer-intro-', ids))}</aside>`)
  }
  out.push(html`<section id="objectives" class="section-objectives"><h2>Objectives</h2>
<p>When you have finished this lab you will have:</p>
<ul>${m.objectives.map((o) => html`<li>${md(r, o)}</li>`)}</ul></section>`)
  out.push(html`<section id="prerequisites" class="section-prerequisites"><h2>Prerequisites</h2>
<ul>${m.prerequisites.map((p) => html`<li>${md(r, p)}</li>`)}</ul></section>`)
  out.push(html`<section id="estimated-time" class="section-time"><h2>Estimated time</h2>
<p>About <strong>${m.minutes} minutes</strong> in ${lab.steps.length} steps. The times are a guide for a first run; go at your own pace.</p>
<div class="table-wrap"><table class="timing"><thead><tr><th scope="col">Step</th><th scope="col">What you do</th><th scope="col" class="min">Minutes</th></tr></thead>
<tbody>${lab.steps.map((s) => html`<tr><td>${s.number}</td><td>${md(r, s.title)}</td><td class="min">${s.minutes}</td></tr>`)}</tbody>
<tfoot><tr><td></td><td>Total</td><td class="min">${m.minutes}</td></tr></tfoot></table></div></section>`)
  out.push(renderChanges(lab, r))
  if (trainer) for (const s of lab.trainer.before) out.push(trainerAside(r, s, mode, ids, 'h2'))
  for (const s of lab.pre) {
    out.push(html`<section id="${s.anchor}" class="section-other"><h2>${md(r, s.title)}</h2>${body(s.body, env(mode, `${s.anchor}-`, ids))}</section>`)
  }
  for (const s of lab.steps) {
    const notes = trainer ? lab.trainer.steps.get(s.number) : undefined
    out.push(html`<section id="${s.anchor}" class="step" aria-labelledby="${s.anchor}-title">
<div class="step-head"><h2 id="${s.anchor}-title">Step ${s.number} — ${md(r, s.title)}</h2>
<p class="step-meta"><span class="duration">Duration: ${s.minutes} min</span></p></div>
${body(s.body, env(mode, `${s.anchor}-`, ids))}
${notes ? trainerAside(r, notes, mode, ids, 'h3') : ''}
</section>`)
  }
  for (const s of lab.post) {
    if (s.kind === 'worksheet' && trainer) for (const t of lab.trainer.after) out.push(trainerAside(r, t, mode, ids, 'h2'))
    const worksheet = s.kind === 'worksheet'
    out.push(html`<section id="${s.anchor}" class="section-${s.kind}"><h2>${md(r, s.title)}</h2>
${worksheet ? html`<p class="worksheet-intro">Fill this in during the lab, by hand or on screen, and keep it with your notes: the next sections build on it.</p>` : ''}
${worksheet && mode === 'screen' && !trainer ? WORKSHEET_STATUS : ''}
${body(s.body, env(mode, `${s.anchor}-`, ids, worksheet, s.kind === 'troubleshooting', worksheet && (!trainer || answers) ? `lab${labNumber(lab)}` : undefined, worksheet ? answers : undefined))}</section>`)
  }
  return out.join('\n')
}

/** Filled in by the worksheet script (assets/worksheets.js): where answers are saved, or why not. */
const WORKSHEET_STATUS = html`<p class="ws-status" role="status" aria-live="polite" data-save-state>Answers typed here are saved in this browser.</p>`

const COPY_SCRIPT = `(function(){var live=document.getElementById('copy-status');function fallback(t){var a=document.createElement('textarea');a.value=t;a.setAttribute('readonly','');a.style.position='fixed';a.style.opacity='0';document.body.appendChild(a);a.select();var ok=false;try{ok=document.execCommand('copy')}catch(e){}document.body.removeChild(a);return ok}document.addEventListener('click',function(ev){var b=ev.target&&ev.target.closest?ev.target.closest('button.copy'):null;if(!b)return;var pre=b.closest('figure').querySelector('pre');var text=pre.innerText.replace(/[ \\t]+$/gm,'').replace(/\\n+$/,'');function done(ok){b.textContent=ok?'Copied':'Select and copy';b.setAttribute('data-state',ok?'done':'failed');live.textContent=ok?'Copied to the clipboard':'Copy failed: select the text and copy it';b.focus();setTimeout(function(){b.textContent='Copy';b.removeAttribute('data-state')},2500)}if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(function(){done(true)},function(){done(fallback(text))})}else{done(fallback(text))}})})();`

/**
 * "I have done this lab", for self-paced review: kept in this browser's localStorage under the key
 * core/progress.ts names, shown on the workshop home page. Hidden until the script runs and never
 * in print (the handouts are rendered by renderPrintPage, without it).
 */
function labDoneBlock(): Raw {
  return html`<section class="lab-done" id="lab-done" aria-labelledby="lab-done-title" hidden>
<h2 id="lab-done-title">Your progress</h2>
<p><label><input type="checkbox" id="lab-done-box"> I have done this lab</label></p>
<p class="meta">Kept in this browser only; the workshop home page shows it.</p>
</section>`
}

/** Script text (not HTML): the key is a JSON string literal. */
function labDoneScript(lab: Lab): string {
  const key = JSON.stringify(labProgressKey(lab.id))
  return `(function(){var key=${key};var box=document.getElementById('lab-done-box');try{box.checked=(JSON.parse(localStorage.getItem(key)||'null')||{}).done===true}catch(e){}box.addEventListener('change',function(){try{localStorage.setItem(key,JSON.stringify({done:box.checked}))}catch(e){}});document.getElementById('lab-done').hidden=false})();`
}

/** The customer's page on the site: dist/labs/<id>/index.html. */
export function renderSitePage(lab: Lab, r: LabRenderer, pdfHref: string | null, answers?: LabAnswers): string {
  const toc = tocEntries(lab, false)
  const m = lab.meta
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lab ${labNumber(lab)}: ${m.title} · ${KIT_NAME}</title>
<link rel="icon" href="../../favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="../assets/labs.css">
</head>
<body>
<a class="skip" href="#main">Skip to the lab</a>
<header class="topbar"><div class="topbar-inner">
<nav aria-label="Breadcrumb"><p class="crumbs"><a href="../../index.html">Workshop home</a><span aria-hidden="true">›</span><a href="../index.html">All labs</a><span aria-hidden="true">›</span><span>Lab ${labNumber(lab)}</span></p></nav>
${pdfHref ? html`<p class="downloads crumbs"><a href="${pdfHref}">Download the handout (PDF, A4)</a></p>` : ''}
</div></header>
<div class="layout">
<nav class="toc" aria-label="Steps of this lab"><h2>In this lab</h2><ol>
${toc.map(
  (e, i) =>
    html`${i ? '\n' : ''}<li class="${e.step ? 'toc-step' : ''}"><a href="#${e.anchor}"><span>${e.step ? siteStepLabel(r, e.title) : md(r, e.title)}</span>${e.minutes ? html`<span class="toc-min">${e.minutes} min</span>` : ''}</a></li>`,
)}
</ol></nav>
<main id="main">
${raw(renderLabBody(lab, r, 'screen', false, answers))}
${labDoneBlock()}
</main>
</div>
<p id="copy-status" class="sr-only" aria-live="polite"></p>
<script>${raw(COPY_SCRIPT + labDoneScript(lab))}</script>
<script type="module" src="../assets/worksheets.js"></script>
</body>
</html>
`.toString()
}

/** "Step 2 — Title" in the site's contents: "Step " for screen readers only, then "2. Title". */
function siteStepLabel(r: LabRenderer, title: string): Raw {
  const step = /^Step (\d+) — (.*)$/.exec(title)
  return step ? html`<span class="sr-only">Step </span>${step[1]}. ${md(r, step[2]!)}` : md(r, title)
}

/** The lab's first lede sentence, for the index. */
function summaryOf(lab: Lab): string {
  const para: string[] = []
  for (const l of lab.lede.lines) {
    if (l.text.trim() === '') {
      if (para.length) break
      continue
    }
    para.push(l.text.trim())
  }
  const text = para.join(' ')
  const first = /^(.+?[.!?])(\s|$)/.exec(text)
  return first ? first[1]! : text || lab.meta.objectives[0] || ''
}

export interface IndexEntry {
  lab: Lab
  pdfHref: string | null
}

/** dist/labs/index.html: every lab with its time, level and links. */
export function renderIndexPage(entries: IndexEntry[], r: LabRenderer): string {
  const total = entries.reduce((s, e) => s + e.lab.meta.minutes, 0)
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hands-on labs · ${KIT_NAME}</title>
<link rel="icon" href="../favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="assets/labs.css">
</head>
<body>
<a class="skip" href="#main">Skip to the labs</a>
<header class="topbar"><div class="topbar-inner"><nav aria-label="Breadcrumb"><p class="crumbs"><a href="../index.html">Workshop home</a><span aria-hidden="true">›</span><span>All labs</span></p></nav></div></header>
<main id="main" class="index-main">
<p class="kicker">${KIT_NAME}</p>
<h1>Hands-on labs</h1>
<p>Each section of the workshop ends with a lab. Every lab has numbered steps with a time and an expected result, hints and a solution you can open when you need them, and a worksheet you keep.</p>
<p class="total">${entries.length} labs, about ${Math.floor(total / 60)} h ${total % 60} min of hands-on work in total.</p>
<ol class="lab-list">
${entries.map(
  ({ lab, pdfHref }, i) => html`${i ? '\n' : ''}<li><h2><a href="${lab.id}/index.html">Lab ${labNumber(lab)}: ${lab.meta.title}</a></h2>
<p class="meta"><span>About ${lab.meta.minutes} minutes</span><span>${lab.steps.length} steps</span><span>${LEVEL_LABEL[lab.meta.level]}</span></p>
<p>${md(r, summaryOf(lab))}</p>
<p><a href="${lab.id}/index.html">Open the lab</a>${pdfHref ? html` · <a href="${pdfHref}">Handout PDF (A4)</a>` : ''}</p></li>`,
)}
</ol>
</main>
</body>
</html>
`.toString()
}

/** The page Chromium prints: cover, contents (with page numbers once known), body. */
export function renderPrintPage(lab: Lab, r: LabRenderer, opts: { trainer: boolean; fontBase: string; pages?: Map<string, number>; answers?: LabAnswers }): string {
  const m = lab.meta
  const toc = tocEntries(lab, opts.trainer)
  // Two no-break spaces hold the place of a page number not known yet.
  const page = (anchor: string): number | Raw => opts.pages?.get(anchor) || raw('&nbsp;&nbsp;')
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lab ${labNumber(lab)}: ${m.title}${opts.trainer ? ` — ${TRAINER_FLAG}` : ''}</title>
<style>${raw(printCss(opts.fontBase))}</style>
</head>
<body>
<section class="cover">
<div class="brand"><p class="kit">${KIT_NAME}</p><p class="sub">${PRODUCT} · hands-on lab handout</p></div>
<div class="title-block">
<p class="lab-no">Lab ${labNumber(lab)}</p>
<h1>${m.title}</h1>
<dl>
<dt>Section</dt><dd>${m.section}</dd>
<dt>Duration</dt><dd>About ${m.minutes} minutes, ${lab.steps.length} steps</dd>
<dt>Level</dt><dd>${LEVEL_LABEL[m.level]}</dd>
</dl>
${opts.trainer ? html`<p class="edition">Trainer edition. ${TRAINER_FLAG}: keep this copy; give customers the customer handout.</p>` : ''}
</div>
<div class="fill">
<p>This handout belongs to</p>
<table><tbody>
<tr><td class="label">Name</td><td></td></tr>
<tr><td class="label">Company</td><td></td></tr>
<tr><td class="label">Date</td><td></td></tr>
<tr><td class="label">Consultant</td><td></td></tr>
</tbody></table>
</div>
</section>
<nav class="toc-print" aria-label="Contents"><h2 id="contents">Contents</h2><ol>
${toc.map(
  (e, i) =>
    html`${i ? '\n' : ''}<li class="${[e.step ? 'toc-step' : '', e.trainer ? 'toc-trainer' : ''].join(' ').trim()}"><a class="toc-title" href="#${e.anchor}">${md(r, e.title)}</a><span class="toc-dots"></span>${e.minutes ? html`<span class="toc-min">${e.minutes} min</span>` : ''}<span class="toc-page">${page(e.anchor)}</span></li>`,
)}
</ol></nav>
<main>
${raw(renderLabBody(lab, r, 'print', opts.trainer, opts.answers))}
</main>
</body>
</html>
`.toString()
}

/** All anchors the print TOC links to, in order. */
export function printAnchors(lab: Lab, trainer: boolean): string[] {
  return tocEntries(lab, trainer).map((e) => e.anchor)
}

const TEMPLATE_FONT = "font-family:Inter,'Segoe UI',Helvetica,Arial,sans-serif;font-size:8pt;color:#4a5361;width:100%;margin:0 16mm;display:flex;justify-content:space-between"
/** The trainer flag as the running header and footer show it. */
export const TRAINER_MARK = html`<span style="color:#a0111f;font-weight:700">${TRAINER_FLAG}</span>`.toString()

/** Chromium's running header of a printed handout: what it is on the left, `right` (HTML) on the right. */
export function printHeader(title: string, right: string): string {
  return html`<div style="${raw(TEMPLATE_FONT)};gap:8mm;-webkit-print-color-adjust:exact"><span>${title}</span>${raw(right)}</div>`.toString()
}

/** Chromium's running footer: `left` (HTML) and the page number. */
export function printFooter(left: string): string {
  return html`<div style="${raw(TEMPLATE_FONT)};-webkit-print-color-adjust:exact">${raw(left)}<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`.toString()
}

export function headerTemplate(lab: Lab, trainer: boolean): string {
  return printHeader(`${KIT_NAME} · Lab ${labNumber(lab)}: ${lab.meta.title}`, trainer ? TRAINER_MARK : html`<span>${PRODUCT}</span>`.toString())
}

export function footerTemplate(lab: Lab, trainer: boolean): string {
  return printFooter(trainer ? TRAINER_MARK : html`<span>${lab.meta.section}</span>`.toString())
}

export function siteStylesheet(): string {
  return siteCss('./')
}
