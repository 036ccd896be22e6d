// The engagement summary for the customer (`kit engagement report`): cover, contents, what each
// section decided, the impact of the designed policies over the customer's own images, action items,
// open questions and an appendix with every designed policy as Aqua JSON. One self-contained A4 HTML
// document like `kit report` (core/report-html.ts): inline CSS, no scripts, no external URLs, every
// value from the engagement escaped by the html`` template. Pure: the CLI reads the folder and prints.
import { actionsOf, evaluate } from '../policy.ts'
import { standaloneDocument } from '../html/document.ts'
import { html, type Raw } from '../html/escape.ts'
import type { ImageAssurancePolicy, ScanResult } from '../types.ts'
import { COMPLIANCE_TEXT, onFailureText } from '../verdict-text.ts'
import type { EngagementConfig } from './config.ts'
import { engagementImageName, type EngagementSummary } from './images.ts'
import { readAnswers, type AnsweredField, type AnsweredWorksheet, type AnswersRecord } from './record.ts'
import { DESIGNED_POLICY_FIELD, WORKSHEET_SECTIONS, type WorksheetSection } from './worksheets.ts'

/** A policy the summary shows: one in play (engagement.yaml) or the one designed in the workshop. */
export interface DesignedPolicy {
  policy: ImageAssurancePolicy
  origin: 'in play' | 'designed in the workshop'
}

/** What one policy, applied alone, does to the customer's images. */
export interface PolicyImpact {
  policy: string
  origin: DesignedPolicy['origin']
  images: number
  /** Images the policy fails (any control failed), whatever its actions. */
  failed: number
  /** Images it marks non-compliant (block_failed on and failed). */
  nonCompliant: number
  /** Images whose Aqua CI/CD step it fails (fail_cicd on and failed). */
  failsCicd: number
  /** The images it fails, by the name every engagement listing uses. */
  failedImages: string[]
}

/** Each designed policy evaluated alone over every image, by the engine of `kit gate`. */
export function policyImpact(files: ReadonlyArray<{ name: string; scan: ScanResult }>, policies: readonly DesignedPolicy[], now?: Date): PolicyImpact[] {
  return policies
    .filter((d) => d.policy.enabled !== false)
    .map(({ policy, origin }) => {
      const impact: PolicyImpact = { policy: policy.name, origin, images: files.length, failed: 0, nonCompliant: 0, failsCicd: 0, failedImages: [] }
      for (const file of files) {
        const verdict = evaluate(file.scan, [policy], now ? { now } : {})
        if (verdict.policies.every((p) => p.passed)) continue
        impact.failed++
        impact.failedImages.push(engagementImageName(file.scan, file.name))
        if (!verdict.compliant) impact.nonCompliant++
        if (verdict.failsCicd) impact.failsCicd++
      }
      impact.failedImages.sort()
      return impact
    })
}

export interface EngagementReportInput {
  config: EngagementConfig
  /** The rows of `kit engagement summary` (policies in play together). */
  summary: EngagementSummary
  /** Report files that could not be read, one line each (shown, never hidden). */
  problems: readonly string[]
  record: AnswersRecord
  policies: readonly DesignedPolicy[]
  impact: readonly PolicyImpact[]
  /** ISO day the summary was made. */
  generated: string
  /** Page of each contents entry (by its id), once a first rendering has been paginated. */
  pages?: Readonly<Record<string, number>>
}

/** One entry of the table of contents: its id (the heading's anchor) and the heading text. */
export interface ContentsEntry {
  id: string
  title: string
}

/** How many images the summary table lists; the counts above it always cover all of them. */
export const IMAGE_ROWS = 60

interface Part {
  entry: ContentsEntry
  body: Raw
}

/** The sections the record has answers for, with their worksheets. */
export function deliveredSections(record: AnswersRecord): Array<{ section: WorksheetSection; sheets: AnsweredWorksheet[] }> {
  const view = readAnswers(record)
  const designed = Boolean(record.fields[DESIGNED_POLICY_FIELD]?.value.trim())
  // A lab page's own worksheets (its results) report with the section the lab belongs to.
  const inSection = (section: WorksheetSection, w: AnsweredWorksheet) => section.worksheets.includes(w.sheet.id) || w.lab === section.id.slice(0, 2)
  return WORKSHEET_SECTIONS.map((section) => ({ section, sheets: view.worksheets.filter((w) => inSection(section, w)) })).filter(
    ({ section, sheets }) => sheets.some((w) => w.filled) || (section.id === '03-image-assurance' && designed),
  )
}

