// Checks a policy file before anyone pushes it to a tenant or gates a build on it. Errors are things
// the engine (or Aqua) cannot act on; warnings are legal but probably not what the author meant.
import { childPath } from '../readers/errors.ts'
import {
  BOOLEAN_FIELDS,
  KNOWN_FIELDS,
  LIST_CONTROLS,
  NUMBER_FIELDS,
  OBJECT_LIST_FIELDS,
  POLICY_SEVERITIES,
  STRING_FIELDS,
  STRING_LIST_FIELDS,
} from './schema.ts'
import { parseRange } from './versions.ts'

export interface LintProblem {
  /** JSON path of the problem, e.g. `$.maximum_score`. */
  path: string
  message: string
  severity: 'error' | 'warning'
  /** What a valid value looks like (errors only). */
  expected?: string
}

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function kind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)}`
  return `${typeof v} ${String(v)}`
}

/** Quotes text from the policy file safely (escaped, clipped) for messages. */
function q(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

export function lintPolicy(json: unknown, file: string, base = '$'): LintProblem[] {
  void file // the path is relative to the file; the CLI prefixes the file name itself
  const problems: LintProblem[] = []
  const error = (path: string, message: string, expected?: string) => problems.push({ path, message, severity: 'error', expected })
  const warn = (path: string, message: string) => problems.push({ path, message, severity: 'warning' })

  if (!isObj(json)) {
    error(base, `a policy must be a JSON object, found ${kind(json)}`, 'a JSON object')
    return problems
  }
  const p = json
  const at = (key: string) => childPath(base, key)

  // Types of the fields the kit reads.
  for (const key of BOOLEAN_FIELDS) {
    if (key in p && p[key] !== null && typeof p[key] !== 'boolean') error(at(key), `${key} must be true or false, found ${kind(p[key])}`, 'true or false')
  }
  for (const key of STRING_FIELDS) {
    if (key in p && p[key] !== null && typeof p[key] !== 'string') error(at(key), `${key} must be a string, found ${kind(p[key])}`, 'a string')
  }
  for (const key of NUMBER_FIELDS) {
    if (key in p && p[key] !== null && (typeof p[key] !== 'number' || !Number.isFinite(p[key]))) {
      error(at(key), `${key} must be a number, found ${kind(p[key])}`, 'a number')
    }
  }
  for (const key of STRING_LIST_FIELDS) {
    const v = p[key]
    if (v === undefined || v === null) continue
    if (!Array.isArray(v)) error(at(key), `${key} must be a list of strings, found ${kind(v)}`, 'an array of strings')
    else v.forEach((item, i) => typeof item !== 'string' && error(`${at(key)}[${i}]`, `entries of ${key} must be strings, found ${kind(item)}`, 'a string'))
  }
  for (const key of OBJECT_LIST_FIELDS) {
    const v = p[key]
    if (v === undefined || v === null) continue
    if (!Array.isArray(v)) error(at(key), `${key} must be a list, found ${kind(v)}`, 'an array of objects')
    else v.forEach((item, i) => !isObj(item) && error(`${at(key)}[${i}]`, `entries of ${key} must be objects, found ${kind(item)}`, 'an object'))
  }

  // Identity.
  if (!('name' in p) || p.name === null) error(at('name'), 'the policy has no name', 'a non-empty string')
  else if (typeof p.name === 'string' && p.name.trim() === '') error(at('name'), 'the policy name is empty', 'a non-empty string')
  if (!('assurance_type' in p)) warn(at('assurance_type'), 'assurance_type is missing; the kit treats the policy as an image policy ("image")')
  else if (typeof p.assurance_type === 'string' && p.assurance_type !== 'image') {
    error(at('assurance_type'), `assurance_type is ${q(p.assurance_type)}, but the kit only evaluates image assurance policies`, '"image"')
  }

  // Vulnerability Severity.
  if (typeof p.cvss_severity === 'string') {
    const value = p.cvss_severity
    if (!(POLICY_SEVERITIES as readonly string[]).includes(value.toLowerCase())) {
      error(at('cvss_severity'), `unknown cvss_severity ${q(value)}: use one of ${POLICY_SEVERITIES.join(', ')}`, POLICY_SEVERITIES.join(' | '))
    } else if (value !== value.toLowerCase()) {
      warn(at('cvss_severity'), `write cvss_severity in lower case ("${value.toLowerCase()}") as the Aqua API does`)
    }
  }
  if (p.cvss_severity_enabled === true && (p.cvss_severity === undefined || p.cvss_severity === null || p.cvss_severity === '')) {
    error(at('cvss_severity'), 'Vulnerability Severity is enabled but cvss_severity is not set', POLICY_SEVERITIES.join(' | '))
  }

  // Vulnerability Score.
  if (typeof p.maximum_score === 'number' && (p.maximum_score < 0 || p.maximum_score > 10)) {
    error(at('maximum_score'), `maximum_score ${p.maximum_score} is outside the CVSS range 0–10`, 'a number from 0 to 10')
  }
  if (p.maximum_score_enabled === true && (p.maximum_score === undefined || p.maximum_score === null)) {
    error(at('maximum_score'), 'Vulnerability Score is enabled but maximum_score is not set', 'a number from 0 to 10')
  }

  // Controls that need a list.
  for (const [flag, list] of LIST_CONTROLS) {
    if (p[flag] !== true) continue
    const v = p[list]
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) {
      error(at(list), `${flag} is true but ${list} is empty, so the control cannot check anything`, `a non-empty ${list}`)
    }
  }
  if (p.cves_white_list_enabled === true && (!Array.isArray(p.cves_white_list) || p.cves_white_list.length === 0)) {
    warn(at('cves_white_list'), 'cves_white_list_enabled is true but the allow list is empty')
  }
  if (Array.isArray(p.cves_black_list) && Array.isArray(p.cves_white_list)) {
    const allowed = new Set(p.cves_white_list)
    p.cves_black_list.forEach((id, i) => {
      if (allowed.has(id)) warn(`${at('cves_black_list')}[${i}]`, `${String(id)} is both blocked and allowed; the allow list wins`)
    })
  }

  // Entries of the rule lists.
  for (const key of ['packages_black_list', 'packages_white_list'] as const) {
    const v = p[key]
    if (!Array.isArray(v)) continue
    v.forEach((rule, i) => {
      if (!isObj(rule)) return
      const rp = `${at(key)}[${i}]`
      for (const f of ['name', 'format', 'version', 'version_range', 'epoch', 'release', 'arch', 'license', 'display']) {
        if (f in rule && rule[f] !== null && typeof rule[f] !== 'string') error(childPath(rp, f), `${f} must be a string, found ${kind(rule[f])}`, 'a string')
      }
      if (typeof rule.name !== 'string' || rule.name.trim() === '') error(childPath(rp, 'name'), 'a package rule needs a package name', 'a non-empty string')
      if (typeof rule.version_range === 'string' && rule.version_range.trim() !== '' && parseRange(rule.version_range) === null) {
        error(childPath(rp, 'version_range'), `version_range ${q(rule.version_range)} is not understood`, 'comparators such as ">=1.2.0, <1.3"')
      }
    })
  }
  for (const key of ['required_labels', 'forbidden_labels'] as const) {
    const v = p[key]
    if (!Array.isArray(v)) continue
    v.forEach((rule, i) => {
      if (!isObj(rule)) return
      const rp = `${at(key)}[${i}]`
      if (typeof rule.key !== 'string' || rule.key === '') error(childPath(rp, 'key'), 'a label rule needs a key', 'a non-empty string')
      if ('value' in rule && rule.value !== null && typeof rule.value !== 'string') error(childPath(rp, 'value'), `value must be a string, found ${kind(rule.value)}`, 'a string ("" or "*" for any value)')
    })
  }
  if (Array.isArray(p.trusted_base_images)) {
    p.trusted_base_images.forEach((rule, i) => {
      if (!isObj(rule)) return
      for (const f of ['registry', 'imagename', 'imagedigest']) {
        if (f in rule && rule[f] !== null && typeof rule[f] !== 'string') error(childPath(`${at('trusted_base_images')}[${i}]`, f), `${f} must be a string, found ${kind(rule[f])}`, 'a string')
      }
    })
  }

  // Recently published vulnerabilities.
  const period = p.ignore_recently_published_vln_period
  if (typeof period === 'number' && (period < 0 || !Number.isInteger(period))) {
    error(at('ignore_recently_published_vln_period'), `the period must be a whole number of days, found ${period}`, 'a whole number of days ≥ 0')
  }
  if (p.ignore_recently_published_vln === true && !(typeof period === 'number' && period > 0)) {
    warn(at('ignore_recently_published_vln_period'), 'ignore_recently_published_vln is on but the period is 0 or missing, so nothing is ignored')
  }

  // Action flags.
  if (p.audit_on_failure === false && p.fail_cicd === false && p.block_failed === false) {
    warn(base, 'audit_on_failure, fail_cicd and block_failed are all false: a failure has no effect at all')
  }

  // Unknown fields are ignored, but a near miss of a known one is probably a typo.
  for (const key of Object.keys(p)) {
    if (KNOWN_FIELDS.has(key)) continue
    const guess = closestField(key)
    if (guess) warn(at(key), `unknown field ${q(key)} is ignored; did you mean "${guess}"?`)
  }
  return problems
}

function closestField(key: string): string | null {
  if (key.length < 5) return null
  const lower = key.toLowerCase()
  let best: string | null = null
  let bestDistance = 3
  for (const known of KNOWN_FIELDS) {
    if (Math.abs(known.length - key.length) >= bestDistance) continue
    const d = lower === known ? 1 : editDistance(lower, known)
    if (d < bestDistance) {
      best = known
      bestDistance = d
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]!
}
