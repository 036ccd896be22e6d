// The kit's front page (dist/index.html): every deck with its presenter view and PDF, every lab with
// its handouts. Static HTML with its own fonts: it must open at a customer site with no internet.
import { existsSync } from 'node:fs'
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { isAbsolute, join, relative } from 'node:path'
import { escapeHtml } from '../core/html/escape.ts'
import { loadAllChecks } from '../core/checks-files.ts'
import { labProgressKey, sectionProgressKey } from '../core/progress.ts'
import { ROOT, type Deck } from './decks.ts'
import type { BuiltLab } from './labs/index.ts'
import { META_NAME, SUMMARY_ENDPOINT } from './engagement-endpoint.ts'
import { CHECKS_KEY_PDF } from './labs/checks-key.ts'
import { loadLabs } from './labs/load.ts'

/** A lab as the index links it: what the lab build returns, or what discoverLabs finds in dist/. */
export type LabLink = BuiltLab

/** A section's knowledge-check question ids, for the progress the index shows. */
export interface SectionQuestions {
  section: string
  questionIds: string[]
}

const FONT_FILES = ['inter-latin-400-normal.woff2', 'inter-latin-600-normal.woff2', 'inter-latin-700-normal.woff2']

function href(dist: string, path: string | undefined): string | null {
  if (!path) return null
  const rel = isAbsolute(path) ? relative(dist, path) : path
  return rel.split('\\').join('/')
}

