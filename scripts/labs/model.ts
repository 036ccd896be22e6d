// Types shared by the lab loader, the renderer, the PDF printer and the lab tests.

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const
export type Level = (typeof LEVELS)[number]

/** What a lab's `changes:` entry may be (the console object it creates or modifies). */
export const CHANGE_KINDS = ['assurance-policy', 'registry', 'role', 'permission-set', 'application-scope', 'user', 'integration', 'saml', 'other'] as const
export type ChangeKind = (typeof CHANGE_KINDS)[number]

/** The actions of an assurance policy a lab switches on (audit on failure, fail CI/CD, block). */
export const POLICY_ACTIONS = ['audit', 'fail-ci', 'block'] as const
export type PolicyAction = (typeof POLICY_ACTIONS)[number]

/** A later lab switching actions on for an object this lab created. */
export interface LaterChange {
  step: number
  actions: PolicyAction[]
  lab: string
}

/** One entry of the frontmatter `changes:` list: something the lab creates or changes in the customer's tenant. */
export interface ConsoleChange {
  /** What is created or modified, as named in the console. */
  object: string
  kind: ChangeKind
  /** Which images, users or events it touches; never Global or all. */
  scope: string
  /** For assurance policies: the actions this lab switches on; null for other kinds. */
  actions: PolicyAction[] | null
  /** The step that creates or changes it. */
  created: number
  /** The step that removes it or puts it back. */
  cleanup: number
  changed: LaterChange[]
  /** Line of the entry in lab.md. */
  line: number
}

/** The lab.md frontmatter, validated. */
export interface LabMeta {
  title: string
  section: string
  minutes: number
  level: Level
  prerequisites: string[]
  objectives: string[]
  /** What the lab changes in the customer's console; empty when it changes nothing. */
  changes: ConsoleChange[]
}

/** One source line after include expansion, with the line it came from in the original file. */
export interface SourceLine {
  text: string
  /** 1-based line number in the original file. */
  line: number
}

/** A run of Markdown lines, rendered as one Markdown document. */
export interface Chunk {
  file: string
  lines: SourceLine[]
}

export type SectionKind = 'other' | 'troubleshooting' | 'worksheet' | 'step'

export interface Section {
  kind: SectionKind
  title: string
  /** HTML id, unique within the page. */
  anchor: string
  /** Line of the `## ` heading. */
  line: number
  body: Chunk
}

export interface Step extends Section {
  kind: 'step'
  number: number
  minutes: number
}

/** A command block marked `check`, with what it must print. */
export interface CheckBlock {
  lab: string
  file: string
  line: number
  /** Step number the block sits in, null outside steps. */
  step: number | null
  command: string
  expectExit: number
  /** Expected stdout, null when only the exit code is checked. */
  expected: string | null
}

/** A `<<< path#region` line. */
export interface IncludeRef {
  file: string
  line: number
  path: string
  region: string | null
}

export interface TrainerNotes {
  file: string
  /** The text under the trainer.md H1, before any `## ` section. */
  intro: Chunk
  /** Sections before the first `## Step` section: shown before the steps. */
  before: Section[]
  /** `## Step N …` sections, by step number: shown inside that step. */
  steps: Map<number, Section>
  /** Sections after the step sections: shown at the end. */
  after: Section[]
}

export interface Lab {
  id: string
  dir: string
  file: string
  meta: LabMeta
  /** Text between the frontmatter and the first `## ` heading. */
  lede: Chunk
  /** `## ` sections before Step 1 (other than the generated ones). */
  pre: Section[]
  steps: Step[]
  /** Sections after the steps: Troubleshooting, Worksheet and any others, in source order. */
  post: Section[]
  checks: CheckBlock[]
  includes: IncludeRef[]
  trainer: TrainerNotes
}

/** An error in a lab source file; the message names the file and, when known, the line. */
export class LabError extends Error {
  override name = 'LabError'
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`)
  }
}
