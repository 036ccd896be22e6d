// Types shared by the lab loader, the renderer, the PDF printer and the lab tests.

export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const
export type Level = (typeof LEVELS)[number]

/** The lab.md frontmatter, validated. */
export interface LabMeta {
  title: string
  section: string
  minutes: number
  level: Level
  prerequisites: string[]
  objectives: string[]
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
