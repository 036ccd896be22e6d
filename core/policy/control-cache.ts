// Per-control results kept across evaluations of many scans, for PolicyImpact's switches: a switch
// changes one control's enable field, so only that control is evaluated again (once per scan, then
// kept) and each policy verdict is recombined from the kept results. Same evaluators and same
// combine step as `evaluate`; unit tests prove the verdicts equal.
import type { ControlId, ControlResult, ImageAssurancePolicy, PolicyVerdict, ScanResult } from '../types.ts'
import { combineControls, controlSettingsKey, enabledControls, evaluateControl } from './evaluate.ts'

/** Settings variants kept (the saved policies plus a few edited copies); the oldest goes first. */
const MAX_SETTINGS = 16

export interface ControlCache {
  /**
   * The verdict of `policy` alone on every scan, in the order of the scans; null where an evaluator
   * threw for that scan (the caller asks `evaluate` again there, to word the error).
   */
  policyVerdicts(policy: ImageAssurancePolicy): Array<PolicyVerdict | null>
}

export function createControlCache(scans: readonly ScanResult[], now: Date): ControlCache {
  // settings key → control → result per scan (null: the evaluator threw).
  const bySettings = new Map<string, Map<ControlId, Array<ControlResult | null>>>()

  function resultsOf(policy: ImageAssurancePolicy, key: string, id: ControlId): Array<ControlResult | null> {
    let byControl = bySettings.get(key)
    if (!byControl) {
      if (bySettings.size >= MAX_SETTINGS) bySettings.delete(bySettings.keys().next().value!)
      byControl = new Map()
      bySettings.set(key, byControl)
    }
    let results = byControl.get(id)
    if (!results) {
      results = scans.map((scan) => {
        try {
          return evaluateControl(scan, policy, id, now)
        } catch {
          return null
        }
      })
      byControl.set(id, results)
    }
    return results
  }

  return {
    policyVerdicts(policy) {
      const key = controlSettingsKey(policy)
      const columns = enabledControls(policy).map((id) => resultsOf(policy, key, id))
      return scans.map((_, r) => {
        const controls: ControlResult[] = []
        for (const column of columns) {
          const c = column[r]
          if (!c) return null
          controls.push(c)
        }
        return combineControls(policy, controls)
      })
    },
  }
}
