// Inline SVG charts for the printed report: no scripts, no fonts, no external files. Every bar and
// slice also carries its number as text, so the chart reads in black and white and to screen readers.
import { SEVERITIES, type Severity, type SeverityCounts } from '../types.ts'
import { html, type Raw } from './escape.ts'

/**
 * The severity palette, the console's colours: each fill with the text colour that keeps WCAG AA on
 * it. One palette for the slides (styles/index.ts sets the --sev-* CSS variables from it) and the
 * HTML report.
 */
export const SEVERITY_PALETTE: Readonly<Record<Severity, { fill: string; ink: string }>> = {
  critical: { fill: '#8b0d15', ink: '#ffffff' },
  high: { fill: '#c2410c', ink: '#ffffff' },
  medium: { fill: '#f59e0b', ink: '#1c1917' },
  low: { fill: '#fde047', ink: '#1c1917' },
  negligible: { fill: '#d4d4d8', ink: '#18181b' },
  unknown: { fill: '#64748b', ink: '#ffffff' },
}

/** The palette as CSS custom properties: `--sev-critical`, `--sev-critical-ink`, … */
export function severityCssVariables(): string {
  return SEVERITIES.map((s) => `--sev-${s}: ${SEVERITY_PALETTE[s].fill}; --sev-${s}-ink: ${SEVERITY_PALETTE[s].ink};`).join(' ')
}

export interface DonutSegment {
  severity: Severity
  count: number
  /** Length of the arc along the circle, in the same unit as the circumference. */
  length: number
  /** Where the arc starts along the circle (0 = twelve o'clock when the circle is rotated -90°). */
  offset: number
}

/**
 * Arcs of a donut chart drawn as stroked circles (stroke-dasharray = `length rest`,
 * stroke-dashoffset = `-offset`), for the slides' SeveritySummary and the report's donut. Empty
 * buckets get no arc; the arcs add up to the circumference.
 */
export function donutSegments(counts: SeverityCounts, circumference: number): DonutSegment[] {
  const sum = SEVERITIES.reduce((acc, s) => acc + Math.max(0, counts[s]), 0)
  if (sum <= 0) return []
  const segments: DonutSegment[] = []
  let offset = 0
  for (const severity of SEVERITIES) {
    const count = Math.max(0, counts[severity])
    if (count === 0) continue
    const length = (count / sum) * circumference
    segments.push({ severity, count, length, offset })
    offset += length
  }
  return segments
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
    parts.push(html`<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="${height}" fill="${SEVERITY_PALETTE[s].fill}"><title>${s}: ${n}</title></rect>`)
    if (w >= 28) {
      parts.push(html`<text x="${(x + w / 2).toFixed(2)}" y="${height / 2 + 5}" text-anchor="middle" font-size="13" font-weight="700" fill="${SEVERITY_PALETTE[s].ink}">${n}</text>`)
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
  const arcs = donutSegments(counts, circumference).map(
    ({ severity: s, count: n, length, offset }) =>
      html`<circle cx="${c}" cy="${c}" r="${r.toFixed(2)}" fill="none" stroke="${SEVERITY_PALETTE[s].fill}" stroke-width="22" stroke-dasharray="${length.toFixed(3)} ${(circumference - length).toFixed(3)}" stroke-dashoffset="${(-offset).toFixed(3)}" transform="rotate(-90 ${c} ${c})"><title>${s}: ${n}</title></circle>`,
  )
  return html`<svg class="chart donut" role="img" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-label="Share by severity: ${label}"><title>Share by severity: ${label}</title><circle cx="${c}" cy="${c}" r="${r.toFixed(2)}" fill="none" stroke="#d9d9d9" stroke-width="22"/>${arcs}<text x="${c}" y="${c + 2}" text-anchor="middle" font-size="24" font-weight="700" fill="#000000">${counts.total}</text><text x="${c}" y="${c + 20}" text-anchor="middle" font-size="11" fill="#000000">findings</text></svg>`
}
