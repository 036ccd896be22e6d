// What the decks get of an engagement (issue 12 point 3). Pure (no node:fs): the build turns the
// folder's parsed reports into three kinds of payload, which `virtual:kit-engagement` serves:
//
// - the index: customer, policies in play, and per image the row of `kit engagement summary --json`
//   (same function, engagementImage) — small, it is what the first "your images" slide loads;
// - the facts: one compact ScanResult per image, the findings without their prose (title,
//   description, links, layer), which is all the policy engine reads, so PolicyImpact judges all
//   images with the engine of `kit gate` without downloading every report;
// - one image's details: its report file itself, read in the page by the same core readers when
//   that image is picked (so a build copies no parsed report and writes nothing per image).
import { SEVERITIES, type Finding, type ImageAssurancePolicy, type PackageRef, type ScanResult } from '../types.ts'
import { type EngagementImage, sortImages } from './images.ts'

export const ENGAGEMENT_DATA_VERSION = 2

export interface EngagementIndexImage extends EngagementImage {
  /** Which details file holds this image's ScanResult (images/<detail>.json), and its place in facts. */
  detail: number
}

export interface EngagementIndex {
  version: number
  customer: string
  /** The policies in play, in engagement.yaml's order (Aqua JSON). */
  policies: ImageAssurancePolicy[]
  /** Sorted by image name, as `kit engagement summary` lists them. */
  images: EngagementIndexImage[]
}

/**
 * The compact scans of all images, packed: every distinct finding and package once, each image a list
 * of indices into them. Real engagements repeat findings across images (same base images), so this
 * is what keeps the impact slide's download small; unpackFacts turns it back into ScanResults.
 */
export interface PackedFacts {
  findings: Finding[]
  packages: PackageRef[]
  /** Each image's scan without findings and packages, plus the indices of its own. */
  scans: Array<Omit<ScanResult, 'findings' | 'packages'> & { f: number[]; p: number[] }>
}

/** A scan's compact facts with every finding and package already as its JSON text (the packing key). */
export interface KeyedFacts {
  scan: Omit<ScanResult, 'findings' | 'packages'>
  findings: string[]
  packages: string[]
}

export interface EngagementDeckData {
  index: EngagementIndex
  /** The compact scan of the image whose `detail` is i is the i-th of the packed scans. */
  facts: PackedFacts
}

/** A finding without the text the policy engine never reads. */
function compactFinding(f: Finding): Finding {
  return { ...f, title: '', description: '', links: [], layer: null }
}

/** The scan the policy engine needs: same verdict as the whole scan, a fraction of its size. */
export function compactScan(scan: ScanResult): ScanResult {
  return { ...scan, findings: scan.findings.map(compactFinding), warnings: [], misconfigurations: [] }
}

/**
 * The compact scan keyed for packing: what `kit engagement add` keeps per report (.cache/facts/), so
 * a build packs thousands of images without reading their reports or re-serialising their findings.
 */
export function keyFacts(scan: ScanResult): KeyedFacts {
  const { findings, packages, ...rest } = compactScan(scan)
  return { scan: rest, findings: findings.map((f) => JSON.stringify(f)), packages: packages.map((p) => JSON.stringify(p)) }
}

/** Packs keyed compact scans (see PackedFacts): each distinct finding and package is parsed once. */
export function packKeyedFacts(list: readonly KeyedFacts[]): PackedFacts {
  const findings: Finding[] = []
  const packages: PackageRef[] = []
  const findingAt = new Map<string, number>()
  const packageAt = new Map<string, number>()
  const place = <T>(key: string, table: T[], at: Map<string, number>): number => {
    let i = at.get(key)
    if (i === undefined) {
      i = table.push(JSON.parse(key) as T) - 1
      at.set(key, i)
    }
    return i
  }
  return {
    findings,
    packages,
    scans: list.map((k) => ({ ...k.scan, f: k.findings.map((f) => place(f, findings, findingAt)), p: k.packages.map((p) => place(p, packages, packageAt)) })),
  }
}

/** Packs compact scans (see PackedFacts). */
export function packFacts(scans: readonly ScanResult[]): PackedFacts {
  return packKeyedFacts(scans.map(keyFacts))
}

/** The compact scans back from packFacts; equal findings are one shared (read-only) object. */
export function unpackFacts(packed: PackedFacts): ScanResult[] {
  return packed.scans.map(({ f, p, ...rest }) => ({ ...rest, findings: f.map((i) => packed.findings[i]!), packages: p.map((i) => packed.packages[i]!) }))
}

/**
 * Index and facts from the folder's reports (name = file name under reports/), judged under
 * `policies`: each file's summary row (kept by `kit engagement summary`'s cache, or computed) and
 * its keyed facts. The i-th file is the image whose `detail` is i; its details are the report itself.
 */
export function engagementDeckData(
  customer: string,
  policies: ImageAssurancePolicy[],
  files: ReadonlyArray<{ row: EngagementImage; facts: KeyedFacts }>,
): EngagementDeckData {
  const images = sortImages(files.map((f, detail) => ({ ...f.row, detail }))) as EngagementIndexImage[]
  return { index: { version: ENGAGEMENT_DATA_VERSION, customer, policies, images }, facts: packKeyedFacts(files.map((f) => f.facts)) }
}

/**
 * The image a slide shows first and a PDF prints: the worst by the kit's own finding order (most
 * critical findings, then high, and so on down the severities), then the first by name.
 */
export function worstImage<T extends Pick<EngagementImage, 'image' | 'vulnerabilities'>>(images: readonly T[]): T | undefined {
  let worst: T | undefined
  for (const image of images) {
    if (!worst) {
      worst = image
      continue
    }
    for (const severity of SEVERITIES) {
      const d = image.vulnerabilities[severity] - worst.vulnerabilities[severity]
      if (d > 0) worst = image
      if (d !== 0) break
    }
  }
  return worst
}

/** "3 of 8 of your images are non-compliant": the sentence PolicyImpact and the print state share. */
export function nonCompliantSentence(nonCompliant: number, total: number, changed: boolean): string {
  const verb = changed ? (nonCompliant === 1 ? 'becomes' : 'become') : nonCompliant === 1 ? 'is' : 'are'
  return `${nonCompliant} of ${total} of your images ${verb} non-compliant`
}
