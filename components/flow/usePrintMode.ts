// True while Slidev renders for print or PDF export (`?print` or the export route): components then
// show their complete, final state instead of the live one.
import { useNav } from '@slidev/client'
import type { ComputedRef } from 'vue'

export function usePrintMode(): ComputedRef<boolean> {
  return useNav().isPrintMode
}
