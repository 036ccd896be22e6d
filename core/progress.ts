// A learner's progress on the self-paced site, kept in the browser's localStorage (never sent
// anywhere): per section whether it was seen and each knowledge-check answer, per lab whether it is
// done. The decks write it (KnowledgeCheck), the lab pages and the index page read and write it, all
// from the same origin, so the keys and shapes live here once.

const PREFIX = 'kit:progress:'

export function sectionProgressKey(section: string): string {
  return `${PREFIX}section:${section}`
}

export function labProgressKey(lab: string): string {
  return `${PREFIX}lab:${lab}`
}

export interface CheckAnswer {
  /** The option chosen, 1 for the first. */
  choice: number
  /** The learner asked to check it (Enter or the Check button). */
  checked: boolean
  /** It was checked and is the correct option. */
  correct: boolean
}

export interface SectionProgress {
  /** The learner reached the section's knowledge check, at its end. */
  seen: boolean
  answers: Record<string, CheckAnswer>
}

export interface LabProgress {
  done: boolean
}

export function emptySectionProgress(): SectionProgress {
  return { seen: false, answers: {} }
}

/** How many of a section's questions were checked and correct. */
export function checksPassed(progress: SectionProgress, questionIds: readonly string[]): number {
  return questionIds.filter((id) => progress.answers[id]?.correct === true).length
}
