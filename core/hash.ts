// A short, synchronous text hash that gives the same answer in Node and every browser (no Web Crypto,
// which is async and absent on plain-http pages). For telling texts apart, never for security.

/** FNV-1a, 32 bits, over the text's UTF-8 bytes, as 8 hex digits. */
export function fnv1a(input: string): string {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}
