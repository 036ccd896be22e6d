// Version comparison for package rules. Aqua compares versions with each distro's own rules; the kit
// only needs a close, predictable approximation for workshop policies: an optional numeric epoch
// ("1:"), then runs of digits compared as numbers and other runs compared as text.

export function compareVersions(a: string, b: string): number {
  const [ea, ra] = splitEpoch(a)
  const [eb, rb] = splitEpoch(b)
  if (ea !== eb) return ea < eb ? -1 : 1
  const pa = ra.match(/\d+|[a-z]+/gi) ?? []
  const pb = rb.match(/\d+|[a-z]+/gi) ?? []
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i]
    const y = pb[i]
    if (x === undefined) return -1
    if (y === undefined) return 1
    const nx = /^\d+$/.test(x)
    const ny = /^\d+$/.test(y)
    if (nx && ny) {
      const d = Number(x) - Number(y)
      if (d !== 0) return d < 0 ? -1 : 1
    } else if (nx !== ny) {
      return nx ? 1 : -1 // a number sorts after text: 1.0 > 1.0rc1's "rc" part
    } else if (x !== y) {
      return x < y ? -1 : 1
    }
  }
  return 0
}

function splitEpoch(v: string): [number, string] {
  const m = /^(\d+):(.*)$/.exec(v.trim())
  return m ? [Number(m[1]), m[2]!] : [0, v.trim()]
}

export interface Comparator {
  op: '<' | '<=' | '>' | '>=' | '=' | '!='
  version: string
}

/**
 * Parses a range such as ">=1.2.0, <1.3" or ">= 2.0 < 3.0" (comparators joined by commas, spaces or
 * "&&"). Returns null when the text is not a range the kit understands.
 */
export function parseRange(range: string): Comparator[] | null {
  const parts = range.trim().match(/(<=|>=|!=|==|<|>|=)\s*([^\s,<>=!&]+)/g)
  if (!parts) return null
  const rest = range.replace(/(<=|>=|!=|==|<|>|=)\s*([^\s,<>=!&]+)/g, '').replace(/[\s,&]/g, '')
  if (rest !== '') return null
  return parts.map((part) => {
    const m = /^(<=|>=|!=|==|<|>|=)\s*(.+)$/.exec(part)!
    const op = (m[1] === '==' ? '=' : m[1]) as Comparator['op']
    return { op, version: m[2]! }
  })
}

export function satisfies(version: string, comparators: readonly Comparator[]): boolean {
  return comparators.every(({ op, version: other }) => {
    const c = compareVersions(version, other)
    switch (op) {
      case '<':
        return c < 0
      case '<=':
        return c <= 0
      case '>':
        return c > 0
      case '>=':
        return c >= 0
      case '=':
        return c === 0
      case '!=':
        return c !== 0
    }
  })
}
