// Does an element end inside its slide? Used by print states that show "as many rows as fit".
// The slide's layout root (.slidev-layout) has the slide's height; its bottom padding is the margin
// content must stay above. Rects are in screen pixels (the canvas may be scaled), paddings in CSS
// pixels, so the padding is scaled by the layout's own screen/CSS ratio.

export function fitsInSlide(el: HTMLElement): boolean {
  const layout = el.closest<HTMLElement>('.slidev-layout')
  if (!layout) return true
  const box = layout.getBoundingClientRect()
  const scale = layout.offsetHeight > 0 ? box.height / layout.offsetHeight : 1
  const padBottom = Number.parseFloat(getComputedStyle(layout).paddingBottom) || 0
  const rect = el.getBoundingClientRect()
  const fitsBelow = rect.bottom <= box.bottom - padBottom * scale + 0.5
  const fitsAcross = el.scrollWidth <= el.clientWidth + 1 && rect.right <= box.right + 0.5
  return fitsBelow && fitsAcross
}

/**
 * CSS pixels from the top of `el` to the bottom of its slide's content box (above the layout's
 * bottom padding): the room a component has left. Null outside a slide.
 */
export function availableHeight(el: HTMLElement): number | null {
  const layout = el.closest<HTMLElement>('.slidev-layout')
  if (!layout) return null
  const box = layout.getBoundingClientRect()
  const scale = layout.offsetHeight > 0 ? box.height / layout.offsetHeight : 1
  const padBottom = Number.parseFloat(getComputedStyle(layout).paddingBottom) || 0
  const top = el.getBoundingClientRect().top
  return Math.max(0, (box.bottom - top) / scale - padBottom)
}
