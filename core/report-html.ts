// The compliance report as one self-contained HTML file: inline CSS and SVG only, no scripts, no
// external URLs (a Content-Security-Policy forbids both), A4 print layout, high contrast. Every value
// taken from a report or policy is escaped by the html`` template.
import { SEVERITY_PALETTE, severityBar, severityDonut } from './html/charts.ts'
import { html, raw, type Raw } from './html/escape.ts'
import { CONTROLS, CONTROL_STATUS_TEXT } from './policy/catalogue.ts'
import { topFindings } from './policy/scan-index.ts'
import { summarize } from './summary.ts'
import { SEVERITIES, type ControlResult, type ImageAssurancePolicy, type PolicyVerdict, type ScanResult, type Verdict } from './types.ts'

const TOP = 20

const ENFORCEMENT_TEXT: Record<PolicyVerdict['enforcement'], string> = {
  block: 'Block: failing images are marked non-compliant (enforcers can block them)',
  'fail-cicd': 'Fail CI/CD: the scanner step fails the pipeline',
  'audit-only': 'Audit only: failures are logged, nothing is stopped',
  none: 'No action: failures are only shown',
}

export function renderComplianceReport(scan: ScanResult, verdict: Verdict, policies: readonly ImageAssurancePolicy[]): string {
  const summary = summarize(scan)
  const counts = summary.vulnerabilities
  const title = `Compliance report: ${scan.image || 'image name not in report'}`
  const failedGating = verdict.policies.filter((p) => p.gating && !p.passed)
  const failedAudit = verdict.policies.filter((p) => !p.gating && !p.passed)
  const skipped = policies.filter((p) => p.enabled === false)
  const descriptions = new Map(policies.map((p) => [p.name, p.description ?? '']))

  const banner = verdict.compliant
    ? html`<section class="banner ok" role="status"><strong>Compliant</strong><span>${
        verdict.policies.length === 0
          ? 'No enabled policy applied.'
          : failedAudit.length > 0
            ? `No gating policy failed. ${failedAudit.length} audit-only ${failedAudit.length === 1 ? 'policy' : 'policies'} reported failures.`
            : `All ${verdict.policies.length} enabled ${verdict.policies.length === 1 ? 'policy' : 'policies'} passed.`
      }</span></section>`
    : html`<section class="banner bad" role="status"><strong>Non-compliant</strong><span>Failed gating ${failedGating.length === 1 ? 'policy' : 'policies'}: ${failedGating.map((p) => p.policy).join(', ')}.</span></section>`

  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>${raw(CSS)}</style>
</head>
<body>
<header>
<p class="kicker">Image Assurance compliance report</p>
<h1>${scan.image || 'Image name not in report'}</h1>
<dl class="facts">
<dt>Operating system</dt><dd>${summary.os ?? 'not in report'}</dd>
<dt>Scanned</dt><dd>${scan.scannedAt ?? 'date not in report'}</dd>
<dt>Report</dt><dd>${scan.source} (${scan.flavour})</dd>
${scan.digest ? html`<dt>Digest</dt><dd class="mono">${scan.digest}</dd>` : ''}
<dt>Evaluated</dt><dd>${verdict.evaluatedAt ?? ''} against ${verdict.policies.length} ${verdict.policies.length === 1 ? 'policy' : 'policies'}</dd>
</dl>
</header>
<main>
${banner}
<section class="counts">
<h2>Vulnerabilities</h2>
<div class="charts">${severityDonut(counts)}<div class="bars">${severityBar(counts)}
<table class="count-table">
<thead><tr>${SEVERITIES.map((s) => html`<th scope="col"><span class="swatch" style="background:${SEVERITY_PALETTE[s].fill}"></span>${capitalise(s)}</th>`)}<th scope="col">Total</th></tr></thead>
<tbody><tr>${SEVERITIES.map((s) => html`<td>${counts[s]}</td>`)}<td><strong>${counts.total}</strong></td></tr></tbody>
</table>
<p class="note">${summary.fixable} of ${counts.total} findings have a fixed version. Secrets and sensitive data: ${summary.secrets}. Malware: ${summary.malware}. A finding is one vulnerability in one package as the report lists it.</p>
</div></div>
${scan.warnings.length > 0 ? html`<ul class="warnings">${scan.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
</section>
${verdict.actionsNeeded.length > 0 ? html`<section class="actions"><h2>Actions needed</h2><ol>${verdict.actionsNeeded.map((a) => html`<li>${a}</li>`)}</ol></section>` : ''}
<section class="policies">
<h2>Policies</h2>
${verdict.policies.length === 0 ? html`<p>No enabled policy was given.</p>` : ''}
${verdict.policies.map((p) => renderPolicy(p, descriptions.get(p.policy) ?? ''))}
${skipped.length > 0 ? html`<p class="note">Skipped (enabled: false): ${skipped.map((p) => p.name).join(', ')}.</p>` : ''}
${verdict.notEvaluated.length > 0 ? html`<p class="note">Not evaluated from this report: ${verdict.notEvaluated.map((id) => CONTROLS[id].name).join(', ')}. These never count as passed; check them on the Aqua platform.</p>` : ''}
</section>
<section class="findings">
<h2>Top ${Math.min(TOP, counts.total)} findings</h2>
${counts.total === 0 ? html`<p>No vulnerabilities in this report.</p>` : renderTopFindings(scan)}
</section>
</main>
<footer><p>Generated by the workshop kit from the scan report above. The kit applies the policies to the report the way the Aqua console does; controls that need the live platform are marked not evaluated.</p></footer>
</body>
</html>
`
  return doc.value
}

function renderPolicy(p: PolicyVerdict, description: string): Raw {
  const outcome = p.passed ? 'Passed' : p.gating ? 'Failed (gating)' : 'Failed (audit only, does not gate)'
  return html`<article class="policy ${p.passed ? 'passed' : 'failed'}">
<h3>${p.policy} <span class="badge ${p.passed ? 'passed' : 'failed'}">${outcome}</span></h3>
<p class="meta">${ENFORCEMENT_TEXT[p.enforcement]}.${description ? html` ${description}` : ''}</p>
<table class="controls">
<thead><tr><th scope="col">Control</th><th scope="col">Status</th><th scope="col">Result</th></tr></thead>
<tbody>${p.controls.length === 0 ? html`<tr><td colspan="3">No controls enabled.</td></tr>` : p.controls.map(renderControl)}</tbody>
</table>
</article>`
}

function renderControl(c: ControlResult): Raw {
  const shown = c.evidence.length
  const total = c.evidenceCount ?? shown
  const evidence =
    c.status === 'failed' && shown > 0
      ? html`<ul class="evidence">${c.evidence.map((e) => html`<li>${e.text}</li>`)}</ul>${total > shown ? html`<p class="more">Showing ${shown} of ${total}.</p>` : ''}`
      : ''
  return html`<tr class="${c.status}"><th scope="row">${c.name}</th><td><span class="badge ${c.status}">${CONTROL_STATUS_TEXT[c.status]}</span></td><td>${c.summary}${evidence}</td></tr>`
}

function renderTopFindings(scan: ScanResult): Raw {
  return html`<table class="top">
<colgroup><col style="width:18%"><col style="width:20%"><col style="width:10%"><col style="width:7%"><col style="width:12%"><col style="width:33%"></colgroup>
<thead><tr><th scope="col">Vulnerability</th><th scope="col">Package</th><th scope="col">Severity</th><th scope="col">Score</th><th scope="col">Fixed in</th><th scope="col">Title</th></tr></thead>
<tbody>${topFindings(scan, TOP).map(
    (f) =>
      html`<tr><td class="mono">${f.id}</td><td>${f.pkg.name}${f.pkg.version ? html` <span class="mono">${f.pkg.version}</span>` : ''}</td><td><span class="sev" style="background:${SEVERITY_PALETTE[f.severity].fill};color:${SEVERITY_PALETTE[f.severity].ink}">${f.severity}</span></td><td>${f.score ? `${f.score.value}` : '–'}</td><td class="mono">${f.fixedVersion || 'no fix'}</td><td>${clip(f.title || f.description, 160)}</td></tr>`,
  )}</tbody>
</table>`
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

const CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 0; font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #000; background: #fff; }
h1 { font-size: 18pt; margin: 0 0 4mm; word-break: break-all; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 2px solid #000; padding-bottom: 1mm; }
h3 { font-size: 11.5pt; margin: 4mm 0 1mm; }
.kicker { margin: 0; font-weight: 700; text-transform: uppercase; letter-spacing: .06em; font-size: 9pt; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 5mm; margin: 0; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; word-break: break-all; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 9pt; }
.banner { display: flex; gap: 4mm; align-items: baseline; padding: 3mm 4mm; margin: 5mm 0; border: 3px solid #000; }
.banner strong { font-size: 15pt; }
.banner.ok { background: #0b5d1e; color: #fff; }
.banner.bad { background: #8b0000; color: #fff; }
.charts { display: flex; gap: 6mm; align-items: center; }
.bars { flex: 1; }
.chart { display: block; max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border: 1px solid #000; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
thead th { background: #e6e6e6; }
tr { break-inside: avoid; page-break-inside: avoid; }
.count-table td, .count-table th { text-align: center; }
.swatch { display: inline-block; width: 3mm; height: 3mm; margin-right: 1.5mm; border: 1px solid #000; }
.note { font-size: 9.5pt; }
.warnings { border-left: 4px solid #000; padding: 1mm 0 1mm 6mm; font-size: 9.5pt; }
.badge { display: inline-block; padding: 0 2mm; border: 1px solid #000; font-size: 9pt; font-weight: 700; white-space: nowrap; }
.badge.passed { background: #0b5d1e; color: #fff; }
.badge.failed { background: #8b0000; color: #fff; }
.badge.not-evaluated { background: #fff; color: #000; border-style: dashed; }
.sev { display: inline-block; padding: 0 1.5mm; font-weight: 700; font-size: 9pt; }
.policy { break-inside: avoid-page; margin-bottom: 4mm; }
.meta { margin: 0 0 1mm; font-size: 9.5pt; }
.controls th[scope=row] { width: 30%; }
.evidence { margin: 1mm 0 0; padding-left: 5mm; font-size: 9pt; }
.more { margin: 0; font-size: 9pt; font-style: italic; }
.actions ol { padding-left: 6mm; }
.top { table-layout: fixed; }
.top td { font-size: 9pt; overflow-wrap: anywhere; }
footer { margin-top: 8mm; border-top: 1px solid #000; font-size: 9pt; }
@media print { body { padding: 0; } h2 { break-after: avoid; } }
`
