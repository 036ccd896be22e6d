// Broken copies of a snippet for the tests that prove a check can fail.

/** The text with its first `from` replaced by `to`; throws when `from` is not there, so a test
 * can never check an unchanged copy. */
export function brokenCopy(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the snippet has no "${from}" to break`)
  return text.replace(from, to)
}
