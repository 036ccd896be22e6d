// True while Slidev renders for print or PDF export (`?print`, the export route): components then
// show their complete, final state instead of the live one. Slidev decides it in its navigation
// context, useNav().isPrintMode, which is exactly what its <RenderWhen context="print"> reads. (The
// slide's $renderContext has no print value, and in the print view the slide context's own $nav is
// a per-slide copy without isPrintMode, so neither can say it.)
import { useNav } from '@slidev/client'
import type { ComputedRef } from 'vue'

export function usePrintMode(): ComputedRef<boolean> {
  return useNav().isPrintMode
}
