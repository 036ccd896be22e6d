// The one place a Verdict is put into words: the outcome (compliant or not, as the console marks it),
// the Aqua CI/CD step (passes or fails, exit code 4), the failed controls once each, and the reason.
// The `kit gate` terminal text, the HTML report, every verdict component and the decks read these
// words, so a verdict reads the same on a slide, in a PDF, in a browser and in a terminal.
//
// The rule (core/policy/evaluate.ts): a failed policy marks the image non-compliant only when its
// "Mark failed images as non-compliant" action (block_failed) is on, and fails the CI/CD step only when
// its "Fail the Aqua step in CI/CD" action (fail_cicd) is on. Aqua documents the two as separate
// actions; whether the scanner's exit code also follows the first is not documented (UNVERIFIED_CICD).
import { acts } from './policy/evaluate.ts'
import { CONTROLS, CONTROL_STATUS_TEXT } from './policy/catalogue.ts'
import type { ControlResult, PolicyActions, PolicyVerdict, Verdict } from './types.ts'

export type Compliance = 'compliant' | 'non-compliant'

/** The console's two marks. */
export const COMPLIANCE_TEXT: Readonly<Record<Compliance, string>> = { compliant: 'Compliant', 'non-compliant': 'Non-compliant' }

/** The console's banner sentence. */
export const COMPLIANCE_HEADLINE: Readonly<Record<Compliance, string>> = {
  compliant: 'Image is compliant',
  'non-compliant': 'Image is non-compliant',
}

/** The scanner's CI/CD step, with its exit code. */
export const CICD_TEXT = { fails: 'Aqua CI/CD step fails (exit code 4)', passes: 'Aqua CI/CD step passes (exit code 0)' } as const

/** The three actions, as the policy editor names them. */
export const ACTION_TEXT: Readonly<Record<keyof PolicyActions, string>> = {
  audit: 'audit',
  failCicd: 'fail CI/CD',
  markNonCompliant: 'mark non-compliant',
}

/** Said beside a verdict where some policy failed that only audits. */
export const AUDIT_ONLY_TEXT = 'Audit only: the failure is logged; compliance and the CI/CD step are unchanged.'

/** What the rule leaves open, said where it matters (a failed policy that marks but does not fail CI/CD). */
export const UNVERIFIED_CICD =
  'Unverified: whether the Aqua scanner also fails the CI/CD step for a policy that marks images non-compliant but does not fail CI/CD; the kit assumes it does not.'

/** The rule in one sentence, for slides and help text. */
export const RULE_TEXT =
  'An image is non-compliant when a policy that fails it has "Mark failed images as non-compliant" on; the Aqua CI/CD step fails when one has "Fail the Aqua step in CI/CD" on; an audit-only failure changes neither.'

export const complianceOf = (verdict: Verdict): Compliance => (verdict.compliant ? 'compliant' : 'non-compliant')

/** "audit, fail CI/CD" or "no action". */
export function actionsText(actions: PolicyActions): string {
  const on = (Object.keys(ACTION_TEXT) as Array<keyof PolicyActions>).filter((k) => actions[k]).map((k) => ACTION_TEXT[k])
  return on.length > 0 ? on.join(', ') : 'no action'
}

/** "On failure: audit, fail CI/CD". */
export const onFailureText = (actions: PolicyActions) => `On failure: ${actionsText(actions)}`

/** Failed, but its policy neither marks the image non-compliant nor fails CI/CD. */
export const isAuditOnly = (p: PolicyVerdict) => !p.passed && !acts(p.actions)

/** A policy's result: "Passed", "Failed" or "Failed (audit only)". */
export function policyOutcomeText(p: PolicyVerdict): string {
  return p.passed ? 'Passed' : isAuditOnly(p) ? 'Failed (audit only)' : 'Failed'
}

/** A control's result inside its policy: "Passed", "Failed", "Failed (audit only)", "Not evaluated". */
export function controlOutcomeText(c: ControlResult, p: PolicyVerdict): string {
  return c.status === 'failed' && !acts(p.actions) ? `${CONTROL_STATUS_TEXT.failed} (audit only)` : CONTROL_STATUS_TEXT[c.status]
}

/** Every failed control once, in the order the verdict lists them (a control failed by two layered policies is one line). */
export function failedControls(verdict: Verdict): ControlResult[] {
  const seen = new Map<string, ControlResult>()
  for (const p of verdict.policies) for (const c of p.controls) if (c.status === 'failed' && !seen.has(c.control)) seen.set(c.control, c)
  return [...seen.values()]
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many)

/** Why the verdict is what it is: which policies failed and what each one's actions do. */
export function verdictReason(verdict: Verdict): string {
  const n = verdict.policies.length
  if (n === 0) return 'No enabled policy applied.'
  const failed = verdict.policies.filter((p) => !p.passed)
  if (failed.length === 0) return `All ${n} enabled ${plural(n, 'policy', 'policies')} passed.`
  return `Failed: ${failed.map((p) => `${p.policy} (${isAuditOnly(p) ? 'audit only' : actionsText(p.actions)})`).join('; ')}.`
}

