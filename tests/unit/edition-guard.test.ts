// The take-home edition's guard: the pure checks (core/edition-guard.ts) and, on planted folders,
// the scan the build runs (scripts/edition.ts) with the kit's real trainer notes and engagements.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { describeHit, distinctiveSentences, forbiddenPath, GuardIndex, normalizeScanText, withoutPublic } from '../../core/edition-guard.ts'
import { listDecks } from '../../scripts/decks.ts'
import { unzipSync } from 'fflate'
import { buildCustomerEdition, editionDecks, EditionGuardError, EditionInputError, editionNeedles, engagementImageNames, guardEdition, otherEngagementFolders, publishEdition, sampleImageNames } from '../../scripts/edition.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const temps: string[] = []
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kit-guard-'))
  temps.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('normalizeScanText and distinctiveSentences', () => {
  const note = '[3 min] Ask who owns the **Default** policy today. Keep the customer away from switching on every control at once; a policy nobody can satisfy teaches nothing and gets disabled within a week.'

  it('finds a note sentence whether it sits in Markdown, HTML, a JavaScript string or a PDF text layer', () => {
    const [first, second] = distinctiveSentences(note)
    expect(first).toBe('keep the customer away from switching on every control at once')
    expect(second).toBe('a policy nobody can satisfy teaches nothing and gets disabled within a week')
    const index = new GuardIndex([{ text: first!, what: 'a speaker note' }])
    const forms = [
      '<p>Keep the customer away from switching <strong>on</strong> every control at once;</p>',
      'noteHTML:"<p>Keep the customer away from switching on every\\ncontrol at once; a"',
      'x=`Keep the customer away from switching on every control at\\u0020once`',
      'Keep the customer away\nfrom switching on every   control at once',
    ]
    for (const form of forms) expect(index.find(form).map((n) => n.what), form).toEqual(['a speaker note'])
    expect(index.find('keep the customer away from switching on some controls')).toEqual([])
  })

  it('drops timing marks, short sentences and typographic differences', () => {
    expect(distinctiveSentences('[5 min] Short one. Too short too. Container registry, vulnerability scanning, Image Assurance policies.')).toEqual([])
    expect(normalizeScanText('It’s “quoted” — &amp; &#39;ok&#39;')).toBe(`it's "quoted" - & 'ok'`)
  })

  it('keeps what the customer may see anyway out of the search', () => {
    const needles = [
      { text: 'the aim in one sentence: the console stops being the place where policies are edited', what: 'note' },
      { text: 'only the trainer says this sentence, never a slide or a handout', what: 'note' },
      { text: 'all-in-one:3.5.19223', what: 'image' },
    ]
    const kept = withoutPublic(needles, normalizeScanText('# Aim\n\nThe aim in one sentence: the console stops being the place where policies are edited.'), new Set(['all-in-one:3.5.19223']))
    expect(kept.map((n) => n.text)).toEqual(['only the trainer says this sentence, never a slide or a handout'])
  })

  it('matches a name only from the start of a word', () => {
    const index = new GuardIndex([{ text: 'acme/payments-api:4.2', what: 'image' }])
    expect(index.find('"image":"registry.local/acme/payments-api:4.2"')).toHaveLength(1)
    expect(index.find('notacme/payments-api:4.2')).toHaveLength(0)
  })

  it('names trainer outputs by their path and describes a hit on one line', () => {
    expect(forbiddenPath('gallery/index.html')).toMatch(/gallery/)
    expect(forbiddenPath('pdf/labs/03-image-assurance-trainer.pdf')).toMatch(/trainer/)
    expect(forbiddenPath('pdf/labs/03-image-assurance.pdf')).toBeNull()
    expect(describeHit({ file: 'a/b.js', what: 'a speaker note (x.md:3)', text: 'one\ntwo' })).toBe('a/b.js: holds a speaker note (x.md:3): "one two"')
  })
})

