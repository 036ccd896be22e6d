// The handouts' CSS: one light, high-contrast theme for the site and for print. No framework, no
// remote fonts: Inter and JetBrains Mono come from files copied next to the pages.
import { CODE_BG } from './markdown.ts'

/** The woff2 files copied from @fontsource into `labs/assets/`. */
export const FONT_FILES = [
  { pkg: '@fontsource/inter', file: 'inter-latin-400-normal.woff2', family: 'Inter', weight: 400, style: 'normal', range: 'latin' },
  { pkg: '@fontsource/inter', file: 'inter-latin-400-italic.woff2', family: 'Inter', weight: 400, style: 'italic', range: 'latin' },
  { pkg: '@fontsource/inter', file: 'inter-latin-600-normal.woff2', family: 'Inter', weight: 600, style: 'normal', range: 'latin' },
  { pkg: '@fontsource/inter', file: 'inter-latin-700-normal.woff2', family: 'Inter', weight: 700, style: 'normal', range: 'latin' },
  { pkg: '@fontsource/inter', file: 'inter-latin-ext-400-normal.woff2', family: 'Inter', weight: 400, style: 'normal', range: 'latin-ext' },
  { pkg: '@fontsource/inter', file: 'inter-latin-ext-700-normal.woff2', family: 'Inter', weight: 700, style: 'normal', range: 'latin-ext' },
  { pkg: '@fontsource/jetbrains-mono', file: 'jetbrains-mono-latin-400-normal.woff2', family: 'JetBrains Mono', weight: 400, style: 'normal', range: 'latin' },
  { pkg: '@fontsource/jetbrains-mono', file: 'jetbrains-mono-latin-700-normal.woff2', family: 'JetBrains Mono', weight: 700, style: 'normal', range: 'latin' },
] as const

const RANGES = {
  latin: 'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD',
  'latin-ext': 'U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF',
}

export const COLORS = {
  text: '#1b1f24',
  muted: '#4a5361',
  border: '#c3cad3',
  accent: '#0b4fd6', // the decks' accent (styles/kit.css --kit-accent): one look across the kit
  band: '#0b1f4d', // the decks' cover and divider band (--kit-band)
  bandInk: '#ffffff',
  bandMuted: '#c7d4f5',
  link: '#0645ad',
  pageBg: '#ffffff',
  panel: '#f3f5f7',
  expectedBg: '#edf7ef',
  expectedBorder: '#1a7f37',
  hintBg: '#fff8e5',
  hintBorder: '#9a6700',
  solutionBg: '#eef4ff',
  solutionBorder: '#0550ae',
  trainerBg: '#fdf0f2',
  trainerBorder: '#a0111f',
  codeBg: CODE_BG,
} as const

function fontFaces(base: string): string {
  return FONT_FILES.map(
    (f) =>
      `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};font-display:swap;src:url('${base}${f.file}') format('woff2');unicode-range:${RANGES[f.range]}}`,
  ).join('\n')
}

const c = COLORS

