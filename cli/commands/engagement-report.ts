// kit engagement report <dir> --out summary.pdf|summary.html: the engagement summary for the customer.
// The document is rendered by core/engagement/summary-report.ts; this reads the folder and prints it.
import { existsSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { loadAnswers } from '../../core/engagement/answers.ts'
import { REPORTS_DIR } from '../../core/engagement/config.ts'
import { jsonFiles, policiesInPlay, readEngagementConfig, summarizeEngagement } from '../../core/engagement/folder.ts'
import { contentsOf, contentsPages, policyImpact, renderEngagementReport, summaryFooter, type DesignedPolicy, type EngagementReportInput } from '../../core/engagement/summary-report.ts'
import { DESIGNED_POLICY_FIELD } from '../../core/engagement/worksheets.ts'
import { readReportFile } from '../../core/files.ts'
import { PolicyError, readPolicy } from '../../core/policy.ts'
import { ReportError } from '../../core/readers/errors.ts'
import type { ScanResult } from '../../core/types.ts'
import { UsageError, parseCommandLine } from '../args.ts'
import { EXIT, KitError } from '../errors.ts'
import { type Output, onePositional, writeOutput } from '../io.ts'
import { htmlToPdf } from '../pdf.ts'
import { clean } from '../table.ts'

export const ENGAGEMENT_REPORT_HELP = `Usage: kit engagement report <engagement-dir> --out <summary.pdf|summary.html>

Writes the engagement summary for the customer (A4): a cover (customer, dates, consultant,
sections delivered), the contents, what each section decided, the impact of the designed
policies on the customer's own images (the counts of kit engagement summary), action items
with owner and due date, open questions, and an appendix with each designed policy (the
policies in play and the one designed in the workshop) as Aqua JSON. Page numbers on every page.
PDF output needs an installed Chrome, Chromium or Edge (KIT_CHROME=<path> to choose).

Options:
  --out <file>  .pdf or .html
  -h, --help    show this help

Exit codes: 0 written, 2 no such folder, bad engagement.yaml, an unreadable report (the summary
is written without it), bad usage or no browser for PDF.`

const COMMAND = 'engagement report'

export async function runEngagementReport(argv: readonly string[], io: Output): Promise<number> {
  const args = parseCommandLine(argv, { out: { type: 'string' } }, COMMAND)
  if (args.help) {
    io.out(ENGAGEMENT_REPORT_HELP)
    return EXIT.ok
  }
  const dir = onePositional(args.positionals, COMMAND, 'engagement folder')
  const out = args.values.out
  if (typeof out !== 'string') throw new UsageError('give --out <summary.pdf|summary.html>', COMMAND)
  const kind = extname(out).toLowerCase()
  if (kind !== '.html' && kind !== '.htm' && kind !== '.pdf') throw new UsageError(`--out must end in .pdf or .html, not ${kind || '(no extension)'}`, COMMAND)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new KitError(`${dir}: no such engagement folder`)

  const input = await writeEngagementSummary(dir, out, io)
  for (const line of input.problems) io.err(`bad       ${clean(line)}`)
  const failing = input.summary.images.filter((i) => i.verdict === 'non-compliant').length
  io.out(`Wrote ${out} for ${clean(input.config.customer)}: ${input.summary.images.length} images (${failing} non-compliant), ${input.policies.length} designed ${input.policies.length === 1 ? 'policy' : 'policies'}`)
  return input.problems.length ? EXIT.input : EXIT.ok
}

/** Writes the summary of the engagement in `dir` to `out` (.pdf, or else HTML); also serves the index page's link. */
export async function writeEngagementSummary(dir: string, out: string, io: Output): Promise<EngagementReportInput> {
  const input = await readEngagementReport(dir, io)
  const html = renderEngagementReport(input)
  if (extname(out).toLowerCase() !== '.pdf') {
    await writeOutput(out, html)
    return input
  }
  const entries = contentsOf(input)
  await htmlToPdf(html, out, {
    footer: summaryFooter(input.config.customer),
    // Second pass: the contents with the page each part landed on in the first.
    repaginate: (pages) => renderEngagementReport({ ...input, pages: contentsPages(entries, pages) }),
  })
  return input
}

/** Everything the summary shows, read from the folder by the same functions as the other engagement commands. */
export async function readEngagementReport(dir: string, io: Output, now = new Date()): Promise<EngagementReportInput> {
  const config = await readEngagementConfig(dir)
  const { summary, problems } = await summarizeEngagement(dir, { now })
  const recovered = await loadAnswers(dir)
  for (const problem of recovered.problems) io.err(`warning: ${clean(problem)}`)
  const record = recovered.record
  const policies: DesignedPolicy[] = (await policiesInPlay(dir, config)).map((policy) => ({ policy, origin: 'in play' }))
  const designed = record.fields[DESIGNED_POLICY_FIELD]?.value.trim()
  if (designed) {
    // The live policy editor's Aqua JSON; a broken one is named and left out, the rest is kept.
    const where = `${join(dir, 'answers.json')} field ${DESIGNED_POLICY_FIELD}`
    try {
      policies.push({ policy: readPolicy(JSON.parse(designed), where), origin: 'designed in the workshop' })
    } catch (error) {
      const line =
        error instanceof PolicyError ? error.message.split('\n').join(';') : error instanceof SyntaxError ? `${where}: not JSON (${error.message})` : null
      if (line === null) throw error
      io.err(`warning: ${clean(line)}; the designed policy is left out of the summary`)
    }
  }
  // Each policy applied alone needs the scans themselves; unreadable reports are already in problems.
  const files: Array<{ name: string; scan: ScanResult }> = []
  if (policies.length > 0) {
    for (const name of await jsonFiles(join(dir, REPORTS_DIR))) {
      try {
        files.push({ name, scan: await readReportFile(join(dir, REPORTS_DIR, name)) })
      } catch (error) {
        if (!(error instanceof ReportError)) throw error
      }
    }
  }
  return { config, summary, problems, record, policies, impact: policyImpact(files, policies, now), generated: now.toISOString().slice(0, 10) }
}
