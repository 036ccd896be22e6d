// A small lab folder for the loader tests: the sections every lab must end with, and the writing of
// lab.md and trainer.md into a scratch kit root.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The required sections after the steps: Troubleshooting and a Worksheet with one ruled row. */
export const LAB_TAIL = `## Troubleshooting

None.

## Worksheet

| A | B |
|---|---|
| | |
`

export const FIXTURE_TRAINER = '# Trainer notes — test\n\nIntro.\n'

/** Writes labs/<id>/lab.md and trainer.md under `root`. */
export function writeFixtureLab(root: string, id: string, lab: string, trainer = FIXTURE_TRAINER): void {
  mkdirSync(join(root, 'labs', id), { recursive: true })
  writeFileSync(join(root, 'labs', id, 'lab.md'), lab)
  writeFileSync(join(root, 'labs', id, 'trainer.md'), trainer)
}
