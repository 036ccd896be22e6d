// Typed access to untrusted JSON. Every accessor either returns a value of the promised type or throws
// a ReportError that carries the exact JSON path, so no reader can return a half-read report.
// Missing and null are treated alike for optional fields (scanners write both).
import { ReportError, childPath, describeValue } from './errors.ts'

export type Json = Record<string, unknown>

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function wrongType(file: string, path: string, expected: string, value: unknown, headline?: string): never {
  throw new ReportError({
    file,
    path,
    expected,
    found: describeValue(value),
    headline: headline ?? `wrong type at ${path}`,
  })
}

/** The value must be an object. */
export function asObject(value: unknown, file: string, path: string, expected = 'an object'): Json {
  if (!isObject(value)) wrongType(file, path, expected, value)
  return value
}

/**
 * An optional field of one JSON type: missing or null gives `absent`, a value that `is` rejects is
 * a wrong-type ReportError at that field's path.
 */
function optional<T, A>(o: Json, key: string, file: string, path: string, expected: string, is: (v: unknown) => v is T, absent: A): T | A {
  const v = o[key]
  if (v === undefined || v === null) return absent
  if (!is(v)) wrongType(file, childPath(path, key), expected, v)
  return v
}

export function optObject(o: Json, key: string, file: string, path: string): Json | undefined {
  return optional(o, key, file, path, 'an object', isObject, undefined)
}

/** Optional array; missing or null gives [] (Trivy writes `"Vulnerabilities": null` for clean targets). */
export function optArray(o: Json, key: string, file: string, path: string): unknown[] {
  return optional(o, key, file, path, 'an array', Array.isArray, [])
}

export function optString(o: Json, key: string, file: string, path: string): string | undefined {
  return optional(o, key, file, path, 'a string', (v): v is string => typeof v === 'string', undefined)
}

export function str(o: Json, key: string, file: string, path: string): string {
  return optString(o, key, file, path) ?? ''
}

export function optNumber(o: Json, key: string, file: string, path: string): number | null {
  return optional(o, key, file, path, 'a number', (v): v is number => typeof v === 'number' && Number.isFinite(v), null)
}

export function optBoolean(o: Json, key: string, file: string, path: string): boolean | null {
  return optional(o, key, file, path, 'true or false', (v): v is boolean => typeof v === 'boolean', null)
}

/** Optional array of strings (CweIDs, References, RepoTags…). */
export function optStrings(o: Json, key: string, file: string, path: string): string[] {
  const list = optArray(o, key, file, path)
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'string') wrongType(file, `${childPath(path, key)}[${i}]`, 'a string', list[i])
  }
  return list as string[]
}
