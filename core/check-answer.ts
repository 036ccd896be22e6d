// Checking a knowledge-check answer in the browser without the answer key (core/checks.ts says
// why): the decks carry a hash of each correct option, never its explanation. Kept apart from the
// schema so a deck bundles only these few lines, not valibot and the YAML reader.
import { fnv1a } from './hash.ts'

/** One question as the decks and the site get it: no explanation, the answer only as a hash. */
export interface PublicQuestion {
  id: string
  question: string
  options: string[]
  answerHash: string
}

export interface PublicSectionChecks {
  section: string
  questions: PublicQuestion[]
}

/** The hash the decks compare against: section, question and the option's text. */
export function optionHash(section: string, questionId: string, option: string): string {
  return fnv1a(`${section}\n${questionId}\n${option}`)
}

/** Whether the option at `choice` (1-based) is the correct one. */
export function isCorrectChoice(section: string, question: PublicQuestion, choice: number): boolean {
  const option = question.options[choice - 1]
  return option !== undefined && optionHash(section, question.id, option) === question.answerHash
}
