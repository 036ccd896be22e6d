// Across all snippets: the files other engineers reference exist, every region a slide can import
// is well formed and fits a slide, no file holds a literal credential, and the index lists them all.

import { readdir, readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRegions } from './checks/regions.ts'
import { literalSecrets } from './checks/secrets.ts'

const DIR = resolve(import.meta.dirname)

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))))
  return nested.flat()
}

const all = (await walk(DIR)).map((f) => relative(DIR, f)).sort()
const artefacts = all.filter((f) => !f.endsWith('.test.ts') && !f.startsWith('checks/') && f !== 'README.md')

const REFERENCED = [
  'jenkins/Jenkinsfile',
  'jenkins/Jenkinsfile.docker',
  'jenkins/Jenkinsfile.scan',
  'ci/gitlab-ci.yml',
  'ci/github-actions.yml',
  'ci/azure-pipelines.yml',
  'ci/teamcity/settings.kts',
  'policies/baseline-default.json',
  'policies/custom-example.json',
  'policies/prod-gate.json',
  'policies/env/dev-test.json',
  'policies/env/non-prod.json',
  'policies/env/prod.json',
  'policies/README.md',
  'postee/cfg.yaml',
  'postee/docker-run.sh',
  'policy-push/push-policies.ts',
  'policy-push/ci/gitlab-policy-gitops.yml',
]

describe('snippets/', () => {
  it('holds every file other engineers reference', () => {
    expect(all).toEqual(expect.arrayContaining(REFERENCED))
  })

  it.each(artefacts)('%s: regions are well formed and fit a slide', async (f) => {
    expect(readRegions(await readFile(join(DIR, f), 'utf8')).problems).toEqual([])
  })

  it.each(artefacts)('%s: no literal credentials', async (f) => {
    expect(literalSecrets(await readFile(join(DIR, f), 'utf8'))).toEqual([])
  })

  it('the region check can fail', () => {
    const long = ['// #region long', ...Array.from({ length: 15 }, (_, i) => `line ${i}`), '// #endregion long'].join('\n')
    expect(readRegions(long).problems).toHaveLength(1)
    expect(readRegions('# #region a\nx\n').problems).toEqual(['line 1: #region a is never closed'])
    expect(readRegions('// #region a b\n// #endregion').problems).toHaveLength(1)
  })

  it('the Jenkinsfile exposes the aqua-step region the decks import', async () => {
    const { regions } = readRegions(await readFile(join(DIR, 'jenkins/Jenkinsfile'), 'utf8'))
    expect(regions.map((r) => r.name)).toContain('aqua-step')
  })

  it('README.md names every artefact', async () => {
    const readme = await readFile(join(DIR, 'README.md'), 'utf8')
    for (const f of artefacts) {
      const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : ''
      const listed = readme.includes(`\`${f}\``) || (f.endsWith('.json') && readme.includes(`\`${dir}/*.json\``))
      expect(listed, f).toBe(true)
    }
  })
})
