// The human form of a Verdict: one verdict line, a control table per policy, then actions needed.
// Controls the report cannot decide are counted in the verdict line, so a reader never mistakes a
// verdict with gaps for a complete one.
import { CONTROLS } from '../core/policy.ts'
import type { Verdict } from '../core/types.ts'
import { clean, table } from './table.ts'

const STATUS = { passed: 'passed', failed: 'FAILED', 'not-evaluated': 'not evaluated' } as const

export function verdictText(verdict: Verdict): string {
  const lines: string[] = []
  const failedGating = verdict.policies.filter((p) => p.gating && !p.passed)
  const failedAudit = verdict.policies.filter((p) => !p.gating && !p.passed)
  const image = clean(verdict.image) || '(image name not in report)'
  const controls = verdict.policies.flatMap((p) => p.controls)
  const undecided = controls.filter((c) => c.status === 'not-evaluated').length
  const head = verdict.compliant ? `COMPLIANT: ${image}` : `NON-COMPLIANT: ${image}`
  const why = verdict.compliant
    ? verdict.policies.length === 0
      ? 'no enabled policy applied'
      : failedAudit.length > 0
        ? `no gating policy failed; ${failedAudit.length} audit-only ${failedAudit.length === 1 ? 'policy' : 'policies'} failed`
        : `all ${verdict.policies.length} enabled ${verdict.policies.length === 1 ? 'policy' : 'policies'} passed`
    : `gating ${failedGating.length === 1 ? 'policy' : 'policies'} failed: ${failedGating.map((p) => clean(p.policy)).join(', ')}`
  lines.push(`${head} (${why})`)
  if (undecided > 0) lines.push(`${undecided} of ${controls.length} controls could not be evaluated from this report and are not counted as passed.`)

  for (const p of verdict.policies) {
    lines.push('')
    const outcome = p.passed ? 'passed' : p.gating ? 'FAILED' : 'FAILED (audit only, does not gate)'
    lines.push(`Policy ${clean(p.policy)}: ${outcome} [on failure: ${p.enforcement}]`)
    if (p.controls.length === 0) {
      lines.push('  (no controls enabled)')
      continue
    }
    lines.push(table([['Control', 'Status', 'Summary'], ...p.controls.map((c) => [c.name, STATUS[c.status], clean(c.summary)])], { header: true, indent: '  ' }))
  }
  if (verdict.actionsNeeded.length > 0) {
    lines.push('', 'Actions needed:')
    verdict.actionsNeeded.forEach((a, i) => lines.push(`  ${i + 1}. ${clean(a)}`))
  }
  if (verdict.notEvaluated.length > 0) {
    lines.push('', `Not evaluated: ${verdict.notEvaluated.map((id) => CONTROLS[id].name).join(', ')} (check these on the Aqua platform).`)
  }
  return lines.join('\n')
}
