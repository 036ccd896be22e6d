// Jenkinsfiles parsed by a real Groovy parser: Debian's `groovy` package (Groovy's own compiler,
// the parser Jenkins Pipeline uses too), on the JRE that is there. npm cannot bring a JVM, so this
// one check needs a command outside node_modules: `.ci/run` installs it with apt-get; elsewhere,
// findGroovy() says why it is missing and the tests skip it by name (in CI they fail instead).

import { execFile, spawnSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PARSE_SCRIPT = fileURLToPath(new URL('./groovy/parse.groovy', import.meta.url))

export type Groovy = { ok: true; command: string; env: NodeJS.ProcessEnv } | { ok: false; reason: string }

function onPath(command: string): string | null {
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', [command], { encoding: 'utf8' })
  return r.status === 0 ? r.stdout.split(/\r?\n/)[0]!.trim() : null
}

/** Debian's groovy launcher looks for the JVM in JAVA_HOME or /usr/lib/jvm/default-java; a JRE from
 * another package (openjdk-17 without default-jre) has neither, so JAVA_HOME comes from `java`. */
function javaHome(): string | null {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin', 'java'))) return process.env.JAVA_HOME
  const java = onPath('java')
  return java ? dirname(dirname(realpathSync(java))) : null
}

export function findGroovy(): Groovy {
  const command = onPath('groovy')
  if (!command) return { ok: false, reason: 'no `groovy` command (Debian/Ubuntu: apt-get install groovy; macOS: brew install groovy)' }
  const home = javaHome()
  if (!home) return { ok: false, reason: 'no Java runtime for groovy (install a JRE, e.g. apt-get install default-jre-headless)' }
  return { ok: true, command, env: { ...process.env, JAVA_HOME: home } }
}

/** Parses the files in one JVM; `ok` false with the compiler's messages when any does not parse. */
export function groovyParse(groovy: Extract<Groovy, { ok: true }>, files: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(groovy.command, [PARSE_SCRIPT, ...files], { env: groovy.env }, (err, stdout, stderr) => {
      resolve({ ok: !err, output: `${stdout}${stderr}`.trim() })
    })
  })
}
