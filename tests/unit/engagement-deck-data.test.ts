// The decks' engagement data (core/engagement/deck-data.ts): the index rows are the rows of
// `kit engagement summary`, and the compact, packed facts PolicyImpact judges give the same verdict
// as the whole reports under every policy, so the impact slide agrees with kit gate.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compactScan, engagementDeckData, nonCompliantSentence, packFacts, unpackFacts, worstImage } from '../../core/engagement/deck-data.ts'
import { jsonFiles, policiesInPlay, readEngagementConfig, summarizeEngagement } from '../../core/engagement/folder.ts'
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
  it('has the rows of kit engagement summary, in its order', async () => {
    const { config, policies, files } = await load()
    const data = engagementDeckData(config.customer, policies, files, NOW)
    const { summary } = await summarizeEngagement(DIR, { now: NOW })
    expect(data.index.customer).toBe(summary.customer)
    expect(data.index.policies.map((p) => p.name)).toEqual(summary.policies)
    expect(data.index.images.map(({ detail: _d, ...row }) => row)).toEqual(summary.images)
    // Each row points at its own details and facts.
    for (const row of data.index.images) expect(data.details[row.detail]!.image || files[row.detail]!.name).toBeTruthy()
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
