// Inline SVG charts for the printed report: no scripts, no fonts, no external files. Every bar and
// slice also carries its number as text, so the chart reads in black and white and to screen readers.
import { SEVERITIES, type Severity, type SeverityCounts } from '../types.ts'
import { html, type Raw } from './escape.ts'

/** Dark, saturated fills that keep ≥ 4.5:1 contrast against white text. */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#8b0000',
  high: '#b34700',
  medium: '#7a5c00',
  low: '#1f4e99',
  negligible: '#4a4a4a',
  unknown: '#5b2a86',
}

export function severityBar(counts: SeverityCounts, width = 560, height = 28): Raw {
  const label = SEVERITIES.map((s) => `${s} ${counts[s]}`).join(', ')
  if (counts.total === 0) {
    return html`<svg class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="No vulnerabilities"><title>No vulnerabilities</title><rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff" stroke="#000000"/><text x="${width / 2}" y="${height / 2 + 5}" text-anchor="middle" font-size="13" fill="#000000">No vulnerabilities</text></svg>`
  }
  let x = 0
  const parts: Raw[] = []
  for (const s of SEVERITIES) {
    const n = counts[s]
    if (n === 0) continue
    const w = (n / counts.total) * width
    parts.push(html`<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="${height}" fill="${SEVERITY_COLOURS[s]}"><title>${s}: ${n}</title></rect>`)
    if (w >= 28) {
      parts.push(html`<text x="${(x + w / 2).toFixed(2)}" y="${height / 2 + 5}" text-anchor="middle" font-size="13" font-weight="700" fill="#ffffff">${n}</text>`)
    }
    x += w
  }
  return html`<svg class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-label="Findings by severity: ${label}"><title>Findings by severity: ${label}</title>${parts}<rect x="0" y="0" width="${width}" height="${height}" fill="none" stroke="#000000"/></svg>`
}

export function severityDonut(counts: SeverityCounts, size = 150): Raw {
  const r = size / 2 - 12
  const c = size / 2
  const circumference = 2 * Math.PI * r
  const label = SEVERITIES.map((s) => `${s} ${counts[s]}`).join(', ')
  let offset = 0
  const arcs: Raw[] = []
  for (const s of SEVERITIES) {
    const n = counts[s]
    if (n === 0 || counts.total === 0) continue
    const length = (n / counts.total) * circumference
    arcs.push(
      html`<circle cx="${c}" cy="${c}" r="${r.toFixed(2)}" fill="none" stroke="${SEVERITY_COLOURS[s]}" stroke-width="22" stroke-dasharray="${length.toFixed(3)} ${(circumference - length).toFixed(3)}" stroke-dashoffset="${(-offset).toFixed(3)}" transform="rotate(-90 ${c} ${c})"><title>${s}: ${n}</title></circle>`,
    )
    offset += length
  }
  return html`<svg class="chart donut" role="img" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-label="Share by severity: ${label}"><title>Share by severity: ${label}</title><circle cx="${c}" cy="${c}" r="${r.toFixed(2)}" fill="none" stroke="#d9d9d9" stroke-width="22"/>${arcs}<text x="${c}" y="${c + 2}" text-anchor="middle" font-size="24" font-weight="700" fill="#000000">${counts.total}</text><text x="${c}" y="${c + 20}" text-anchor="middle" font-size="11" fill="#000000">findings</text></svg>`
}
