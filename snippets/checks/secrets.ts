// Patterns of credentials that must never be written into a snippet.

export const LITERAL_SECRET_PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{20,}/],
  ['GitLab token', /\bglpat-[A-Za-z0-9_-]{20,}/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['Slack webhook', /hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{8,}/],
  ['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['long hex secret', /\b[0-9a-f]{40,}\b/],
]

export function literalSecrets(text: string): string[] {
  return LITERAL_SECRET_PATTERNS.filter(([, re]) => re.test(text)).map(([name]) => name)
}
