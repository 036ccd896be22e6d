// Knowledge checks (issue 14 point 4): one file per section deck, all passing one schema; a bad file
// names its file and field; the decks get the questions without the key; the trainer key page has
// the key; the site pages read and write progress in the browser without the key.
import { describe, expect, it } from 'vitest'
import { isCorrectChoice, optionHash } from '../../core/check-answer.ts'
import { ChecksError, parseSectionChecks, publicChecks, type SectionChecks } from '../../core/checks.ts'
import { loadAllChecks } from '../../core/checks-files.ts'
import { checksPassed, labProgressKey, sectionProgressKey } from '../../core/progress.ts'
import { listDecks, loadSlides, ROOT } from '../../scripts/decks.ts'
import { renderIndexPage } from '../../scripts/index-page.ts'
import { renderChecksKeyPage } from '../../scripts/labs/checks-key.ts'
import { escapeHtml } from '../../core/html/escape.ts'

const all = loadAllChecks(ROOT)
const sectionDecks = listDecks().filter((d) => d.kind === 'section')

const GOOD = `section: 03-image-assurance
questions:
  - id: one
    question: First?
    options: [A, B, C]
    answer: 2
    explanation: B is right because the slides say so, at length.
  - id: two
    question: Second?
    options: [A, B]
    answer: 1
    explanation: A is right because the slides say so, at length.
  - id: three
    question: Third?
    options: [A, B, C, D]
    answer: 4
    explanation: D is right because the slides say so, at length.
`

function problem(source: string): string {
  try {
    parseSectionChecks(source, 'checks/03-image-assurance.yaml')
  } catch (error) {
    expect(error).toBeInstanceOf(ChecksError)
    return (error as Error).message
  }
  throw new Error('the file was accepted')
}

describe('the knowledge checks files', () => {
  it('exist for every section deck, three to five questions each', () => {
    expect(all.map((c) => c.section)).toEqual(sectionDecks.map((d) => d.id))
    for (const checks of all) {
      expect(checks.questions.length).toBeGreaterThanOrEqual(3)
      expect(checks.questions.length).toBeLessThanOrEqual(5)
    }
  })

  it.each(sectionDecks.map((d) => [d.id, d] as const))('%s shows its check on a slide just before the recap', async (id, deck) => {
    const slides = await loadSlides(deck)
    const at = slides.findIndex((s) => s.content.includes(`<KnowledgeCheck section="${id}"`))
    const recap = slides.findIndex((s) => /^recap/i.test(s.title))
    expect(at).toBeGreaterThan(0)
    expect(recap).toBe(at + 1)
    expect(slides[at]!.note).toMatch(/^\[\d+ min\]/)
  })
})

describe('the schema', () => {
  it('accepts a good file', () => {
    expect(parseSectionChecks(GOOD, 'checks/03-image-assurance.yaml').questions).toHaveLength(3)
  })

  it('names the file and the field of an answer past the last option', () => {
    expect(problem(GOOD.replace('answer: 4', 'answer: 5'))).toBe('checks/03-image-assurance.yaml: questions.2.answer: answer 5 is past the last of the 4 options')
  })

  it('names a missing explanation', () => {
    expect(problem(GOOD.replace('    explanation: A is right because the slides say so, at length.\n', ''))).toMatch(/^checks\/03-image-assurance\.yaml: questions\.1\.explanation: /)
  })

  it('refuses too few questions, duplicate ids, unknown fields and bad YAML, each in one line', () => {
    const two = GOOD.slice(0, GOOD.indexOf('  - id: three'))
    expect(problem(two)).toBe('checks/03-image-assurance.yaml: questions: needs 3 to 5 questions')
    expect(problem(GOOD.replace('id: two', 'id: one'))).toBe('checks/03-image-assurance.yaml: questions: two questions have the same id')
    expect(problem(GOOD.replace('    answer: 2\n', '    answer: 2\n    hint: no\n'))).toMatch(/^checks\/03-image-assurance\.yaml: questions\.0\.hint: /)
    expect(problem('section: [')).toMatch(/^checks\/03-image-assurance\.yaml: \$: not valid YAML: /)
    for (const message of [problem(two), problem('section: [')]) expect(message).not.toContain('\n')
  })
})

describe('what the decks get', () => {
  const checks = parseSectionChecks(GOOD, 'checks/03-image-assurance.yaml')
  const shipped = JSON.stringify(publicChecks(checks))

  it('holds no explanation and no plain answer', () => {
    for (const q of checks.questions) expect(shipped).not.toContain(q.explanation)
    expect(shipped).not.toMatch(/"answer"|explanation/)
  })

  it('still tells the correct option from the others', () => {
    const [q] = publicChecks(checks).questions
    expect([1, 2, 3].map((choice) => isCorrectChoice(checks.section, q!, choice))).toEqual([false, true, false])
    expect(isCorrectChoice(checks.section, q!, 9)).toBe(false)
    expect(q!.answerHash).toBe(optionHash('03-image-assurance', 'one', 'B'))
  })

  it.each(all.map((c) => [c.section, c] as const))('%s: the hash marks exactly the key’s option', (_id, c: SectionChecks) => {
    const shown = publicChecks(c)
    shown.questions.forEach((q, i) => {
      const right = q.options.map((_o, n) => isCorrectChoice(c.section, q, n + 1))
      expect(right.indexOf(true)).toBe(c.questions[i]!.answer - 1)
      expect(right.filter(Boolean)).toHaveLength(1)
    })
  })
})

describe('progress in the browser', () => {
  it('counts only checked, correct answers', () => {
    const progress = { seen: true, answers: { a: { choice: 1, checked: true, correct: true }, b: { choice: 2, checked: false, correct: false } } }
    expect(checksPassed(progress, ['a', 'b', 'c'])).toBe(1)
  })

  it('the index page reads the same keys the decks and labs write, and holds no key', () => {
    const decks = listDecks()
    const html = renderIndexPage(decks, [{ id: '03-image-assurance', title: 'Lab', minutes: 75, html: 'labs/03-image-assurance/' }], '/nowhere', all.map((c) => ({ section: c.section, questionIds: c.questions.map((q) => q.id) })))
    expect(html).toContain('data-progress="03-image-assurance"')
    expect(html).toContain(sectionProgressKey('03-image-assurance'))
    expect(html).toContain(labProgressKey('03-image-assurance'))
    for (const c of all) for (const q of c.questions) expect(html).not.toContain(q.explanation)
  })
})

describe('the trainer key page', () => {
  it('marks every correct option and gives every explanation, as text', () => {
    const sections = all.map((checks) => ({ checks, title: checks.section }))
    const html = renderChecksKeyPage(sections, 'assets/')
    for (const c of all) for (const q of c.questions) expect(html).toContain(escapeHtml(q.explanation))
    expect(html.match(/key-right/g)?.length).toBe(all.reduce((n, c) => n + c.questions.length, 0) + 1)
    const evil = parseSectionChecks(GOOD.replace('question: First?', 'question: "<img src=x onerror=alert(1)>"'), 'checks/03-image-assurance.yaml')
    expect(renderChecksKeyPage([{ checks: evil, title: 'x' }], 'assets/')).not.toContain('<img')
  })
})
