// Entry point for Image Assurance policies: read and lint policy JSON, evaluate scans against it, and
// the CONTROLS catalogue the decks use to explain each control.
export { CONTROLS, CONTROL_ORDER, CONTROL_STATUS_TEXT, UNVERIFIED_MARK, type ControlInfo } from './policy/catalogue.ts'
export { lintPolicy, type LintProblem } from './policy/lint.ts'
export { ImageAssurancePolicySchema, KNOWN_FIELDS, POLICY_SEVERITIES, type PolicySeverity } from './policy/schema.ts'
export { PolicyError, readPolicy, readPolicies } from './policy/read.ts'
export {
  evaluate,
  evaluatePolicy,
  evaluateControl,
  enabledControls,
  combineControls,
  combinePolicies,
  controlSettingsKey,
  actionsOf,
  acts,
  type EvaluateOptions,
} from './policy/evaluate.ts'
export { createControlCache, type ControlCache } from './policy/control-cache.ts'
export { isRootUser } from './policy/controls/image.ts'
export { packageMatches } from './policy/controls/packages.ts'
export { compareVersions, parseRange, satisfies } from './policy/versions.ts'
export { topFindings } from './policy/scan-index.ts'
