// True while Slidev renders for print or PDF export (`?print`, the export route): components then
// show their complete, final state instead of the live one.
//
// Slidev decides print mode (useNav().isPrintMode); its builtin <RenderWhen context="print"> exposes
// that decision to templates. A component places a marker inside it and passes `markPrint` as the
// marker's function ref: the marker exists only in print mode, so `printing` follows it. (Importing
// @slidev/client here would pull its TypeScript sources into the kit's typecheck.)
//
//   <RenderWhen context="print"><span :ref="markPrint" hidden /></RenderWhen>
import { ref, type Ref } from 'vue'

export interface PrintMode {
  printing: Ref<boolean>
  markPrint: (el: unknown) => void
}

export function usePrintMode(): PrintMode {
  const printing = ref(false)
  return {
    printing,
    markPrint: (el: unknown) => {
      printing.value = el !== null && el !== undefined
    },
  }
}
