// The engagement's images: one row per image, counted and judged by the same functions as
// `kit summary` and `kit gate`. Pure (no node:fs), so `kit engagement summary --json`, the build and
// the browser all turn report files into the same rows and the same `image` names.
import { evaluate } from '../policy.ts'
import { ReportError, oneLine } from '../readers/errors.ts'
import { readReport } from '../report.ts'
import { summarize } from '../summary.ts'
import type { ImageAssurancePolicy, ReportFormat, ScanResult, SeverityCounts } from '../types.ts'
import { complianceOf } from '../verdict-text.ts'

export interface EngagementImage {
  /** The image's name: the report's own, or the report file's (see engagementImageName). */
  image: string
  format: ReportFormat
  vulnerabilities: SeverityCounts
  fixable: number
  verdict: 'compliant' | 'non-compliant'
}

export interface EngagementSummary {
  customer: string
  policies: string[]
  images: EngagementImage[]
}

/** A file's name without its folders. Both separators, for browser File names. */
export function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1)
}

/** A file's base name without folders and without ".json". */
export function fileStem(fileName: string): string {
  return baseName(fileName).replace(/\.json$/i, '')
}

/** Characters kept in report file names; everything else becomes "_". */
const UNSAFE = /[^A-Za-z0-9._-]+/g

/**
 * The name an engagement shows for an image: the report's own image name, or, when the report leaves
 * it unnamed, its file's name made safe for a file name (so the copy in reports/ keeps that name).
 */
export function engagementImageName(scan: Pick<ScanResult, 'image'>, fileName: string): string {
  const own = scan.image.trim()
  if (own !== '') return own
  return fileStem(fileName).replace(UNSAFE, '_').replace(/^[.-]+/, '_') || 'unnamed'
}

/** 32-bit FNV-1a as 8 hex digits: tells apart names that map to the same safe file name. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

/**
 * The file under reports/ that holds an image's report: one file per image, so a newer scan of the
 * same image lands on the same file. A name that is already safe is kept as is (which is what makes
 * an unnamed image read back under the same name); any other gets a short hash of the full name.
 */
export function reportFileName(image: string): string {
  const safe = image.replace(UNSAFE, '_').replace(/^[.-]+/, '_')
  const stem = safe === image ? safe : `${safe.slice(0, 100)}-${fnv1a(image)}`
  return `${stem}.json`
}

/** One image's row: counts as `kit summary` makes them, the verdict as `kit gate` makes it. */
export function engagementImage(scan: ScanResult, fileName: string, policies: readonly ImageAssurancePolicy[], now?: Date): EngagementImage {
  const verdict = evaluate(scan, policies, now ? { now } : {})
  const summary = summarize(scan)
  return {
    image: engagementImageName(scan, fileName),
    format: summary.format,
    vulnerabilities: summary.vulnerabilities,
    fixable: summary.fixable,
    verdict: complianceOf(verdict),
  }
}

/** Rows sorted by image name, so every listing of an engagement has one order. */
export function sortImages(images: EngagementImage[]): EngagementImage[] {
  return images.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0))
}

/** Report files (name + parsed scan) → the engagement's images, e.g. for the build. */
export function engagementImages(files: ReadonlyArray<{ name: string; scan: ScanResult }>, policies: readonly ImageAssurancePolicy[], now?: Date): EngagementImage[] {
  return sortImages(files.map((f) => engagementImage(f.scan, f.name, policies, now)))
}

export type DroppedReport = { ok: true; image: string; scan: ScanResult } | { ok: false; line: string }

/**
 * A report file as the browser gets it (a dropped or chosen file: its name and text), read with the
 * same core as `kit engagement add`: the image under the name summary gives it, or the reader's own
 * one line naming the file, what was expected and where.
 */
export function readDroppedReport(text: string, fileName: string): DroppedReport {
  const file = baseName(fileName).trim() || 'report.json'
  try {
    const scan = readReport(text, file)
    return { ok: true, image: engagementImageName(scan, file), scan }
  } catch (error) {
    if (error instanceof ReportError) return { ok: false, line: oneLine(error) }
    return { ok: false, line: `${file}: cannot be read (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` }
  }
}