/** "3 of 10 controls could not be evaluated…", or null when every control was decided. */
export function undecidedText(verdict: Verdict): string | null {
  const controls = verdict.policies.flatMap((p) => p.controls)
  const undecided = controls.filter((c) => c.status === 'not-evaluated').length
  return undecided > 0 ? `${undecided} of ${controls.length} controls could not be evaluated from this report and are not counted as passed.` : null
}

export interface VerdictWords {
  compliance: Compliance
  /** "Compliant" / "Non-compliant". */
  complianceText: string
  /** "Image is compliant" / "Image is non-compliant". */
  headline: string
  /** "Aqua CI/CD step fails (exit code 4)" / "… passes (exit code 0)". */
  cicd: string
  /** The scanner's exit code for this verdict (0 or 4). */
  exitCode: 0 | 4
  reason: string
  failed: ControlResult[]
  /** Names of the failed controls, once each. */
  failedNames: string[]
  undecided: string | null
  /** Names of the controls the report cannot decide. */
  notEvaluated: string[]
  /** UNVERIFIED_CICD when this verdict depends on it, else null. */
  unverified: string | null
}

/** Everything a surface says about a verdict, worded once. */
export function verdictWords(verdict: Verdict): VerdictWords {
  const compliance = complianceOf(verdict)
  const failed = failedControls(verdict)
  const marksOnly = verdict.policies.some((p) => !p.passed && p.actions.markNonCompliant && !p.actions.failCicd)
  return {
    compliance,
    complianceText: COMPLIANCE_TEXT[compliance],
    headline: COMPLIANCE_HEADLINE[compliance],
    cicd: verdict.failsCicd ? CICD_TEXT.fails : CICD_TEXT.passes,
    exitCode: verdict.failsCicd ? 4 : 0,
    reason: verdictReason(verdict),
    failed,
    failedNames: failed.map((c) => c.name),
    undecided: undecidedText(verdict),
    notEvaluated: verdict.notEvaluated.map((id) => CONTROLS[id]?.name ?? id),
    unverified: marksOnly && !verdict.failsCicd ? UNVERIFIED_CICD : null,
  }
}

/** The short verdicts of dense places (matrix cells), with what each one means for a legend. */
export const SHORT_TEXT = {
  passes: 'Passes',
  'non-compliant': COMPLIANCE_TEXT['non-compliant'],
  'fails-cicd': 'Fails CI/CD',
  'audit-only': 'Audit only',
} as const
export const SHORT_TEXT_MEANING: Readonly<Record<keyof typeof SHORT_TEXT, string>> = {
  passes: 'every policy passed',
  'non-compliant': 'a failed policy marks failed images non-compliant',
  'fails-cicd': 'a failed policy fails the Aqua CI/CD step; the image stays compliant',
  'audit-only': 'failed and logged; compliance and the CI/CD step are unchanged',
}

/** A short verdict for dense places: "Non-compliant", "Fails CI/CD", "Audit only" or "Passes". */
export function verdictShortText(verdict: Verdict): string {
  if (!verdict.compliant) return SHORT_TEXT['non-compliant']
  if (verdict.failsCicd) return SHORT_TEXT['fails-cicd']
  return verdict.policies.some((p) => !p.passed) ? SHORT_TEXT['audit-only'] : SHORT_TEXT.passes
}

/** A verdict's terminal form, laid out by the caller's table and cleaned by its `clean`. */
export interface TextLayout {
  table: (rows: string[][], options: { header: boolean; indent: string }) => string
  clean: (text: string) => string
}

/**
 * The verdict for a terminal or a ticket: the outcome and CI/CD line, the reason, the failed controls,
 * a control table per policy, then the actions needed. Controls the report cannot decide are counted up
 * front, so a reader never mistakes a verdict with gaps for a complete one.
 */
export function verdictText(verdict: Verdict, layout: TextLayout): string {
  const { clean, table } = layout
  const words = verdictWords(verdict)
  const image = clean(verdict.image) || '(image name not in report)'
  const lines = [`${words.complianceText.toUpperCase()}: ${image} · ${words.cicd}`, clean(words.reason)]
  if (words.failedNames.length > 0) lines.push(`Failed controls: ${words.failedNames.join(', ')}.`)
  if (words.undecided) lines.push(words.undecided)
  if (words.unverified) lines.push(words.unverified)

  for (const p of verdict.policies) {
    lines.push('', `Policy ${clean(p.policy)}: ${policyOutcomeText(p)} [on failure: ${actionsText(p.actions)}]`)
    if (p.controls.length === 0) {
      lines.push('  (no controls enabled)')
      continue
    }
    lines.push(table([['Control', 'Status', 'Summary'], ...p.controls.map((c) => [c.name, controlOutcomeText(c, p), clean(c.summary)])], { header: true, indent: '  ' }))
  }
  if (verdict.actionsNeeded.length > 0) {
    lines.push('', 'Actions needed:')
    verdict.actionsNeeded.forEach((a, i) => lines.push(`  ${i + 1}. ${clean(a)}`))
  }
  if (words.notEvaluated.length > 0) lines.push('', `Not evaluated: ${words.notEvaluated.join(', ')} (check these on the Aqua platform).`)
  return lines.join('\n')
}
