// Reading inputs and writing outputs for the commands, with errors that name the file.
import { writeFile } from 'node:fs/promises'
import { readPolicyFile, readReportFile } from '../core/files.ts'
import type { ImageAssurancePolicy, ScanResult } from '../core/types.ts'
import { UsageError } from './args.ts'
import { KitError } from './errors.ts'

export interface Output {
  out(text: string): void
  err(text: string): void
}

export const stdio: Output = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
}

/** Exactly one report path among the positionals. */
export function onePositional(positionals: readonly string[], command: string, what = 'report'): string {
  if (positionals.length === 0) throw new UsageError(`missing the ${what} file`, command)
  if (positionals.length > 1) throw new UsageError(`expected one ${what} file, got ${positionals.length}: ${positionals.join(' ')}`, command)
  return positionals[0]!
}

export async function loadReport(path: string): Promise<ScanResult> {
  return readReportFile(path)
}

/** Every --policy file, in order; a file may hold one policy or a list. */
export async function loadPolicies(files: readonly string[], command: string): Promise<ImageAssurancePolicy[]> {
  if (files.length === 0) throw new UsageError('give at least one --policy <file>', command)
  const policies: ImageAssurancePolicy[] = []
  for (const file of files) policies.push(...(await readPolicyFile(file)))
  return policies
}

export async function writeOutput(path: string, content: string): Promise<void> {
  try {
    await writeFile(path, content, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error)
    throw new KitError(`cannot write ${path}: ${reason}`)
  }
}
