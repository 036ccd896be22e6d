// A stand-in `docker` for running the CI snippets' shell under test: it records every call, and for
// `docker run` writes the --htmlfile/--jsonfile reports into the host side of the matching -v mount
// and exits with FAKE_DOCKER_RC (0 = compliant, 4 = non-compliant, anything else = scanner error).

import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const SCRIPT = `#!/usr/bin/env bash
{ printf '%s\\x1f' "$@"; printf '\\x1e'; } >> "$FAKE_DOCKER_LOG"
# docker login --password-stdin reads its stdin, as the real one does; exiting unread would SIGPIPE
# the echo feeding it, and under pipefail a busy machine would fail the script before docker run.
case " $* " in *" --password-stdin "*) cat >/dev/null ;; esac
[ "$1" = run ] || exit 0
mounts=(); prev=
for a in "$@"; do
  if [ "$prev" = -v ]; then mounts+=("$a"); fi
  if [ "$prev" = --htmlfile ] || [ "$prev" = --jsonfile ]; then
    for m in "\${mounts[@]}"; do
      host=\${m%%:*}; rest=\${m#*:}; cont=\${rest%%:*}
      case "$a" in "$cont"/*) mkdir -p "$host"; echo '{"fake":true}' > "$host/\${a#"$cont"/}";; esac
    done
  fi
  prev=$a
done
echo "fake scanner: exit \${FAKE_DOCKER_RC:-0}"
exit "\${FAKE_DOCKER_RC:-0}"
`

export interface ShellRun {
  code: number
  stdout: string
  stderr: string
  /** docker invocations, one argument list each */
  calls: string[][]
}

export interface FakeDocker {
  dir: string
  bin: string
  run: (shell: string[], script: string, env: Record<string, string>, rc: number) => Promise<ShellRun>
  cleanup: () => Promise<void>
}

export async function fakeDocker(): Promise<FakeDocker> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-docker-'))
  const bin = join(dir, 'bin')
  await mkdir(bin)
  await writeFile(join(bin, 'docker'), SCRIPT)
  await chmod(join(bin, 'docker'), 0o755)
  let n = 0
  return {
    dir,
    bin,
    cleanup: () => rm(dir, { recursive: true, force: true }),
    run: (shell, script, env, rc) => {
      const log = join(dir, `calls-${++n}.log`)
      return new Promise<ShellRun>((resolve) => {
        execFile(
          shell[0]!,
          [...shell.slice(1), script],
          { cwd: env.WORK_DIR ?? dir, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir, FAKE_DOCKER_LOG: log, FAKE_DOCKER_RC: String(rc), ...env } },
          (err, stdout, stderr) => {
            void readFile(log, 'utf8')
              .catch(() => '')
              .then((text) => {
                const calls = text.split('\x1e').filter(Boolean).map((c) => c.split('\x1f').slice(0, -1))
                const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
                resolve({ code, stdout, stderr, calls })
              })
          },
        )
      })
    },
  }
}
