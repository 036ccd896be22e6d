// Every string that came from a report or a policy is data, not markup. All HTML the kit writes goes
// through these two helpers; nothing from a report is ever concatenated into HTML raw.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for element content and quoted attribute values; drops control characters. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

/** Tagged template: interpolated values are escaped unless wrapped with raw(). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!
  return new Raw(out)
}

export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** Marks trusted markup (built by html`` or by the kit itself) so it is not escaped again. */
export function raw(markup: string): Raw {
  return new Raw(markup)
}

function render(value: unknown): string {
  if (value instanceof Raw) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === null || value === undefined || value === false) return ''
  return escapeHtml(value)
}
