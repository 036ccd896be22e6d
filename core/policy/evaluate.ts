// Scan + policies → Verdict, the way Aqua decides compliance: every enabled policy is checked, a
// failing policy acts according to its action flags, and only failures of gating policies (fail_cicd
// or block_failed) make the image non-compliant. Audit-only failures are reported but do not gate.
import type {
  ControlId,
  ControlResult,
  Enforcement,
  ImageAssurancePolicy,
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

export function actionsOf(policy: ImageAssurancePolicy): { enforcement: Enforcement; gating: boolean } {
  const block = flag(policy.block_failed)
  const failCicd = flag(policy.fail_cicd)
  const audit = flag(policy.audit_on_failure)
  const enforcement: Enforcement = block ? 'block' : failCicd ? 'fail-cicd' : audit ? 'audit-only' : 'none'
  return { enforcement, gating: block || failCicd }
}

export function evaluatePolicy(scan: ScanResult, policy: ImageAssurancePolicy, now: Date): PolicyVerdict {
  const period = policy.ignore_recently_published_vln_period
  const ctx: ControlContext = {
    scan,
    index: indexScan(scan),
    policy,
    allowed:
      policy.cves_white_list_enabled === true && policy.cves_white_list && policy.cves_white_list.length > 0
        ? new Set(policy.cves_white_list.map((id) => id.toUpperCase()))
        : null,
    recentSince: policy.ignore_recently_published_vln === true && typeof period === 'number' && period > 0 ? now.getTime() - period * DAY_MS : null,
  }
  const controls: ControlResult[] = []
  for (const id of CONTROL_ORDER) {
    const info = CONTROLS[id]
    if (policy[info.enableField] !== true) continue
    const evaluator = EVALUATORS[id]
    controls.push(evaluator ? evaluator(ctx) : result(id, 'not-evaluated', `needs ${info.needs}.`))
  }
  const { enforcement, gating } = actionsOf(policy)
  return { policy: policy.name, enforcement, gating, passed: !controls.some((c) => c.status === 'failed'), controls }
}

export function evaluate(scan: ScanResult, policies: readonly ImageAssurancePolicy[], options: EvaluateOptions = {}): Verdict {
  const now = options.now ?? new Date()
  const verdicts = policies.filter((p) => p.enabled !== false).map((p) => evaluatePolicy(scan, p, now))

  const actions = new Set<string>()
  // Gating policies first: those are the sentences that unblock the pipeline.
  for (const gatingFirst of [true, false]) {
    for (const v of verdicts) {
      if (v.gating !== gatingFirst) continue
      for (const c of v.controls) if (c.status === 'failed' && c.action) actions.add(c.action)
    }
  }
  const notEvaluated = new Set<ControlId>()
  for (const v of verdicts) for (const c of v.controls) if (c.status === 'not-evaluated') notEvaluated.add(c.control)

  return {
    image: scan.image,
    compliant: !verdicts.some((v) => v.gating && !v.passed),
    policies: verdicts,
    actionsNeeded: [...actions],
    notEvaluated: CONTROL_ORDER.filter((id) => notEvaluated.has(id)),
    evaluatedAt: now.toISOString(),
  }
}
