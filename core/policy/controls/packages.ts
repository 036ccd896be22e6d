// Packages Blocked / Required and OSS Licenses Blocked / Allowed. A report that lists only vulnerable
// packages can prove a blocked package is present but never that it is absent, so such reports make
// the "absent" outcomes not-evaluated instead of passed.
import type { ControlResult, Evidence, PackageRef, PackageRule } from '../../types.ts'
import { type ControlContext, listSome, plural, result } from '../context.ts'
import { licenseTokens, normaliseLicense } from '../scan-index.ts'
import { parseRange, satisfies } from '../versions.ts'

/** Spellings of one package format that policies and scanners use interchangeably. */
const FORMAT_GROUPS = [
  ['deb', 'dpkg'],
  ['npm', 'node', 'nodejs'],
  ['pypi', 'python', 'pip'],
  ['jar', 'java', 'maven'],
  ['gem', 'ruby', 'gemspec', 'bundler'],
  ['golang', 'go', 'gobinary', 'gomod'],
  ['cargo', 'rust'],
  ['nuget', 'dotnet'],
  ['composer', 'php'],
]
const FORMAT_ALIAS = new Map<string, string>(FORMAT_GROUPS.flatMap((group) => group.map((name) => [name, group[0]!] as [string, string])))
const canonicalFormat = (f: string) => FORMAT_ALIAS.get(f.toLowerCase()) ?? f.toLowerCase()

export function packageMatches(pkg: PackageRef, rule: PackageRule): boolean {
  if (pkg.name.toLowerCase() !== (rule.name ?? '').toLowerCase()) return false
  if (rule.format && canonicalFormat(rule.format) !== canonicalFormat(pkg.format)) return false
  if (rule.version && rule.version !== pkg.version) return false
  if (rule.version_range && rule.version_range.trim() !== '') {
    const range = parseRange(rule.version_range)
    if (!range || !satisfies(pkg.version, range)) return false
  }
  return true
}

function matching(ctx: ControlContext, rule: PackageRule): PackageRef[] {
  return (ctx.index.packagesByName.get((rule.name ?? '').toLowerCase()) ?? []).filter((pkg) => packageMatches(pkg, rule))
}

const describePackage = (p: PackageRef) => [p.name, p.version, p.format ? `(${p.format})` : ''].filter((s) => s !== '').join(' ')
const describeRule = (r: PackageRule) => [r.name, r.version || r.version_range, r.format ? `(${r.format})` : ''].filter((s) => s).join(' ')
const FULL_LIST_HINT = 'the report lists only packages with vulnerabilities (scan with trivy --list-all-pkgs for a full list)'

export function packagesBlockedControl(ctx: ControlContext): ControlResult {
  const rules = ctx.policy.packages_black_list ?? []
  const found = rules.flatMap((rule) => matching(ctx, rule))
  if (found.length > 0) {
    const names = [...new Set(found.map(describePackage))]
    return result(
      'packages_blocked',
      'failed',
      `${plural(names.length, 'blocked package')} in the image: ${listSome(names, 5)}.`,
      names.map((text) => ({ kind: 'package', text })),
      `Remove the blocked packages from the image: ${listSome(names)}.`,
      names.length,
    )
  }
  if (ctx.scan.packageInventory !== 'full') {
    return result('packages_blocked', 'not-evaluated', `Cannot tell: none of the listed packages is blocked, but ${FULL_LIST_HINT}.`)
  }
  return result('packages_blocked', 'passed', `None of the ${plural(rules.length, 'blocked package')} is in the image.`)
}

export function packagesRequiredControl(ctx: ControlContext): ControlResult {
  const rules = ctx.policy.packages_white_list ?? []
  const missing = rules.filter((rule) => matching(ctx, rule).length === 0)
  if (missing.length === 0) return result('packages_required', 'passed', `All ${plural(rules.length, 'required package')} present.`)
  if (ctx.scan.packageInventory !== 'full') {
    return result('packages_required', 'not-evaluated', `Cannot tell: ${plural(missing.length, 'required package')} not seen, but ${FULL_LIST_HINT}.`)
  }
  const names = missing.map(describeRule)
  return result(
    'packages_required',
    'failed',
    `${plural(missing.length, 'required package')} missing: ${listSome(names, 5)}.`,
    names.map((text) => ({ kind: 'package', text: `${text} is missing` })),
    `Add the required packages to the image: ${listSome(names)}.`,
    missing.length,
  )
}

function unlicensedNote(ctx: ControlContext): string {
  const without = ctx.scan.packages.length - ctx.index.licensed.length
  return without > 0 ? ` (${plural(without, 'package')} without license data not checked)` : ''
}

export function licensesBlockedControl(ctx: ControlContext): ControlResult {
  if (ctx.index.licensed.length === 0) return result('licenses_blocked', 'not-evaluated', 'Cannot tell: the report has no license data for any package.')
  // Look the blocked licenses up in the per-scan token index instead of scanning every package.
  const offenders = [...new Set((ctx.policy.blacklisted_licenses ?? []).flatMap((l) => ctx.index.byLicense.get(normaliseLicense(l)) ?? []))]
  if (offenders.length === 0) return result('licenses_blocked', 'passed', `No package uses a blocked license${unlicensedNote(ctx)}.`)
  const evidence: Evidence[] = offenders.map(({ pkg }) => ({ kind: 'license', text: `${describePackage(pkg)}: ${pkg.licenses.join(', ')}` }))
  const hitLicenses = [...new Set(offenders.flatMap(({ pkg }) => pkg.licenses))]
  return result(
    'licenses_blocked',
    'failed',
    `${plural(offenders.length, 'package')} under blocked licenses: ${listSome(hitLicenses, 5)}.`,
    evidence,
    `Replace or remove the packages under blocked licenses (${listSome(hitLicenses)}).`,
    offenders.length,
  )
}

export function licensesAllowedControl(ctx: ControlContext): ControlResult {
  if (ctx.index.licensed.length === 0) return result('licenses_allowed', 'not-evaluated', 'Cannot tell: the report has no license data for any package.')
  const allowed = new Set(licenseTokens(ctx.policy.whitelisted_licenses ?? []))
  const offenders = ctx.index.licensed.filter((l) => !l.tokens.some((t) => allowed.has(t)))
  if (offenders.length === 0) return result('licenses_allowed', 'passed', `Every licensed package uses an allowed license${unlicensedNote(ctx)}.`)
  const others = [...new Set(offenders.flatMap(({ pkg }) => pkg.licenses))]
  return result(
    'licenses_allowed',
    'failed',
    `${plural(offenders.length, 'package')} under licenses not on the allowed list: ${listSome(others, 5)}.`,
    offenders.map(({ pkg }) => ({ kind: 'license', text: `${describePackage(pkg)}: ${pkg.licenses.join(', ')}` })),
    `Replace the packages whose licenses are not allowed (${listSome(others)}), or extend the allowed list.`,
    offenders.length,
  )
}
