// Runs the kit command in-process through main(argv, io), collecting what it writes.
import { main } from '../../cli/kit.ts'

export interface KitRun {
  code: number
  stdout: string
  stderr: string
}

/** `kit <args>` in this process: exit code, and stdout and stderr with their lines joined. */
export async function kit(...args: string[]): Promise<KitRun> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) })
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

/** The same with `env` set in process.env for the run (and put back after). */
export async function kitWithEnv(env: Record<string, string>, ...args: string[]): Promise<KitRun> {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  try {
    return await kit(...args)
  } finally {
    for (const k of Object.keys(env)) delete process.env[k]
    Object.assign(process.env, saved)
  }
}