/** Rules shared by screen and print. */
function base(): string {
  return `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:${c.pageBg};color:${c.text};font-family:Inter,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;line-height:1.6;font-feature-settings:'cv11','ss01'}
h1,h2,h3,h4{line-height:1.25;color:${c.text};font-weight:700}
h1{font-size:2rem;margin:0 0 .5rem}
h2{font-size:1.45rem;margin:2.2rem 0 .7rem}
h3{font-size:1.15rem;margin:1.6rem 0 .5rem}
h4{font-size:1rem;margin:1.2rem 0 .4rem}
p,ul,ol{margin:0 0 .9rem}
li{margin:.2rem 0}
li>p{margin:0 0 .4rem}
a{color:${c.link};text-underline-offset:2px}
a:focus-visible,button:focus-visible,summary:focus-visible,pre:focus-visible{outline:3px solid ${c.link};outline-offset:2px;border-radius:2px}
code,kbd,pre{font-family:'JetBrains Mono',ui-monospace,Menlo,Consolas,monospace;font-variant-ligatures:none;font-feature-settings:'liga' 0,'calt' 0}
:not(pre)>code{font-size:.88em;background:${c.panel};border:1px solid #dde2e7;border-radius:4px;padding:.05em .3em;overflow-wrap:anywhere}
kbd{font-size:.85em;border:1px solid ${c.border};border-bottom-width:2px;border-radius:4px;padding:0 .3em;background:#fff}
strong{font-weight:700}
.kicker{text-transform:uppercase;letter-spacing:.06em;font-size:.8rem;font-weight:700;color:${c.accent};margin:0 0 .4rem}
.meta{color:${c.muted};margin:0 0 1.2rem}
.meta span+span::before{content:'·';margin:0 .5em;color:${c.muted}}
.lede{font-size:1.05em}
.step-head h2{margin-bottom:.25rem}
.step-meta{margin:0 0 .8rem;color:${c.muted};font-size:.9rem}
.duration{display:inline-block;border:1px solid ${c.accent};color:${c.accent};border-radius:999px;padding:0 .6em;font-weight:600}
section.step{border-top:2px solid ${c.accent};margin-top:2.2rem}
section.step>.step-head>h2{margin-top:1rem}
.expected-result{background:${c.expectedBg};border-left:4px solid ${c.expectedBorder};padding:.6rem .9rem;border-radius:0 6px 6px 0}
.note{background:${c.panel};border-left:4px solid ${c.muted};padding:.6rem .9rem;border-radius:0 6px 6px 0}
details{border:1px solid;border-left-width:4px;border-radius:0 6px 6px 0;padding:.5rem .9rem;margin:0 0 1rem}
details.hint,details:not(.solution){background:${c.hintBg};border-color:${c.hintBorder}}
details.solution{background:${c.solutionBg};border-color:${c.solutionBorder}}
details>summary{cursor:pointer;font-weight:700}
details[open]>summary{margin-bottom:.5rem}
details>*:last-child{margin-bottom:0}
figure.code-block{margin:0 0 1rem;border:1px solid ${c.border};border-radius:6px;background:${c.codeBg};overflow:hidden}
figure.code-block>figcaption{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .6rem;padding:.3rem .6rem;border-bottom:1px solid ${c.border};background:#e9edf1;font-size:.8rem;color:${c.text}}
figure.code-block .code-label{font-weight:700}
figure.code-block .code-caption code{background:none;border:0;padding:0}
figure.code-block .region,figure.code-block .lines,figure.code-block .exit{color:${c.muted}}
figure.code-expected{background:#fff;border-style:dashed}
figure.code-expected>figcaption{background:#f7f7f7}
figure.code-command>figcaption{background:#e2eef0}
pre.code{margin:0;padding:.6rem .8rem;font-size:.85rem;line-height:1.5;background:${c.codeBg};color:#0e1116}
figure.code-expected pre.code{background:#fff}
pre.code code{font-size:inherit;background:none;border:0;padding:0}
pre.code .line{display:block;min-height:1.5em}
.table-wrap{margin:0 0 1rem;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid ${c.border};padding:.35rem .55rem;text-align:left;vertical-align:top}
thead th{background:${c.panel};font-weight:700}
table.timing td.min,table.timing th.min{text-align:right;white-space:nowrap;width:6rem}
table.timing tfoot td{font-weight:700}
table.changes .step-ref{white-space:nowrap}
table.ruled{table-layout:fixed}
table.ruled th{overflow-wrap:anywhere;hyphens:auto}
table.ruled th:first-child{width:22%}
table.ruled td{height:2.6rem;border-color:#8c959f}
table.ruled td:first-child:not(:empty):not(:has(input)):not(:has(.ws-answer)){font-weight:600;background:#fafbfc}
table.ruled td:has(.ws-input){padding:.2rem .3rem;vertical-align:middle}
/* An answer printed in its cell: kept as typed (line breaks too) and wrapped inside the cell. */
.ws-answer{white-space:pre-wrap;overflow-wrap:anywhere}
.ws-input{width:100%;box-sizing:border-box;font:inherit;font-size:.92rem;padding:.3rem .4rem;border:1px solid #6e7781;border-radius:4px;background:#fff;color:${c.text}}
.ws-input:focus-visible{outline:3px solid ${c.accent};outline-offset:1px}
.ws-input[aria-invalid='true']{border:2px solid ${c.trainerBorder}}
.ws-msg{display:block;margin-top:.15rem;font-size:.82rem;line-height:1.25;color:${c.trainerBorder}}
.ws-status{color:${c.muted};font-size:.9rem}
.ws-status[data-save-state='failed']{color:${c.trainerBorder};font-weight:700}
aside.trainer{background:${c.trainerBg};border:2px solid ${c.trainerBorder};border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
aside.trainer .trainer-flag{color:${c.trainerBorder};font-weight:700;text-transform:uppercase;letter-spacing:.04em;font-size:.8rem;margin:0 0 .3rem}
aside.trainer h2,aside.trainer h3{margin-top:.4rem}
.worksheet-intro{color:${c.muted}}
`
}

