// Knowledge checks: three to five multiple-choice questions per section, each with its one correct
// option and one explanation. One valibot schema checks every section's file (checks/<section>.yaml).
//
// Where the answer key may go (issue 14): the file holds the key, and the key is trainer material.
// The decks never receive the file: the build gives them `publicChecks()` of it, which keeps the
// questions and options, drops every explanation and replaces the correct option by `answerHash`,
// a hash of that option's text. The live slide hashes the option the learner chose and compares, so
// it can say "correct" without the key's text (or the answer in plain text) being in the bundle.
// The hash is no secret (four clicks find the answer anyway); it only keeps the key out of the
// customer's copy. The explanations are printed only in the trainer's key PDF (scripts/labs/checks-key.ts).
import * as v from 'valibot'
import { parse as parseYaml } from 'yaml'
import { optionHash, type PublicSectionChecks } from './check-answer.ts'

export type { PublicQuestion, PublicSectionChecks } from './check-answer.ts'

const MIN_QUESTIONS = 3
const MAX_QUESTIONS = 5

const text = (what: string) => v.pipe(v.string(`${what} must be text`), v.trim(), v.nonEmpty(`${what} is empty`))

const QuestionSchema = v.pipe(
  v.strictObject(
    {
      id: v.pipe(v.string('id must be text'), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be lower-case words joined by hyphens')),
      question: text('question'),
      options: v.pipe(v.array(text('option'), 'options must be a list'), v.minLength(2, 'needs at least 2 options'), v.maxLength(5, 'has more than 5 options')),
      answer: v.pipe(v.number('answer must be the number of the correct option (1 for the first)'), v.integer('answer must be a whole number'), v.minValue(1, 'answer counts from 1')),
      explanation: v.pipe(text('explanation'), v.minLength(20, 'explanation is too short to explain anything')),
    },
  ),
  v.forward(
    v.check((q) => q.answer <= q.options.length, (issue) => `answer ${(issue.input as { answer: number }).answer} is past the last of the ${(issue.input as { options: unknown[] }).options.length} options`),
    ['answer'],
  ),
  v.forward(
    v.check((q) => new Set(q.options).size === q.options.length, 'two options have the same text'),
    ['options'],
  ),
)

const SectionChecksSchema = v.pipe(
  v.strictObject({
    section: v.pipe(v.string('section must be text'), v.regex(/^\d\d-[a-z0-9-]+$/, 'section must be a deck id such as 03-image-assurance')),
    questions: v.pipe(
      v.array(QuestionSchema, 'questions must be a list'),
      v.minLength(MIN_QUESTIONS, `needs ${MIN_QUESTIONS} to ${MAX_QUESTIONS} questions`),
      v.maxLength(MAX_QUESTIONS, `needs ${MIN_QUESTIONS} to ${MAX_QUESTIONS} questions`),
    ),
  }),
  v.forward(
    v.check((s) => new Set(s.questions.map((q) => q.id)).size === s.questions.length, 'two questions have the same id'),
    ['questions'],
  ),
)

/** One question with its key (trainer material). */
export type CheckQuestion = v.InferOutput<typeof QuestionSchema>
/** One section's questions with their key, as in checks/<section>.yaml. */
export type SectionChecks = v.InferOutput<typeof SectionChecksSchema>

/** A checks file that does not pass the schema: one line naming the file and the field. */
export class ChecksError extends Error {
  override name = 'ChecksError'
  constructor(
    readonly file: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`)
  }
}

/** Parses and checks one section's file; throws a ChecksError naming the file and the field. */
export function parseSectionChecks(source: string, file: string): SectionChecks {
  let data: unknown
  try {
    data = parseYaml(source)
  } catch (error) {
    throw new ChecksError(file, '$', `not valid YAML: ${(error as Error).message.split('\n')[0]}`)
  }
  const result = v.safeParse(SectionChecksSchema, data)
  if (!result.success) {
    const issue = result.issues[0]!
    throw new ChecksError(file, v.getDotPath(issue) ?? '$', issue.message)
  }
  return result.output
}

/** What the decks may carry: the questions and options, never the explanations or the plain answer. */
export function publicChecks(checks: SectionChecks): PublicSectionChecks {
  return {
    section: checks.section,
    questions: checks.questions.map((q) => ({
      id: q.id,
      question: q.question,
      options: q.options,
      answerHash: optionHash(checks.section, q.id, q.options[q.answer - 1]!),
    })),
  }
}
