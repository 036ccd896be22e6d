// Package identity shared by both readers: one PackageRef per (format, name, version, path).
import type { PackageRef } from '../types.ts'

/** Trivy result Types for OS packages → the package format the Aqua console shows. */
const OS_FORMATS: Record<string, string> = {
  alpine: 'apk',
  wolfi: 'apk',
  chainguard: 'apk',
  debian: 'deb',
  ubuntu: 'deb',
  redhat: 'rpm',
  centos: 'rpm',
  rocky: 'rpm',
  alma: 'rpm',
  amazon: 'rpm',
  oracle: 'rpm',
  fedora: 'rpm',
  photon: 'rpm',
  suse: 'rpm',
  'opensuse.leap': 'rpm',
  'opensuse.tumbleweed': 'rpm',
  'sles': 'rpm',
  'cbl-mariner': 'rpm',
  azurelinux: 'rpm',
}

/** Trivy language result Types → format names. */
const LANG_FORMATS: Record<string, string> = {
  npm: 'npm',
  yarn: 'npm',
  pnpm: 'npm',
  'node-pkg': 'npm',
  pip: 'pypi',
  pipenv: 'pypi',
  poetry: 'pypi',
  uv: 'pypi',
  'python-pkg': 'pypi',
  jar: 'jar',
  pom: 'jar',
  gradle: 'jar',
  gobinary: 'golang',
  gomod: 'golang',
  cargo: 'cargo',
  'rust-binary': 'cargo',
  bundler: 'gem',
  gemspec: 'gem',
  composer: 'composer',
  nuget: 'nuget',
  'dotnet-core': 'nuget',
}

/** Format from a purl (`pkg:apk/alpine/musl@1.1`) else from the Trivy result Type, else ''. */
export function packageFormat(purl: string | undefined, resultType: string | undefined): string {
  if (purl && purl.startsWith('pkg:')) {
    const type = purl.slice(4, purl.indexOf('/') > 4 ? purl.indexOf('/') : undefined).toLowerCase()
    if (type === 'maven') return 'jar'
    if (type) return type
  }
  const t = (resultType ?? '').toLowerCase()
  return OS_FORMATS[t] ?? LANG_FORMATS[t] ?? t
}

/** Collects packages without duplicates, keeping the first (richest) copy of each. */
export class PackageSet {
  private readonly byKey = new Map<string, PackageRef>()

  add(pkg: PackageRef): PackageRef {
    const key = `${pkg.format}\u0000${pkg.name}\u0000${pkg.version}\u0000${pkg.path}`
    const known = this.byKey.get(key)
    if (known) {
      if (known.licenses.length === 0 && pkg.licenses.length > 0) known.licenses = pkg.licenses
      return known
    }
    this.byKey.set(key, pkg)
    return pkg
  }

  list(): PackageRef[] {
    return [...this.byKey.values()]
  }
}