/** Site pages (dist/labs/…): base + layout, sticky step navigation, copy buttons. */
export function siteCss(fontBase: string): string {
  return `${fontFaces(fontBase)}
${base()}
body{font-size:17px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
.topbar{border-bottom:4px solid ${c.accent};background:${c.band};color:${c.bandInk}}
.topbar a{color:${c.bandInk}}
.topbar .crumbs span{color:${c.bandMuted}}
.topbar-inner{max-width:76rem;margin:0 auto;padding:.7rem 1.5rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between}
.crumbs{margin:0;font-size:.95rem}
.crumbs a{font-weight:600}
.crumbs span[aria-hidden]{margin:0 .4rem;color:${c.bandMuted}}
.downloads a{font-weight:600}
.lab-done{border-top:2px solid ${c.border};margin-top:2.5rem;padding-top:1rem}
.lab-done label{font-weight:600;display:inline-flex;gap:.6rem;align-items:center}
.lab-done input{width:1.2rem;height:1.2rem}
.layout{max-width:76rem;margin:0 auto;padding:1.5rem;display:grid;grid-template-columns:15rem minmax(0,50rem);gap:3rem;align-items:start}
nav.toc{position:sticky;top:1rem;max-height:calc(100vh - 2rem);overflow:auto;font-size:.92rem;border-right:1px solid ${c.border};padding-right:1rem}
nav.toc h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;margin:0 0 .5rem;color:${c.muted}}
nav.toc ol{list-style:none;padding:0;margin:0}
nav.toc li{margin:0}
nav.toc a{display:block;padding:.25rem .4rem;border-radius:4px;text-decoration:none;color:${c.text}}
nav.toc a:hover{background:${c.panel};text-decoration:underline}
nav.toc .toc-min{color:${c.muted};font-size:.85em;white-space:nowrap}
nav.toc li.toc-step a{display:flex;justify-content:space-between;gap:.5rem}
main{min-width:0}
pre.code{overflow-x:auto;white-space:pre}
figure.code-block>figcaption .copy{margin-left:auto}
button.copy{font:inherit;font-size:.8rem;font-weight:600;color:${c.text};background:#fff;border:1px solid #6e7781;border-radius:4px;padding:.15rem .6rem;cursor:pointer}
button.copy:hover{background:${c.panel}}
button.copy[data-state=done]{border-color:${c.expectedBorder};color:${c.expectedBorder}}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.lab-list{list-style:none;padding:0;margin:1.5rem 0;display:grid;gap:1rem}
.lab-list li{border:1px solid ${c.border};border-left:4px solid ${c.accent};border-radius:0 8px 8px 0;padding:1rem 1.2rem;margin:0}
.lab-list h2{margin:0 0 .3rem;font-size:1.2rem}
.lab-list p{margin:.2rem 0}
.index-main{max-width:60rem;margin:0 auto;padding:1.5rem}
.total{font-weight:600}
@media (max-width:60rem){.layout{grid-template-columns:minmax(0,1fr);gap:1rem}nav.toc{position:static;max-height:none;border-right:0;border:1px solid ${c.border};border-radius:6px;padding:.8rem}}
@media print{.topbar,nav.toc,button.copy,.skip{display:none}.layout{display:block;padding:0}body{font-size:11pt}pre.code{white-space:pre-wrap;overflow-wrap:anywhere}details::details-content{content-visibility:visible;display:block}}
`
}

