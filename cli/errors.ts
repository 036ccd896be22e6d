// Errors the kit command expects and prints as one to three lines (exit 2). Anything else is a bug and
// is reported as an internal error (exit 1), with the stack only when KIT_DEBUG=1.

export class KitError extends Error {
  override name = 'KitError'
}

export const EXIT = { ok: 0, internal: 1, input: 2, cicdFails: 4 } as const
