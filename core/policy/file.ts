// Policy files on disk. Unreadable or non-JSON files throw ReportError (same wording as reports);
// JSON that is not a usable policy throws PolicyError.
import { readFile } from 'node:fs/promises'
import { ReportError } from '../readers/errors.ts'
import { parseJsonText } from '../readers/json-text.ts'
import type { ImageAssurancePolicy } from '../types.ts'
import { readPolicies } from './read.ts'

export function readPolicyText(text: string, file: string): ImageAssurancePolicy[] {
  return readPolicies(parseJsonText(text, file, 'policy'), file)
}

export async function readPolicyJsonFile(path: string): Promise<unknown> {
  return parseJsonText(await readTextFile(path, 'policy'), path, 'policy')
}

export async function readPolicyFile(path: string): Promise<ImageAssurancePolicy[]> {
  return readPolicies(await readPolicyJsonFile(path), path)
}

async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'this is a directory' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(error)})`
    throw new ReportError({ file: path, path: '$', expected: `a readable ${what} file`, headline: `cannot read the ${what} file: ${reason}` })
  }
}
