// The switch that keeps Slidev's print view in a built site, so the kit's own exporter
// (scripts/export-pdf.ts) can print it. Shared by the decks (setup/vite-plugins.ts) and the
// bench's copy of Slidev's starter deck, so both are printed the same way.
import type { ResolvedSlidevOptions } from '@slidev/types'

export function enablePrintRoute(options: Pick<ResolvedSlidevOptions, 'mode' | 'utils'>): void {
  if (options.mode === 'build') options.utils.define.__SLIDEV_FEATURE_PRINT__ = 'true'
}