/** The contents of the summary, in page order. */
export function contentsOf(input: EngagementReportInput): ContentsEntry[] {
  return parts(input).map((p) => p.entry)
}

function parts(input: EngagementReportInput): Part[] {
  const view = readAnswers(input.record)
  const delivered = deliveredSections(input.record)
  const out: Part[] = delivered.map(({ section, sheets }, i) => ({
    entry: { id: `section-${section.id}`, title: `${i + 1}. ${section.title}` },
    body: html`${sheets.filter((w) => w.filled).map(renderWorksheet)}${section.id === '03-image-assurance' ? renderImpact(input) : ''}`,
  }))
  // The impact belongs to the image assurance section; without answers there, it still gets a part of its own.
  if (!delivered.some(({ section }) => section.id === '03-image-assurance') && (input.summary.images.length > 0 || input.policies.length > 0)) {
    out.push({ entry: { id: 'impact', title: `${out.length + 1}. Policy impact on your images` }, body: renderImpact(input) })
  }
  const actions = view.worksheets.find((w) => w.sheet.id === 'actions')!
  out.push({ entry: { id: 'actions', title: 'Action items' }, body: renderActions(actions) })
  out.push({ entry: { id: 'open-questions', title: 'Open questions' }, body: renderOpenQuestions(delivered.flatMap((d) => d.sheets), view.problems) })
  out.push({ entry: { id: 'appendix', title: 'Appendix: designed policies as Aqua JSON' }, body: renderAppendix(input.policies) })
  return out
}

export function renderEngagementReport(input: EngagementReportInput): string {
  const { config } = input
  const all = parts(input)
  const delivered = deliveredSections(input.record)
  const title = `Engagement summary: ${config.customer}`
  const dates = config.dates.start === config.dates.end ? config.dates.start : `${config.dates.start} to ${config.dates.end}`
  const page = (id: string) => input.pages?.[id]
  const body = html`<section class="cover">
<p class="kicker">Aqua Security · Advanced Tier workshop</p>
<h1>Engagement summary</h1>
<p class="customer">${config.customer}</p>
<dl class="facts">
<dt>Dates</dt><dd>${dates}</dd>
<dt>Consultant</dt><dd>${config.consultant || 'not recorded'}</dd>
<dt>Sections delivered</dt><dd>${delivered.length ? html`<ul class="plain">${delivered.map(({ section }) => html`<li>${section.title}</li>`)}</ul>` : 'none recorded in the worksheets'}</dd>
<dt>Policies in play</dt><dd>${config.policies.length ? config.policies.join(', ') : 'none'}</dd>
<dt>Images scanned</dt><dd>${input.summary.images.length}</dd>
<dt>Prepared</dt><dd>${input.generated}</dd>
</dl>
<p class="note">Written from the worksheets filled in during the workshop and the scan reports of your own images. Verdicts come from the same policy engine as the kit's gate command; controls that need the live Aqua platform are marked not evaluated.</p>
</section>
<nav class="toc" aria-labelledby="toc-title">
<h2 id="toc-title">Contents</h2>
<ol>${all.map((p) => html`<li><a href="#${p.entry.id}">${p.entry.title}</a><span class="page" data-toc="${p.entry.id}">${page(p.entry.id) ?? ''}</span></li>`)}</ol>
</nav>
${all.map((p, i) => html`<section class="part${i === 0 || ['actions', 'open-questions', 'appendix'].includes(p.entry.id) ? ' new-page' : ''}" id="${p.entry.id}"><h2>${p.entry.title}</h2>${p.body}</section>`)}`
  return standaloneDocument(title, CSS, body)
}

const shown = (f: AnsweredField) => (f.value.trim() ? html`${f.value}${f.problem ? html` <span class="flag">(to check: ${f.problem})</span>` : ''}` : html`<span class="open">open</span>`)

