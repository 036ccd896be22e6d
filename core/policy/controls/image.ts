// Controls about the image rather than its packages: Malware, Sensitive Data, Superuser, Labels and
// Approved Base Image. Where the report cannot show the data, the control is 'not-evaluated' with the
// reason, never 'passed'.
import type { ControlResult, Evidence, LabelRule } from '../../types.ts'
import { type ControlContext, listSome, plural, result } from '../context.ts'

export function malwareControl({ scan }: ControlContext): ControlResult {
  const count = Math.max(scan.malware.length, scan.malwareCount)
  if (count > 0) {
    const evidence: Evidence[] =
      scan.malware.length > 0
        ? scan.malware.map((m) => ({ kind: 'malware', text: [m.name || 'malware', m.path].filter((s) => s !== '').join(' at ') }))
        : [{ kind: 'malware', text: `${plural(count, 'malware finding')} in the scanner's summary (not itemised in the report)` }]
    return result('malware', 'failed', `${plural(count, 'malware finding')} in the image.`, evidence, 'Remove the malware from the image and rebuild it from a clean source.', count)
  }
  const ran = scan.coverage?.malware ?? null
  if (ran === false) {
    const why = scan.format === 'trivy' ? 'Trivy does not scan for malware; an Aqua scan is needed' : 'malware scanning was off for this scan (scan_options.scan_malware)'
    return result('malware', 'not-evaluated', `Cannot tell: ${why}.`)
  }
  if (ran === null && scan.reportedSummary?.malware == null) {
    return result('malware', 'not-evaluated', 'Cannot tell: the report does not say whether malware scanning ran.')
  }
  return result('malware', 'passed', 'No malware found.')
}

export function sensitiveDataControl({ scan }: ControlContext): ControlResult {
  const count = scan.secrets.length + scan.sensitiveCount
  if (count > 0) {
    const evidence: Evidence[] = scan.secrets.map((s) => ({
      kind: 'secret',
      text: `${s.title || s.ruleId} (${s.severity}) in ${s.target}${s.line !== null ? `:${s.line}` : ''}`,
    }))
    if (scan.sensitiveCount > 0) {
      evidence.push({ kind: 'secret', text: `${plural(scan.sensitiveCount, 'sensitive-data finding')} in the scanner's summary (not itemised in the report)` })
    }
    return result(
      'sensitive_data',
      'failed',
      `${plural(count, 'secret or sensitive-data finding', 'secret or sensitive-data findings')} in the image.`,
      evidence,
      'Remove the secrets and sensitive files from the image, rotate them, and pass secrets in at run time instead.',
      count,
    )
  }
  if (scan.coverage?.sensitiveData === false) {
    return result('sensitive_data', 'not-evaluated', 'Cannot tell: sensitive-data scanning was off for this scan (scan_options.scan_sensitive_data).')
  }
  const note = scan.coverage?.sensitiveData == null ? ' (the report does not record whether secret scanning ran)' : ''
  return result('sensitive_data', 'passed', `No secrets or sensitive data found${note}.`)
}

/** USER values that mean root: unset, "root", uid 0, with or without a group. */
export function isRootUser(user: string | null): boolean {
  if (user === null) return true
  const name = user.trim().split(':')[0]!.trim()
  return name === '' || name === 'root' || name === '0'
}

export function superuserControl({ scan }: ControlContext): ControlResult {
  if (!scan.config) {
    const why =
      scan.format === 'aqua'
        ? 'Aqua scan reports do not include the image configuration, so its USER is unknown here (the platform reads it from the image)'
        : 'the report has no image configuration (it is not an image scan, or the config was not recorded)'
    return result('root_user', 'not-evaluated', `Cannot tell: ${why}.`)
  }
  const user = scan.config.user
  const evidence: Evidence[] = [{ kind: 'user', text: user === null ? 'USER not set (defaults to root)' : `USER ${user}` }]
  if (isRootUser(user)) {
    const summary = user === null ? 'No USER is set, so containers run as root.' : `USER is ${user}, which is root.`
    return result('root_user', 'failed', summary, evidence, 'Run the image as a non-root user: add a USER instruction with a non-root user to the Dockerfile.')
  }
  return result('root_user', 'passed', `Runs as user ${user}.`, evidence)
}

