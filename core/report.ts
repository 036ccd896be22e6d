// Entry point for reading scan reports. Text is parsed once with JSON.parse and mapped straight into a
// ScanResult (no deep copies), so a 50 MB report stays within a second and a few hundred MB.
import type { ScanResult } from './types.ts'
import { readAqua } from './readers/aqua.ts'
import { readAquaImageApi } from './readers/aqua-image-api.ts'
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
        : detected.reader === 'aqua-image-api'
          ? readAquaImageApi(detected.doc, file)
          : readAqua(detected.doc, file)
  noteSummaryMismatch(scan)
  return scan
}

/** Parses report text (a whole file's content). */
export function readReport(text: string, file: string): ScanResult {
  return parseReport(parseJsonText(text, file), file)
}

