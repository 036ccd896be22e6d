// Entry point for reading scan reports. Text is parsed once with JSON.parse and mapped straight into a
// ScanResult (no deep copies), so a 50 MB report stays within a second and a few hundred MB.
import { readFile, stat } from 'node:fs/promises'
import type { ScanResult } from './types.ts'
import { readAqua } from './readers/aqua.ts'
import { detectReport } from './readers/detect.ts'
import { ReportError } from './readers/errors.ts'
import { parseJsonText } from './readers/json-text.ts'
import { readTrivyLegacy, readTrivyV2 } from './readers/trivy.ts'
import { noteSummaryMismatch } from './summary.ts'

export { ReportError } from './readers/errors.ts'
export type { ReportErrorDetails } from './readers/errors.ts'

/** Maps an already-parsed JSON document to a ScanResult; throws ReportError for anything else. */
export function parseReport(json: unknown, file: string): ScanResult {
  const detected = detectReport(json, file)
  const scan =
    detected.reader === 'trivy-v2'
      ? readTrivyV2(detected.doc, file)
      : detected.reader === 'trivy-legacy'
        ? readTrivyLegacy(detected.list, file)
        : readAqua(detected.doc, file)
  noteSummaryMismatch(scan)
  return scan
}

/** Parses report text (a whole file's content). */
export function readReport(text: string, file: string): ScanResult {
  return parseReport(parseJsonText(text, file), file)
}

/** Reads and parses a report file; file-system problems become ReportErrors too. */
export async function readReportFile(path: string): Promise<ScanResult> {
  let text: string
  try {
    const info = await stat(path)
    if (info.isDirectory()) {
      throw new ReportError({ file: path, path: '$', expected: 'a report file', found: 'a directory', headline: 'this is a directory, not a report file' })
    }
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (error instanceof ReportError) throw error
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(error)})`
    throw new ReportError({ file: path, path: '$', expected: 'a readable report file', headline: `cannot read the report: ${reason}` })
  }
  return readReport(text, path)
}