function renderWorksheet(w: AnsweredWorksheet): Raw {
  if (w.sheet.kind === 'questions') {
    return html`<h3>${w.sheet.title}</h3><table class="answers"><tbody>${w.answers.map((a) => html`<tr><th scope="row">${a.label}</th><td>${shown(a)}</td></tr>`)}</tbody></table>`
  }
  const rows = w.rows.filter((r) => r.name !== undefined || r.cells.some((c) => c.value.trim()))
  const first = w.sheet.fixedRows ? (w.sheet.rowHeader ?? '') : ''
  return html`<h3>${w.sheet.title}</h3><table class="answers grid"><thead><tr>${w.sheet.fixedRows ? html`<th scope="col">${first}</th>` : ''}${w.sheet.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.name !== undefined ? html`<th scope="row">${r.name}</th>` : ''}${r.cells.map((c) => html`<td>${shown(c)}</td>`)}</tr>`,
  )}</tbody></table>`
}

function renderImpact(input: EngagementReportInput): Raw {
  const images = input.summary.images
  const failing = images.filter((i) => i.verdict === 'non-compliant')
  const listed = [...failing, ...images.filter((i) => i.verdict === 'compliant')].slice(0, IMAGE_ROWS)
  const policies = input.summary.policies
  return html`<h3 id="impact-images">Impact on your images</h3>
${
  images.length === 0
    ? html`<p>No scan reports of your images are in this engagement, so the policies' impact could not be measured.</p>`
    : html`<p class="headline" data-impact="${failing.length}/${images.length}"><strong>${failing.length} of ${images.length}</strong> images are non-compliant under ${policies.length ? html`the policies in play together (${policies.join(', ')})` : 'no policy in play'}.</p>`
}
${
  input.impact.length > 0 && images.length > 0
    ? html`<table class="impact"><colgroup><col style="width:40%"><col span="3" style="width:20%"></colgroup><thead><tr><th scope="col">Policy (applied alone)</th><th scope="col">Images failed</th><th scope="col">Marked non-compliant</th><th scope="col">CI/CD step failed</th></tr></thead><tbody>${input.impact.map(
        (p) => html`<tr data-policy="${p.policy}"><th scope="row">${p.policy}<span class="origin">${p.origin}</span></th><td>${p.failed} of ${p.images}</td><td>${p.nonCompliant}</td><td>${p.failsCicd}</td></tr>`,
      )}</tbody></table>
<p class="note">A policy fails an image when one of its controls fails; what happens then depends on its actions ("Mark failed images as non-compliant", "Fail the Aqua step in CI/CD"). A policy with neither only records the failure (audit only). Here every policy is applied to every image of the engagement, whatever its scope; Aqua evaluates an image against the policies whose scope includes it, so in the console a scoped policy judges fewer images.</p>`
    : ''
}
${
  images.length > 0
    ? html`<table class="images"><colgroup><col style="width:25%"><col style="width:15%"><col span="6" style="width:10%"></colgroup><thead><tr><th scope="col">Image</th><th scope="col">Verdict</th><th scope="col">Critical</th><th scope="col">High</th><th scope="col">Medium</th><th scope="col">Low</th><th scope="col">Total</th><th scope="col">Fixable</th></tr></thead><tbody>${listed.map(
        (i) =>
          html`<tr class="${i.verdict}"><td class="mono">${i.image}</td><td>${COMPLIANCE_TEXT[i.verdict]}</td><td>${i.vulnerabilities.critical}</td><td>${i.vulnerabilities.high}</td><td>${i.vulnerabilities.medium}</td><td>${i.vulnerabilities.low}</td><td>${i.vulnerabilities.total}</td><td>${i.fixable}</td></tr>`,
      )}</tbody></table>${images.length > listed.length ? html`<p class="note">Showing ${listed.length} of ${images.length} images, non-compliant first; the kit's engagement summary command lists them all.</p>` : ''}`
    : ''
}
${input.problems.length ? html`<p class="note">Reports that could not be read and are not counted:</p><ul class="problems">${input.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}`
}

