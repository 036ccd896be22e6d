// GitLab CI files checked by gitlab-ci-local: it parses the file as GitLab does (extends, rules,
// needs, stages, parallel:matrix) and validates it against GitLab's CI JSON schema, which it ships.
// It runs as its own command (`--list`) on a copy of the file in a temporary folder, so nothing in
// the working tree is touched. Pinned to 4.73.0: 4.74 and later need Node 22 (Set.prototype.union),
// the kit supports Node 20.19.

import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const CLI = join(dirname(createRequire(import.meta.url).resolve('gitlab-ci-local/package.json')), 'dist', 'index.js')

// Printed because the copy is not in a git repository; not about the file.
const GIT_NOISE = /git |not a git repository|fallback git|default remote branch|^\s*$/

export interface GitlabCiResult {
  ok: boolean
  /** gitlab-ci-local's own lines: the job list when ok, its error messages when not */
  output: string
}

/** Runs `gitlab-ci-local --list` on the text as a .gitlab-ci.yml. */
export async function gitlabCiLocal(text: string): Promise<GitlabCiResult> {
  // An include would be fetched from GitLab: the kit's snippets hold none, and never may.
  if (/^include\s*:/m.test(text)) return { ok: false, output: 'include: is not allowed in a snippet (gitlab-ci-local would fetch it)' }
  const dir = await mkdtemp(join(tmpdir(), 'gitlab-ci-'))
  try {
    await writeFile(join(dir, '.gitlab-ci.yml'), text)
    return await new Promise<GitlabCiResult>((resolve) => {
      execFile(process.execPath, [CLI, '--list'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0' } }, (err, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`.split('\n').filter((l) => !GIT_NOISE.test(l)).join('\n').trim()
        resolve({ ok: !err, output })
      })
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