/** Print pages rendered to A4 PDF by Chromium. */
export function printCss(fontBase: string): string {
  return `${fontFaces(fontBase)}
${base()}
@page{size:A4}
html,body{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:10.5pt;line-height:1.5}
h1{font-size:21pt}
h2{font-size:15pt;margin:1.2rem 0 .45rem}
h3{font-size:12pt;margin:1rem 0 .35rem}
h4{font-size:11pt}
h1,h2,h3,h4,figcaption,summary,.step-head,.kicker{break-after:avoid;page-break-after:avoid}
p,li{orphans:3;widows:3}
figure.code-block,.check-pair,details,.expected-result,.note,.table-wrap:not(.breakable),aside.trainer .trainer-flag,tr,.step-head,.keep{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
pre.code{white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal;font-size:8.2pt;line-height:1.45}
pre.code .line{--i:0;padding-left:calc((var(--i) + 3) * 1ch);text-indent:calc((var(--i) + 3) * -1ch);min-height:1.45em}
details>summary{list-style:none}
details>summary::-webkit-details-marker{display:none}
section.step{margin-top:1.3rem}
a{color:${c.text};text-decoration:none}
.table-wrap{overflow:visible;padding:0 1px}
.cover{height:252mm;display:flex;flex-direction:column;break-after:page;page-break-after:always}
.cover .brand{border-bottom:3px solid ${c.accent};padding-bottom:.6rem}
.cover .brand p{margin:0}
.cover .brand .kit{font-size:13pt;font-weight:700;color:${c.accent}}
.cover .brand .sub{color:${c.muted}}
.cover .title-block{margin-top:38mm}
.cover .lab-no{font-size:14pt;font-weight:700;color:${c.accent};margin:0 0 .3rem}
.cover h1{font-size:28pt;margin:0 0 1rem}
.cover dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.5rem;font-size:11.5pt;margin:1.2rem 0 0}
.cover dt{font-weight:700}
.cover dd{margin:0}
.cover .edition{margin-top:1.5rem;border:3px solid ${c.trainerBorder};color:${c.trainerBorder};background:${c.trainerBg};font-weight:700;font-size:14pt;padding:.6rem 1rem;border-radius:6px}
.cover .fill{margin-top:auto;border:1px solid ${c.border};border-radius:6px;padding:1rem 1.2rem}
.cover .fill p{margin:0 0 .3rem;font-weight:700}
.cover .fill table{font-size:10.5pt}
.cover .fill td{height:12mm;border:0;border-bottom:1px solid #8c959f;padding:0 .4rem;vertical-align:bottom}
.cover .fill td.label{width:30%;font-weight:600;color:${c.muted};border-bottom:0}
nav.toc-print{break-inside:avoid}
nav.toc-print h2{margin-top:0}
nav.toc-print ol{list-style:none;padding:0;margin:0 0 1rem}
nav.toc-print li{display:flex;align-items:baseline;gap:.4rem;margin:0;padding:.12rem 0}
nav.toc-print li.toc-step{padding-left:1.2rem}
nav.toc-print .toc-title{flex:0 1 auto}
nav.toc-print .toc-dots{flex:1 1 auto;border-bottom:1px dotted #8c959f;min-width:1rem;transform:translateY(-.25em)}
nav.toc-print .toc-min{color:${c.muted};font-size:.9em;white-space:nowrap}
nav.toc-print .toc-page{min-width:1.6rem;text-align:right;font-weight:600}
nav.toc-print li.toc-trainer .toc-title{color:${c.trainerBorder}}
.lab-head{display:none}
.section-worksheet{break-before:page;page-break-before:always}
.section-changes{break-inside:avoid;page-break-inside:avoid}
.section-worksheet>h2{margin-top:0}
table.ruled td{height:10mm}
table.ruled th{font-size:9pt}
table.ruled th:first-child:nth-last-child(2){width:38%}
table.ruled th:first-child:nth-last-child(3){width:30%}
aside.trainer{padding:.5rem .8rem}
.section-troubleshooting table{font-size:9pt}
.breakable tbody tr:last-child,.breakable tbody tr:nth-last-child(2),.breakable tbody tr:nth-child(2){break-before:avoid;page-break-before:avoid}
.section-troubleshooting th,.section-troubleshooting td{padding:.25rem .45rem}
.section-troubleshooting>h2{margin-top:1rem}
`
}
