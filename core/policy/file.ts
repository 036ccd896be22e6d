// Policy text (a file's content). Non-JSON text throws ReportError (same wording as reports);
// JSON that is not a usable policy throws PolicyError. Reading from disk lives in core/files.ts.
import { parseJsonText } from '../readers/json-text.ts'
import type { ImageAssurancePolicy } from '../types.ts'
import { readPolicies } from './read.ts'

export function readPolicyText(text: string, file: string): ImageAssurancePolicy[] {
  return readPolicies(parseJsonText(text, file, 'policy'), file)
}
