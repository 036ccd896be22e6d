// Scan + policies → Verdict, the way Aqua decides compliance: every enabled policy is checked and a
// failing policy does what its three independent action flags say. Aqua's documentation lists them as
// separate actions ("Create an audit message", "Fail the Aqua step in CI/CD", "Mark failed images as
// non-compliant"), so the verdict keeps two outcomes apart: `compliant` (the console's mark, from
// block_failed) and `failsCicd` (the scanner's CI/CD step, exit code 4, from fail_cicd). An audit-only
// failure changes neither. core/verdict-text.ts words both outcomes for every consumer.
import type {
  ControlId,
  ControlResult,
  ImageAssurancePolicy,
  PolicyActions,
  PolicyVerdict,
  ScanResult,
  Verdict,
} from '../types.ts'
import { CONTROLS, CONTROL_ORDER } from './catalogue.ts'
import { type ControlContext, result } from './context.ts'
import { baseImageControl, labelsForbiddenControl, labelsRequiredControl, malwareControl, sensitiveDataControl, superuserControl } from './controls/image.ts'
import { licensesAllowedControl, licensesBlockedControl, packagesBlockedControl, packagesRequiredControl } from './controls/packages.ts'
import { blockedCvesControl, scoreControl, severityControl } from './controls/vulnerabilities.ts'
import { indexScan } from './scan-index.ts'

export interface EvaluateOptions {
  /** The moment "recently published" is measured from; defaults to the current time. */
  now?: Date
}

const DAY_MS = 86_400_000

/** Controls the kit can decide from a report; the rest need the live platform. */
const EVALUATORS: Partial<Record<ControlId, (ctx: ControlContext) => ControlResult>> = {
  max_severity: severityControl,
  max_score: scoreControl,
  cves_blocked: blockedCvesControl,
  malware: malwareControl,
  sensitive_data: sensitiveDataControl,
  root_user: superuserControl,
  trusted_base_images: baseImageControl,
  packages_blocked: packagesBlockedControl,
  packages_required: packagesRequiredControl,
  licenses_blocked: licensesBlockedControl,
  licenses_allowed: licensesAllowedControl,
  labels_required: labelsRequiredControl,
  labels_forbidden: labelsForbiddenControl,
}

/** Aqua's Terraform provider defaults all three action flags to true, so an absent flag counts as on. */
const flag = (value: unknown) => value !== false

export function actionsOf(policy: ImageAssurancePolicy): PolicyActions {
  return { audit: flag(policy.audit_on_failure), failCicd: flag(policy.fail_cicd), markNonCompliant: flag(policy.block_failed) }
}

/** A failure of this policy changes an outcome (compliance or the CI/CD step); audit-only ones do not. */
export const acts = (actions: PolicyActions) => actions.failCicd || actions.markNonCompliant

function policyContext(scan: ScanResult, policy: ImageAssurancePolicy, now: Date): ControlContext {
  const period = policy.ignore_recently_published_vln_period
  return {
    scan,
    index: indexScan(scan),
    policy,
    allowed:
      policy.cves_white_list_enabled === true && policy.cves_white_list && policy.cves_white_list.length > 0
        ? new Set(policy.cves_white_list.map((id) => id.toUpperCase()))
        : null,
    recentSince: policy.ignore_recently_published_vln === true && typeof period === 'number' && period > 0 ? now.getTime() - period * DAY_MS : null,
  }
}

/** The controls a policy switches on, in the console's order. */
export function enabledControls(policy: ImageAssurancePolicy): ControlId[] {
  return CONTROL_ORDER.filter((id) => policy[CONTROLS[id].enableField] === true)
}

/**
 * One control of a policy against a scan, whether or not the policy switches it on. The result
 * depends on the policy only through `controlSettingsKey(policy)`: a switch that changes one
 * control's enable field leaves every other control's result as it was.
 */
export function evaluateControl(scan: ScanResult, policy: ImageAssurancePolicy, id: ControlId, now: Date, ctx = policyContext(scan, policy, now)): ControlResult {
  const evaluator = EVALUATORS[id]
  return evaluator ? evaluator(ctx) : result(id, 'not-evaluated', `needs ${CONTROLS[id].needs}.`)
}

const ENABLE_FIELDS: ReadonlySet<string> = new Set(CONTROL_ORDER.map((id) => CONTROLS[id].enableField))

/** The part of a policy control results depend on: every field but the controls' enable fields. */
export function controlSettingsKey(policy: ImageAssurancePolicy): string {
  return JSON.stringify(Object.keys(policy).sort().filter((k) => !ENABLE_FIELDS.has(k)).map((k) => [k, policy[k]]))
}

/** A policy's verdict from the results of the controls it switches on (in `enabledControls` order). */
export function combineControls(policy: ImageAssurancePolicy, controls: ControlResult[]): PolicyVerdict {
  return { policy: policy.name, actions: actionsOf(policy), passed: !controls.some((c) => c.status === 'failed'), controls }
}

export function evaluatePolicy(scan: ScanResult, policy: ImageAssurancePolicy, now: Date): PolicyVerdict {
  const ctx = policyContext(scan, policy, now)
  return combineControls(policy, enabledControls(policy).map((id) => evaluateControl(scan, policy, id, now, ctx)))
}

export function evaluate(scan: ScanResult, policies: readonly ImageAssurancePolicy[], options: EvaluateOptions = {}): Verdict {
  const now = options.now ?? new Date()
  return combinePolicies(scan, policies, (p) => evaluatePolicy(scan, p, now), now)
}

// A PolicyImpact toggle combines thousands of verdicts at one moment: word that moment once.
let lastNow = NaN
let lastIso = ''
function isoOf(now: Date): string {
  if (now.getTime() !== lastNow) {
    lastNow = now.getTime()
    lastIso = now.toISOString()
  }
  return lastIso
}

/**
 * The verdict under several policies from each policy's own verdict (`policyVerdict` is asked only
 * for the policies that are on), so a caller that keeps the verdicts of untouched policies can
 * combine them again without evaluating them.
 */
export function combinePolicies(
  scan: ScanResult,
  policies: readonly ImageAssurancePolicy[],
  policyVerdict: (policy: ImageAssurancePolicy, index: number) => PolicyVerdict,
  now: Date,
): Verdict {
  const verdicts: PolicyVerdict[] = []
  for (let i = 0; i < policies.length; i++) if (policies[i]!.enabled !== false) verdicts.push(policyVerdict(policies[i]!, i))

  const actions = new Set<string>()
  // Policies that act first: those are the sentences that unblock the pipeline or the image.
  for (const actingFirst of [true, false]) {
    for (const v of verdicts) {
      if (acts(v.actions) !== actingFirst) continue
      for (const c of v.controls) if (c.status === 'failed' && c.action) actions.add(c.action)
    }
  }
  const notEvaluated = new Set<ControlId>()
  for (const v of verdicts) for (const c of v.controls) if (c.status === 'not-evaluated') notEvaluated.add(c.control)

  return {
    image: scan.image,
    compliant: !verdicts.some((v) => !v.passed && v.actions.markNonCompliant),
    failsCicd: verdicts.some((v) => !v.passed && v.actions.failCicd),
    policies: verdicts,
    actionsNeeded: [...actions],
    notEvaluated: notEvaluated.size === 0 ? [] : CONTROL_ORDER.filter((id) => notEvaluated.has(id)),
    evaluatedAt: isoOf(now),
  }
}
