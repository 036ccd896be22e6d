// The decks' engagement data (core/engagement/deck-data.ts): the index rows are the rows of
// `kit engagement summary`, and the compact, packed facts PolicyImpact judges give the same verdict
// as the whole reports under every policy, so the impact slide agrees with kit gate.
import { cp, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addToEngagement } from '../../core/engagement/add.ts'
import { compactScan, engagementDeckData, keyFacts, nonCompliantSentence, packFacts, unpackFacts, worstImage } from '../../core/engagement/deck-data.ts'
import { jsonFiles, policiesInPlay, readEngagementConfig, readFolderReports, summarizeEngagement } from '../../core/engagement/folder.ts'
import { engagementImage } from '../../core/engagement/images.ts'
import { readReportFile } from '../../core/files.ts'
import { evaluate } from '../../core/policy.ts'
import { CONTROL_ORDER } from '../../core/policy.ts'
import { withEnabled, isEnabled } from '../../display/policyControls.ts'

const DIR = join(__dirname, '..', '..', 'engagements', 'example-public')
const NOW = new Date('2026-12-01T00:00:00Z')

async function load() {
  const config = await readEngagementConfig(DIR)
  const policies = await policiesInPlay(DIR, config)
  const names = await jsonFiles(join(DIR, 'reports'))
  const files = await Promise.all(names.map(async (name) => ({ name, scan: await readReportFile(join(DIR, 'reports', name)) })))
  return { config, policies, files }
}

describe('engagement deck data', () => {
  it('has the rows of kit engagement summary, in its order, each pointing at its own report and facts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kit-deck-data-'))
    try {
      await cp(DIR, dir, { recursive: true })
      const cold = await readFolderReports(dir, { now: NOW, facts: true })
      const data = engagementDeckData(cold.config.customer, cold.policies, cold.reports.map((r) => ({ row: r.row, facts: r.facts! })))
      const { summary } = await summarizeEngagement(dir, { now: NOW })
      expect(data.index.customer).toBe(summary.customer)
      expect(data.index.policies.map((p) => p.name)).toEqual(summary.policies)
      expect(data.index.images.map(({ detail: _d, ...row }) => row)).toEqual(summary.images)
      const scans = unpackFacts(data.facts)
      for (const row of data.index.images) {
        const whole = await readReportFile(cold.reports[row.detail]!.path)
        expect(engagementImage(whole, cold.reports[row.detail]!.name, cold.policies, NOW), row.image).toEqual({ ...row, detail: undefined, ...engagementImage(scans[row.detail]!, cold.reports[row.detail]!.name, cold.policies, NOW) })
      }
      // Read again, the rows and facts come from the cache, and are the same.
      const warm = await readFolderReports(dir, { now: NOW, facts: true })
      expect(warm.reports).toEqual(cold.reports)
      expect(await readdir(join(dir, '.cache', 'facts'))).toEqual(cold.reports.map((r) => r.name).sort())
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('keeps each added report\'s facts, so a build reads no report add has read, and forgets the facts of a removed report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kit-deck-facts-'))
    try {
      await cp(DIR, dir, { recursive: true })
      await rm(join(dir, 'reports'), { recursive: true })
      await mkdir(join(dir, 'reports'))
      const inputs = await jsonFiles(join(DIR, 'reports'))
      await addToEngagement(dir, inputs.map((n) => join(DIR, 'reports', n)), { now: NOW })
      const kept = await readdir(join(dir, '.cache', 'facts'))
      expect(kept.sort()).toEqual((await jsonFiles(join(dir, 'reports'))).sort())
      // A report made unreadable in place, with the same size and mtime: its row and facts come from the
      // cache, so it is not read again. (A whole-second mtime, which utimes sets exactly, cached first.)
      const first = join(dir, 'reports', kept[0]!)
      const before = await stat(first)
      await utimes(first, 1_700_000_000, 1_700_000_000)
      const read = (await readFolderReports(dir, { now: NOW, facts: true })).reports.find((r) => r.name === kept[0])!
      expect(read.facts).toEqual(keyFacts(await readReportFile(first)))
      await writeFile(first, 'x'.repeat(before.size))
      await utimes(first, 1_700_000_000, 1_700_000_000)
      const { reports, problems } = await readFolderReports(dir, { now: NOW, facts: true })
      expect(problems).toEqual([])
      expect(reports.find((r) => r.name === kept[0])).toEqual(read)
      await rm(first)
      await readFolderReports(dir, { now: NOW, facts: true })
      expect(await readdir(join(dir, '.cache', 'facts'))).not.toContain(kept[0])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('packs the compact scans so that every policy, with any control switched, judges them as the whole reports', async () => {
    const { policies, files } = await load()
    const packed = packFacts(files.map((f) => compactScan(f.scan)))
    const scans = unpackFacts(JSON.parse(JSON.stringify(packed)))
    expect(scans).toHaveLength(files.length)
    for (const [i, f] of files.entries()) {
      expect(scans[i]!.findings).toHaveLength(f.scan.findings.length)
      for (const id of CONTROL_ORDER) {
        const switched = policies.map((p, k) => (k === 0 ? withEnabled(p, id, !isEnabled(p, id)) : p))
        for (const set of [policies, switched]) {
          const whole = evaluate(f.scan, set, { now: NOW })
          const compact = evaluate(scans[i]!, set, { now: NOW })
          expect({ ...compact, evaluatedAt: '' }, `${f.name} ${id}`).toEqual({ ...whole, evaluatedAt: '' })
        }
      }
    }
  })

  it('keeps a finding repeated across images once', async () => {
    const { files } = await load()
    const big = files.reduce((a, b) => (b.scan.findings.length > a.scan.findings.length ? b : a)).scan
    const once = packFacts([compactScan(big)])
    const twice = packFacts([compactScan(big), compactScan(big)])
    expect(twice.findings).toHaveLength(once.findings.length)
    expect(twice.packages).toHaveLength(once.packages.length)
    expect(twice.scans[1]!.f).toEqual(twice.scans[0]!.f)
    const [a, b] = unpackFacts(twice)
    expect(a!.findings[0]).toBe(b!.findings[0])
  })

  it('picks the worst image by the finding order, and words the count', () => {
    const row = (image: string, critical: number, high: number) => ({ image, vulnerabilities: { critical, high, medium: 0, low: 0, negligible: 0, unknown: 0, total: critical + high } })
    expect(worstImage([row('a', 0, 9), row('b', 1, 0), row('c', 1, 0)])?.image).toBe('b')
    expect(worstImage([])).toBeUndefined()
    expect(nonCompliantSentence(14, 62, true)).toBe('14 of 62 of your images become non-compliant')
    expect(nonCompliantSentence(1, 62, false)).toBe('1 of 62 of your images is non-compliant')
  })
})
