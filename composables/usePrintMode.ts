// True while Slidev renders for print or PDF export (`?print`, the export route): components then
// show their complete, final state instead of the live one. Slidev decides it in the slide
// context's navigation state (`$nav.isPrintMode`), which is also what its <RenderWhen context="print">
// reads; the slide's $renderContext has no print value ('slide', 'presenter', 'overview', …).
import { useSlideContext } from '@slidev/client'
import { computed, type ComputedRef } from 'vue'

export function usePrintMode(): ComputedRef<boolean> {
  const { $nav } = useSlideContext()
  return computed(() => $nav.value.isPrintMode)
}