function minutesOf(duration: string): string {
  const match = /^(\d+)\s*min$/.exec(duration.trim())
  if (!match) return duration
  const total = Number(match[1])
  const h = Math.floor(total / 60)
  const m = total % 60
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`
}

// The learner's progress, read from this browser's localStorage (core/progress.ts holds the keys;
// the decks' KnowledgeCheck and the lab pages write them). Without script the cells keep their dash.
function progressScript(rows: Array<{ section: string; lab: string | null; questionIds: string[] }>): string {
  const data = rows.map((row) => ({
    section: row.section,
    sectionKey: sectionProgressKey(row.section),
    labKey: row.lab ? labProgressKey(row.lab) : null,
    questions: row.questionIds,
  }))
  // JSON inside <script>: "<" escaped so no text can close the element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c')
  return `(function(){var rows=${json};function read(k){try{return JSON.parse(localStorage.getItem(k)||'null')}catch(e){return null}}
var seen=0,labs=0,labTotal=0,passed=0,total=0;
rows.forEach(function(r){var s=read(r.sectionKey)||{};var a=s.answers||{};var ok=r.questions.filter(function(q){return a[q]&&a[q].correct===true}).length;var done=r.labKey?(read(r.labKey)||{}).done===true:null;
if(s.seen===true)seen++;if(r.labKey){labTotal++;if(done)labs++}passed+=ok;total+=r.questions.length;
var cell=document.querySelector('[data-progress="'+r.section+'"]');if(!cell)return;var bits=[];
bits.push(s.seen===true?'Seen':'Not seen');if(r.labKey)bits.push(done?'Lab done':'Lab not done');if(r.questions.length)bits.push('Checks '+ok+'/'+r.questions.length);cell.textContent=bits.join(' · ');});
var sum=document.getElementById('progress-summary');if(sum){sum.hidden=false;sum.querySelector('[data-summary]').textContent=seen+' of '+rows.length+' sections seen, '+labs+' of '+labTotal+' labs done, '+passed+' of '+total+' knowledge-check questions answered correctly.';}})();`
}

/** The take-home edition's index (scripts/edition.ts): written for the customer, nothing for the trainer. */
export interface CustomerIndex {
  /** As typed in engagement.yaml; shown as text. */
  customer: string
  /** The agreed agenda's time-allocation table, already HTML (rendered from the kit's own Markdown). */
  agendaHtml: string
  /** The engagement summary PDF, relative to the edition folder, when there is one. */
  summaryPdf?: string
}

function deckRow(deck: Deck, dist: string, lab: LabLink | undefined, customer = false): string {
  const pdf = existsSync(join(dist, 'pdf', `${deck.id}.pdf`)) ? `<a href="pdf/${deck.id}.pdf">Slides PDF</a>` : '<span class="missing">PDF not built</span>'
  const labLinks = lab
    ? [
        `<a href="${escapeHtml(href(dist, lab.html) ?? '')}">Lab (${lab.minutes} min)</a>`,
        lab.pdf ? `<a href="${escapeHtml(href(dist, lab.pdf) ?? '')}">Handout PDF</a>` : '',
      ].filter(Boolean).join('')
    : ''
  return `<tr>
  <th scope="row"><a class="deck" href="${deck.id}/">${escapeHtml(deck.title)}</a><span class="id">${deck.id}</span></th>
  <td class="time">${escapeHtml(minutesOf(deck.duration))}</td>
  <td class="links"><a href="${deck.id}/">${customer ? 'Slides' : 'Present'}</a>${customer ? '' : `<a href="${deck.id}/#/presenter/1">Presenter view</a>`}<a href="${deck.id}/#/overview">Overview</a>${pdf}</td>
  <td class="links">${labLinks || '<span class="muted">—</span>'}</td>
  <td class="progress" data-progress="${escapeHtml(deck.id)}"><span class="muted">—</span></td>
</tr>`
}

function deckTable(id: string, decks: Deck[], rows: string): string {
  return decks.length
    ? `  <table aria-labelledby="${id}">
    <thead><tr><th scope="col">Deck</th><th scope="col">Time</th><th scope="col">Slides</th><th scope="col">Hands-on lab</th><th scope="col">Your progress</th></tr></thead>
    <tbody>
${rows}
    </tbody>
  </table>`
    : ''
}

/** Header and main of the customer's index: their name as text, the agreed agenda, links to what the folder holds. */
function customerBody(customer: CustomerIndex, sections: Deck[], days: Deck[], dist: string, labFor: (deck: Deck) => LabLink | undefined): string {
  return `<header>
  <p class="kicker">Aqua Security · Advanced Tier</p>
  <h1>Advanced Tier workshop: ${escapeHtml(customer.customer)}</h1>
  <p>Your take-home copy of the workshop: the slides of each day as it ran, each section on its own, the hands-on labs with their handouts. Everything here works offline, from any folder of any web server.</p>
</header>
<main>
  <p class="note">Keys in the slides: <kbd>→</kbd>/<kbd>Space</kbd> next, <kbd>←</kbd> back, <kbd>o</kbd> overview, <kbd>d</kbd> dark mode. Each section ends with a knowledge check: your answers stay in this browser.</p>
${customer.summaryPdf ? `  <p class="note"><strong>Engagement summary:</strong> <a href="${escapeHtml(customer.summaryPdf)}">your decisions, the impact on your images, action items and open questions</a> (PDF, A4).</p>` : ''}
  <h2 id="agenda">The agreed agenda</h2>
${customer.agendaHtml}
${days.length ? `  <h2 id="workshop">The workshop days</h2>
${deckTable('workshop', days, days.map((deck) => deckRow(deck, dist, undefined, true)).join('\n'))}` : ''}
  <h2 id="sections">Sections</h2>
  <p id="progress-summary" class="progress-summary" hidden><strong>Your progress</strong> (kept in this browser only): <span data-summary></span></p>
${deckTable('sections', sections, sections.map((deck) => deckRow(deck, dist, labFor(deck), true)).join('\n'))}
`
}

// Served with --engagement <dir>, the page carries the endpoint's <meta> (scripts/engagement-endpoint.ts):
// then, and only then, the link to that engagement's summary shows. A built page never names one.
const ENGAGEMENT_LINK_SCRIPT = `(function(){var m=document.querySelector('meta[name="${META_NAME}"]');var p=document.getElementById('engagement-summary');if(!m||!p)return;
p.querySelector('[data-engagement-name]').textContent=m.getAttribute('data-engagement')||'';
p.querySelector('[data-summary-link]').href='${SUMMARY_ENDPOINT}?token='+encodeURIComponent(m.getAttribute('content')||'');p.hidden=false;})();`

export function renderIndexPage(decks: Deck[], labs: LabLink[], dist: string, checks: SectionQuestions[] = [], customer?: CustomerIndex): string {
  const sections = decks.filter((d) => d.kind === 'section')
  // The customer's edition has their day decks only: the whole-workshop deck and the gallery are the trainer's.
  const workshop = decks.filter((d) => (customer ? d.kind === 'day' : d.kind === 'workshop' || d.kind === 'day'))
  const tools = customer ? [] : decks.filter((d) => d.kind === 'presenter')
  const labFor = (deck: Deck) => labs.find((lab) => lab.id === deck.id)
  const trainer = labs.filter((lab) => lab.trainerPdf)
  const progressRows = sections.map((deck) => ({ section: deck.id, lab: labFor(deck)?.id ?? null, questionIds: checks.find((c) => c.section === deck.id)?.questionIds ?? [] }))
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${customer ? `Advanced Tier workshop: ${escapeHtml(customer.customer)}` : 'Advanced Tier workshop kit'}</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<style>
@font-face { font-family: Inter; font-weight: 400; src: url(assets/fonts/inter-latin-400-normal.woff2) format('woff2'); }
@font-face { font-family: Inter; font-weight: 600; src: url(assets/fonts/inter-latin-600-normal.woff2) format('woff2'); }
@font-face { font-family: Inter; font-weight: 700; src: url(assets/fonts/inter-latin-700-normal.woff2) format('woff2'); }
/* The decks' palette (styles/kit.css): ink, muted text, accent and the cover band. */
:root { --ink: #0f172a; --muted: #334155; --line: #cbd5e1; --panel: #f1f5f9; --accent: #0b4fd6; --focus: #f59e0b; --band: #0b1f4d; --band-muted: #c7d4f5; }
* { box-sizing: border-box; }
body { margin: 0; font: 18px/1.5 Inter, system-ui, sans-serif; color: var(--ink); background: #fff; }
header { background: var(--band); color: #fff; padding: 2.5rem 2rem 2rem; border-bottom: 6px solid var(--accent); }
header h1 { margin: 0 0 .4rem; font-size: 2.2rem; }
header p { margin: 0; max-width: 60rem; color: var(--band-muted); }
header .kicker { margin: 0 0 .5rem; font-size: .9rem; font-weight: 700; letter-spacing: .12em; text-transform: uppercase; color: var(--band-muted); }
h2 { padding-bottom: .3rem; border-bottom: 3px solid var(--accent); }
tbody tr:nth-child(even) { background: var(--panel); }
main { padding: 1.5rem 2rem 3rem; max-width: 76rem; }
h2 { margin: 2rem 0 .6rem; font-size: 1.4rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .6rem .7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: .9rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
th[scope=row] { font-weight: 600; }
td.time { white-space: nowrap; }
.id { display: block; font: 400 .85rem/1.3 ui-monospace, monospace; color: var(--muted); }
.links a, .links span { display: inline-block; margin: 0 .9rem .2rem 0; }
a { color: var(--accent); }
a.deck { color: var(--ink); }
a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.muted, .missing { color: var(--muted); }
td.progress { font-size: .95rem; }
.progress-summary { background: var(--panel); padding: .6rem 1rem; max-width: 60rem; }
.note { background: var(--panel); border-left: 4px solid var(--accent); padding: .8rem 1rem; max-width: 60rem; }
kbd { font: .9rem ui-monospace, monospace; border: 1px solid var(--line); border-radius: 4px; padding: 0 .3rem; background: #fff; }
</style>
</head>
<body>
${customer ? customerBody(customer, sections, workshop, dist, labFor) : `<header>
  <p class="kicker">Aqua Security · Advanced Tier</p>
  <h1>Advanced Tier workshop kit</h1>
  <p>Aqua Security SaaS: registry integration, vulnerability scanning, Image Assurance, CI/CD, SSO/SAML, SIEM and policies as code. Everything here works offline.</p>
</header>
<main>
  <p class="note">To present: open <strong>Presenter view</strong> on your screen (notes, timer, next slide) and the same deck's <strong>Present</strong> link on the projector; they stay in step. Keys: <kbd>→</kbd>/<kbd>Space</kbd> next, <kbd>←</kbd> back, <kbd>o</kbd> overview, <kbd>d</kbd> dark mode.</p>
  <p id="engagement-summary" class="note" hidden><strong>Engagement <span data-engagement-name></span>:</strong> <a data-summary-link href="#">Engagement summary for the customer</a> (PDF, A4, made from this engagement's answers and reports when you open it).</p>
  <h2 id="sections">Sections</h2>
  <p id="progress-summary" class="progress-summary" hidden><strong>Your progress</strong> (kept in this browser only): <span data-summary></span></p>
  <table aria-labelledby="sections">
    <thead><tr><th scope="col">Deck</th><th scope="col">Time</th><th scope="col">Slides</th><th scope="col">Hands-on lab</th><th scope="col">Your progress</th></tr></thead>
    <tbody>
${sections.map((deck) => deckRow(deck, dist, labFor(deck))).join('\n')}
    </tbody>
  </table>
  <h2 id="workshop">The whole workshop in one deck</h2>
  <table aria-labelledby="workshop">
    <thead><tr><th scope="col">Deck</th><th scope="col">Time</th><th scope="col">Slides</th><th scope="col">Hands-on lab</th><th scope="col">Your progress</th></tr></thead>
    <tbody>
${workshop.map((deck) => deckRow(deck, dist, undefined)).join('\n')}
    </tbody>
  </table>
  <h2 id="trainer">For the trainer</h2>
  <ul>
${tools.map((deck) => `    <li><a href="${deck.id}/">${escapeHtml(deck.title)}</a>: rehearse every live component on this laptop before the workshop${existsSync(join(dist, 'pdf', `${deck.id}.pdf`)) ? ` (<a href="pdf/${deck.id}.pdf">PDF</a>)` : ''}.</li>`).join('\n')}
${trainer.map((lab) => `    <li><a href="${escapeHtml(href(dist, lab.trainerPdf) ?? '')}">Trainer notes: ${escapeHtml(lab.title)}</a> (PDF, not for customers)</li>`).join('\n')}
${existsSync(join(dist, CHECKS_KEY_PDF)) ? `    <li><a href="${CHECKS_KEY_PDF}">Knowledge checks: answer key</a> (PDF, not for customers)</li>` : ''}
  </ul>
`}</main>
<script>${progressScript(progressRows)}</script>
${customer ? '' : `<script>${ENGAGEMENT_LINK_SCRIPT}</script>`}
</body>
</html>
`
}

/** The labs whose pages are in `dist`, with their handouts where those were printed. */
export function discoverLabs(dist: string, root: string = ROOT): LabLink[] {
  if (!existsSync(join(root, 'labs'))) return []
  return loadLabs(root)
    .filter((lab) => existsSync(join(dist, 'labs', lab.id, 'index.html')))
    .map((lab) => {
      const pdf = `pdf/labs/${lab.id}.pdf`
      const trainerPdf = `pdf/labs/${lab.id}-trainer.pdf`
      return {
        id: lab.id,
        title: lab.meta.title,
        minutes: lab.meta.minutes,
        html: `labs/${lab.id}/`,
        ...(existsSync(join(dist, pdf)) ? { pdf } : {}),
        ...(existsSync(join(dist, trainerPdf)) ? { trainerPdf } : {}),
      }
    })
}

/** Each section's knowledge-check question ids (never the key). */
export function discoverChecks(root: string = ROOT): SectionQuestions[] {
  return loadAllChecks(root).map((c) => ({ section: c.section, questionIds: c.questions.map((q) => q.id) }))
}

export async function writeIndexPage(dist: string, decks: Deck[], labs: LabLink[] = discoverLabs(dist), checks: SectionQuestions[] = discoverChecks(), customer?: CustomerIndex): Promise<void> {
  const fonts = join(dist, 'assets', 'fonts')
  await mkdir(fonts, { recursive: true })
  for (const file of FONT_FILES) await copyFile(join(ROOT, 'node_modules', '@fontsource', 'inter', 'files', file), join(fonts, file))
  await copyFile(join(ROOT, 'public', 'favicon.svg'), join(dist, 'favicon.svg'))
  await writeFile(join(dist, 'index.html'), renderIndexPage(decks, labs, dist, checks, customer))
}
