// The knowledge checks' answer key, for the trainer only: every section's questions with the correct
// option marked and its explanation, printed to pdf/labs/knowledge-checks-trainer.pdf beside the
// labs' trainer editions (same print styles, same trainer flag). It is the only output that holds
// the explanations; the decks get the questions without them (core/checks.ts). A customer edition
// leaves this file out with the other `*-trainer.pdf` handouts.
import type { SectionChecks } from '../../core/checks.ts'
import { escapeHtml } from '../../core/html/escape.ts'
import { KIT_NAME, printFooter, printHeader, PRODUCT, TRAINER_FLAG, TRAINER_MARK } from './render.ts'
import { printCss } from './styles.ts'

/** Where the key is printed, relative to the output root. */
export const CHECKS_KEY_PDF = 'pdf/labs/knowledge-checks-trainer.pdf'

export interface KeySection {
  checks: SectionChecks
  /** The section deck's title, e.g. "Image Assurance policies". */
  title: string
}

function sectionKey({ checks, title }: KeySection): string {
  return `<section class="key-section" id="key-${checks.section}">
<h2>${escapeHtml(checks.section.slice(0, 2))} · ${escapeHtml(title)}</h2>
<ol class="key-questions">
${checks.questions
  .map(
    (q) => `<li class="keep"><p class="key-q"><strong>${escapeHtml(q.question)}</strong></p>
<ol class="key-options" type="A">
${q.options.map((option, n) => (n + 1 === q.answer ? `<li class="key-right"><strong>${escapeHtml(option)} ✓ (answer)</strong></li>` : `<li>${escapeHtml(option)}</li>`)).join('\n')}
</ol>
<p class="key-why">${escapeHtml(q.explanation)}</p></li>`,
  )
  .join('\n')}
</ol>
</section>`
}

/** The key's print page: a heading flagged for the trainer, then one block per section. */
export function renderChecksKeyPage(sections: KeySection[], fontBase: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Knowledge checks: answer key — ${TRAINER_FLAG}</title>
<style>${printCss(fontBase)}
.key-questions{padding-left:1.4rem}
.key-questions>li{margin:0 0 .8rem}
.key-q{margin:0 0 .2rem}
.key-options{margin:0 0 .2rem;padding-left:1.6rem}
.key-right{color:#0a5c2f}
.key-why{margin:.1rem 0 0;color:#333}
.key-section h2{margin-top:1.2rem}
</style>
</head>
<body>
<main>
<p class="kicker">${escapeHtml(KIT_NAME)} · ${escapeHtml(PRODUCT)}</p>
<h1 id="key">Knowledge checks: answer key</h1>
<aside class="trainer" aria-label="${TRAINER_FLAG}"><p class="trainer-flag">${TRAINER_FLAG}</p>
<p>The correct option of every question, with the explanation to give after the group has answered. The decks and the workshop site show the questions only.</p></aside>
${sections.map(sectionKey).join('\n')}
</main>
</body>
</html>
`
}

/** Anchors of the key page, for the print pass that finds their pages. */
export function checksKeyAnchors(sections: KeySection[]): string[] {
  return ['key', ...sections.map((s) => `key-${s.checks.section}`)]
}

export function checksKeyHeader(): string {
  return printHeader(`${KIT_NAME} · Knowledge checks: answer key`, TRAINER_MARK)
}

export function checksKeyFooter(): string {
  return printFooter(TRAINER_MARK)
}