/** A label rule matches when the key exists and the value is equal, or the rule's value is "" or "*". */
function labelMatches(labels: Record<string, string>, rule: LabelRule): boolean {
  if (!Object.prototype.hasOwnProperty.call(labels, rule.key)) return false
  const wanted = rule.value ?? ''
  return wanted === '' || wanted === '*' || labels[rule.key] === wanted
}

const describeRule = (rule: LabelRule) => (rule.value && rule.value !== '*' ? `${rule.key}=${rule.value}` : rule.key)

export function labelsRequiredControl({ scan, policy }: ControlContext): ControlResult {
  if (!scan.config) return result('labels_required', 'not-evaluated', 'Cannot tell: the report has no image configuration, so its labels are unknown.')
  const rules = policy.required_labels ?? []
  const labels = scan.config.labels
  const missing = rules.filter((r) => !labelMatches(labels, r))
  if (missing.length === 0) return result('labels_required', 'passed', `All ${plural(rules.length, 'required label')} present.`)
  const names = missing.map(describeRule)
  return result(
    'labels_required',
    'failed',
    `${plural(missing.length, 'required label')} missing or different: ${listSome(names, 5)}.`,
    missing.map((r) => ({
      kind: 'label',
      text: Object.prototype.hasOwnProperty.call(labels, r.key) ? `${r.key} is "${labels[r.key]}", expected "${r.value}"` : `${r.key} is missing`,
    })),
    `Add the required labels to the image: ${listSome(names)}.`,
    missing.length,
  )
}

export function labelsForbiddenControl({ scan, policy }: ControlContext): ControlResult {
  if (!scan.config) return result('labels_forbidden', 'not-evaluated', 'Cannot tell: the report has no image configuration, so its labels are unknown.')
  const labels = scan.config.labels
  const present = (policy.forbidden_labels ?? []).filter((r) => labelMatches(labels, r))
  if (present.length === 0) return result('labels_forbidden', 'passed', 'No forbidden labels present.')
  const names = present.map(describeRule)
  return result(
    'labels_forbidden',
    'failed',
    `${plural(present.length, 'forbidden label')} present: ${listSome(names, 5)}.`,
    present.map((r) => ({ kind: 'label', text: `${r.key}=${labels[r.key]}` })),
    `Remove the forbidden labels from the image: ${listSome(names)}.`,
    present.length,
  )
}

export function baseImageControl({ scan, policy }: ControlContext): ControlResult {
  const digest = scan.config?.baseImageDigest ?? null
  if (digest === null) {
    return result('trusted_base_images', 'not-evaluated', 'Cannot tell: the report has no base-image digest (Aqua works it out on the platform).')
  }
  const approved = (policy.trusted_base_images ?? []).filter((b) => typeof b.imagedigest === 'string' && b.imagedigest !== '')
  if (approved.length === 0) {
    return result('trusted_base_images', 'not-evaluated', 'Cannot tell: the policy lists no base-image digests to compare with.')
  }
  const match = approved.find((b) => b.imagedigest === digest)
  const evidence: Evidence[] = [{ kind: 'base-image', text: `base image digest ${digest}` }]
  if (match) return result('trusted_base_images', 'passed', `Built on approved base image ${match.imagename ?? match.imagedigest}.`, evidence)
  return result(
    'trusted_base_images',
    'failed',
    `The base image (${digest}) is not one of the ${plural(approved.length, 'approved base image')}.`,
    evidence,
    'Rebuild the image FROM one of the approved base images (matched by digest, so rescan the base after updating it).',
  )
}