describe('the edition guard on planted folders, with the kit’s real notes and engagements', () => {
  const publicFixture = join(ROOT, 'engagements', 'example-public')

  it('the customer gets the day decks and the sections the agenda runs, never the gallery or the workshop deck', () => {
    const decks = [...listDecks(), { id: 'day-1', dir: '', entry: '', title: '', duration: '', kind: 'day' as const }]
    const ids = editionDecks(decks, (id) => id !== '06-siem-logging').map((d) => d.id)
    expect(ids).toContain('day-1')
    expect(ids).toContain('03-image-assurance')
    expect(ids).not.toContain('06-siem-logging')
    expect(ids).not.toContain('gallery')
    expect(ids).not.toContain('workshop')
  })

  it('a planted trainer note or another engagement’s image name fails the guard, naming the file', async () => {
    // Another engagement with a private image: a public report whose image is renamed.
    const root = temp()
    const other = join(root, 'other')
    mkdirSync(join(other, 'reports'), { recursive: true })
    writeFileSync(join(other, 'engagement.yaml'), 'version: 1\ncustomer: Planted Other Customer AG\nconsultant: x\ndates: { start: "2026-12-01", end: "2026-12-01" }\npolicies: []\n')
    const report = JSON.parse(readFileSync(join(ROOT, 'data', 'reports', 'trivy', 'debian-stretch.json'), 'utf8'))
    report.ArtifactName = 'registry.planted-other.example/payments/ledger-api:4.2.0'
    writeFileSync(join(other, 'reports', 'ledger.json'), JSON.stringify(report))
    expect(await engagementImageNames(other)).toEqual(['registry.planted-other.example/payments/ledger-api:4.2.0'])

    const needles = await editionNeedles(publicFixture, listDecks(), [other, join(ROOT, 'engagements', 'example-other')])
    const trainerLine = readFileSync(join(ROOT, 'labs', '03-image-assurance', 'trainer.md'), 'utf8').split('\n').find((l) => l.startsWith('Keep the customer away'))!
    const edition = join(root, 'edition')
    mkdirSync(join(edition, 'labs', '03-image-assurance'), { recursive: true })
    mkdirSync(join(edition, 'assets'), { recursive: true })
    writeFileSync(join(edition, 'index.html'), '<h1>Advanced Tier workshop</h1>')
    writeFileSync(join(edition, 'labs', '03-image-assurance', 'index.html'), `<aside>${trainerLine}</aside>`)
    writeFileSync(join(edition, 'assets', 'chunk.js'), 'const images=["registry.planted-other.example/payments/ledger-api:4.2.0"]')
    writeFileSync(join(edition, 'assets', 'shared.js'), 'const sample="all-in-one:3.5.19223"; const own="alpine:3.8"')
    const hits = await guardEdition(edition, needles)
    const lines = hits.map(describeHit)
    expect(lines.some((l) => l.startsWith('labs/03-image-assurance/index.html: holds a lab trainer note (labs/03-image-assurance/trainer.md)'))).toBe(true)
    expect(lines).toContain(`assets/chunk.js: holds an image of another engagement (${other}): "registry.planted-other.example/payments/ledger-api:4.2.0"`)
    // The kit's public sample (example-other has it too) and this engagement's own image are not hits.
    expect(lines.filter((l) => l.startsWith('assets/shared.js'))).toEqual([])
    expect(lines.filter((l) => l.startsWith('index.html'))).toEqual([])
  })

  it('finds the engagements beside the kit and the kit’s public samples', async () => {
    const others = otherEngagementFolders(publicFixture)
    expect(others.map((d) => d.split('/').pop())).toContain('example-other')
    expect(others.map((d) => d.split('/').pop())).not.toContain('example-public')
    expect(await sampleImageNames()).toContain('all-in-one:3.5.19223')
  })

  it('a guard hit leaves no edition and no zip (an older edition stays whole); a clean folder is zipped and put in place', async () => {
    const root = temp()
    const out = join(root, 'www', 'acme')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'index.html'), 'the earlier edition')
    const planted = join(root, '.acme.partial')
    mkdirSync(join(planted, 'assets'), { recursive: true })
    writeFileSync(join(planted, 'index.html'), '<h1>Advanced Tier workshop</h1>')
    writeFileSync(join(planted, 'assets', 'notes.js'), 'export default "Only the trainer knows this sentence about the planted notes file."')
    const needles = [{ text: 'Only the trainer knows this sentence about the planted notes file.', what: 'a speaker note (planted)' }]
    const error = await publishEdition(planted, out, needles).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EditionGuardError)
    expect((error as Error).message).toContain('assets/notes.js: holds a speaker note (planted): "Only the trainer knows this sentence about the planted notes file."')
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('the earlier edition')
    expect(existsSync(`${out}.zip`)).toBe(false)

    rmSync(join(planted, 'assets', 'notes.js'))
    await publishEdition(planted, out, needles)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Advanced Tier workshop')
    expect(existsSync(planted)).toBe(false)
    expect(Object.keys(unzipSync(readFileSync(`${out}.zip`)))).toEqual(['acme/index.html'])
  })

  it('an --only that names no deck of the edition is refused before anything is built', async () => {
    const root = temp()
    cpSync(publicFixture, join(root, 'acme'), { recursive: true })
    const out = join(root, 'www', 'acme')
    const error = await buildCustomerEdition({ engagement: join(root, 'acme'), out, pdf: false, only: ['06-siem-logging'] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EditionInputError)
    expect((error as Error).message).toMatch(/^--only names no deck of this edition: 06-siem-logging \(its decks: 00-welcome, .*day-1\)\.$/)
    expect(existsSync(join(root, 'www'))).toBe(false)
  })

  it('--edition customer without an engagement or --out is a usage error, exit 2', () => {
    const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const noEngagement = spawnSync(process.execPath, [tsx, 'scripts/build.ts', '--edition', 'customer', '--out', join(temp(), 'x')], { cwd: ROOT, encoding: 'utf8' })
    expect(noEngagement.status).toBe(2)
    expect(noEngagement.stderr).toMatch(/--edition customer needs --engagement/)
    const bad = spawnSync(process.execPath, [tsx, 'scripts/build.ts', '--edition', 'teacher'], { cwd: ROOT, encoding: 'utf8' })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--edition must be trainer or customer/)
  })
})
