// Reading reports and policies from disk: Node only, so the browser-side modules (report.ts,
// policy.ts) stay free of node:fs and the decks bundle nothing they cannot run.
import { readFile, stat } from 'node:fs/promises'
import { ReportError } from './readers/errors.ts'
import { parseJsonText } from './readers/json-text.ts'
import { readPolicies } from './policy/read.ts'
import { readReport } from './report.ts'
import type { ImageAssurancePolicy, ScanResult } from './types.ts'

/** A file's text; file-system problems become ReportErrors that name the file. */
async function readTextFile(path: string, what: 'report' | 'policy'): Promise<string> {
  try {
    if ((await stat(path)).isDirectory()) {
      throw new ReportError({ file: path, path: '$', expected: `a ${what} file`, found: 'a directory', headline: `this is a directory, not a ${what} file` })
    }
    return await readFile(path, 'utf8')
  } catch (error) {
    if (error instanceof ReportError) throw error
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(error)})`
    throw new ReportError({ file: path, path: '$', expected: `a readable ${what} file`, headline: `cannot read the ${what === 'report' ? 'report' : 'policy file'}: ${reason}` })
  }
}

/** Reads and parses a report file. */
export async function readReportFile(path: string): Promise<ScanResult> {
  return readReport(await readTextFile(path, 'report'), path)
}

export async function readPolicyJsonFile(path: string): Promise<unknown> {
  return parseJsonText(await readTextFile(path, 'policy'), path, 'policy')
}

/** Reads a policy file: one policy, an array of them, or the API's { result: [...] } listing. */
export async function readPolicyFile(path: string): Promise<ImageAssurancePolicy[]> {
  return readPolicies(await readPolicyJsonFile(path), path)
}
