// `npm run check`: which tests, builds and browser tests a target brings (the runs themselves are the
// same commands npm test uses).
import { describe, expect, it } from 'vitest'
import { browserGrep, componentsUsing, planChecks } from '../../scripts/check.ts'

describe('npm run check planning', () => {
  it('a deck by part of its name: the content tests, that deck built and walked', () => {
    const plan = planChecks(['03'])
    expect(plan).toMatchObject({ unitTests: ['tests/unit/decks-content.test.ts'], decks: ['03-image-assurance'], build: ['03-image-assurance'], components: [] })
    expect(browserGrep(plan, false)).toBe('deck 03-image-assurance ')
    expect(browserGrep(plan, true)).toBe('deck 03-image-assurance |PDF of 03-image-assurance$')
  })

  it('a file inside a deck folder names that deck', () => {
    expect(planChecks(['slides/gallery/scan-components.md']).decks).toEqual(['gallery'])
  })

  it('an inner component brings the tests of the components that use it, on the gallery', () => {
    expect(componentsUsing('KitSwitch')).toEqual(expect.arrayContaining(['KitSwitch', 'PolicyEditor']))
    const plan = planChecks(['components/KitSwitch.vue'])
    expect(plan).toMatchObject({ related: ['components/KitSwitch.vue'], decks: [], build: ['gallery'] })
    expect(new RegExp(browserGrep(plan, false)!).test('components-scan.spec.ts PolicyEditor keyboard only')).toBe(true)
    expect(new RegExp(browserGrep(plan, false)!).test('components-flow.spec.ts SamlFlow steps')).toBe(false)
  })

  it('a component in a subfolder is found by path', () => {
    const plan = planChecks(['components/flow/ScanReportPanel.vue'])
    expect(plan.related).toEqual(['components/flow/ScanReportPanel.vue'])
    expect(plan.components[0]).toBe('ScanReportPanel')
  })

  it('a knowledge check file brings its schema tests, its deck and the KnowledgeCheck tests', () => {
    const plan = planChecks(['checks/05-sso-saml.yaml'])
    expect(plan).toMatchObject({ decks: ['05-sso-saml'], build: ['05-sso-saml', 'gallery'], components: ['KnowledgeCheck'] })
    expect(plan.unitTests).toContain('tests/unit/checks.test.ts')
  })

  it('test files run as they are; other sources through vitest related', () => {
    expect(planChecks(['snippets/ci/ci.test.ts', 'tests/e2e/pdf.spec.ts', 'core/policy.ts'])).toMatchObject({
      unitTests: ['snippets/ci/ci.test.ts'], specs: ['tests/e2e/pdf.spec.ts'], related: ['core/policy.ts'], build: [],
    })
  })

  it('a target that names nothing is one clear line', () => {
    expect(() => planChecks(['core/nope.ts'])).toThrow('core/nope.ts: no such file (npm run check -- --help)')
    expect(() => planChecks(['zzz'])).toThrow(/No deck matches "zzz"/)
  })
})
