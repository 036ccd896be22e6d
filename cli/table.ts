// Plain aligned text tables for the terminal (no colours: output is often pasted into tickets).

export function table(rows: ReadonlyArray<readonly string[]>, options: { header?: boolean; indent?: string; align?: Array<'left' | 'right'> } = {}): string {
  if (rows.length === 0) return ''
  const indent = options.indent ?? ''
  const columns = Math.max(...rows.map((r) => r.length))
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  const lines = rows.map((row) =>
    row
      .map((cell, c) => {
        // The last column is never padded so long summaries do not drag trailing spaces.
        if (c === row.length - 1 && options.align?.[c] !== 'right') return cell
        return options.align?.[c] === 'right' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)
      })
      .join('  ')
      .trimEnd(),
  )
  if (options.header) lines.splice(1, 0, widths.map((w, c) => '-'.repeat(c === columns - 1 ? (rows[0]?.[c] ?? '').length : w)).join('  '))
  return lines.map((l) => indent + l).join('\n')
}

/** Strips control characters so text from a report cannot move the cursor or change the terminal. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').replace(/\n/g, ' ')
}