function renderActions(actions: AnsweredWorksheet): Raw {
  const rows = actions.rows.filter((r) => r.cells.some((c) => c.value.trim()))
  if (rows.length === 0) return html`<p>No action items were recorded.</p>`
  return html`<table class="answers grid actions"><thead><tr>${actions.sheet.kind === 'table' ? actions.sheet.columns.map((c) => html`<th scope="col">${c.label}</th>`) : ''}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.cells.map((c) => html`<td>${shown(c)}</td>`)}</tr>`,
  )}</tbody></table>`
}

function renderOpenQuestions(sheets: readonly AnsweredWorksheet[], problems: readonly string[]): Raw {
  // Questions of the delivered sections left without an answer (a lab step's result is not a question;
  // a filled table's empty cells are not either).
  const open = sheets.filter((w) => w.sheet.kind === 'questions').flatMap((w) => w.answers.filter((a) => !a.value.trim() && !a.labOnly).map((a) => ({ sheet: w.sheet.title, label: a.label })))
  const items = [...open.map((o) => html`<li><strong>${o.sheet}:</strong> ${o.label}</li>`), ...problems.map((p) => html`<li>To check: ${p}</li>`)]
  if (items.length === 0) return html`<p>No open questions: every question of the sections delivered has an answer.</p>`
  return html`<ul class="questions">${items}</ul>`
}

function renderAppendix(policies: readonly DesignedPolicy[]): Raw {
  if (policies.length === 0) return html`<p>No policy was in play or designed in this engagement.</p>`
  return html`<p>Each policy as Aqua image assurance policy JSON, the shape the console and the Aqua API use.</p>${policies.map(
    ({ policy, origin }) =>
      html`<article class="policy"><h3>${policy.name} <span class="origin">${origin}</span></h3><p class="meta">${onFailureText(actionsOf(policy))}.${policy.description ? html` ${policy.description}` : ''}</p><pre class="json">${JSON.stringify(policy, null, 2)}</pre></article>`,
  )}`
}

const CSS = `
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 182mm; font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #000; background: #fff; }
h1 { font-size: 26pt; margin: 40mm 0 2mm; }
h2 { font-size: 15pt; margin: 0 0 3mm; border-bottom: 2px solid #000; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 5mm 0 1.5mm; break-after: avoid; }
a { color: #000; }
.kicker { margin: 0; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; font-size: 9pt; }
.customer { font-size: 18pt; font-weight: 700; margin: 0 0 10mm; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2mm 6mm; margin: 0 0 10mm; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.plain { margin: 0; padding: 0; list-style: none; }
.toc, .new-page { break-before: page; }
.part { margin-top: 8mm; }
.toc ol { list-style: none; padding: 0; margin: 0; }
.toc li { display: flex; gap: 3mm; padding: 1.5mm 0; border-bottom: 1px dotted #000; font-size: 11.5pt; }
.toc a { flex: 1; text-decoration: none; }
.toc .page { min-width: 10mm; text-align: right; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0 3mm; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 1.2mm 2mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #e6e6e6; }
tr { break-inside: avoid; }
.answers th[scope=row] { width: 38%; font-weight: 600; }
.grid th[scope=row] { width: auto; }
.open { font-style: italic; }
.flag { font-weight: 700; }
.headline { font-size: 12pt; }
.origin { display: block; font-weight: 400; font-size: 8.5pt; font-style: italic; }
h3 .origin { display: inline; margin-left: 2mm; }
.images td, .images th { font-size: 8.5pt; }
.images thead th, .impact thead th { overflow-wrap: normal; }
.images tr.non-compliant td:nth-child(2) { font-weight: 700; }
.mono, .json { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.mono { font-size: 8.5pt; }
.json { font-size: 8pt; line-height: 1.35; white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #000; padding: 2mm 3mm; margin: 1mm 0 4mm; }
.note { font-size: 9.5pt; }
.meta { margin: 0 0 1mm; font-size: 9.5pt; }
.questions li, .problems li { margin-bottom: 1mm; overflow-wrap: anywhere; }
`

const squashSpace = (text: string) => text.replace(/\s+/g, '')

/**
 * The page (1-based) each contents entry starts on, from the text of a first rendering's pages: the
 * first page after the contents page that holds the entry's heading, in order (headings never go back).
 */
export function contentsPages(entries: readonly ContentsEntry[], pageTexts: readonly string[]): Record<string, number> {
  const pages = pageTexts.map(squashSpace)
  const toc = pages.findIndex((p) => p.includes('Contents') && entries.every((e) => p.includes(squashSpace(e.title))))
  const found: Record<string, number> = {}
  let cursor = toc + 1
  for (const entry of entries) {
    const at = pages.findIndex((p, i) => i >= cursor && p.includes(squashSpace(entry.title)))
    if (at < 0) continue
    found[entry.id] = at + 1
    cursor = at
  }
  return found
}

/** Chromium's footer for the summary: the customer and "page n of m" on every page. */
export function summaryFooter(customer: string): string {
  return html`<div style="width:100%;padding:0 14mm;font:8pt system-ui,Arial,sans-serif;color:#000;display:flex;justify-content:space-between"><span>Engagement summary · ${customer}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`.value
}
