// Does an element end inside its slide? Used by print states that show "as many rows as fit".
// The slide's layout root (.slidev-layout) has the slide's height; its bottom padding is the margin
// content must stay above. Rects are in screen pixels (the canvas may be scaled), paddings in CSS
// pixels, so the padding is scaled by the layout's own screen/CSS ratio.

/** The slide around `el`: its screen box, screen pixels per CSS pixel, and its bottom padding. */
function slideBox(el: HTMLElement): { box: DOMRect; scale: number; padBottom: number } | null {
  const layout = el.closest<HTMLElement>('.slidev-layout')
  if (!layout) return null
  const box = layout.getBoundingClientRect()
  const scale = layout.offsetHeight > 0 ? box.height / layout.offsetHeight : 1
  const padBottom = Number.parseFloat(getComputedStyle(layout).paddingBottom) || 0
  return { box, scale, padBottom }
}

export function fitsInSlide(el: HTMLElement): boolean {
  const slide = slideBox(el)
  if (!slide) return true
  const { box, scale, padBottom } = slide
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
  const slide = slideBox(el)
  if (!slide) return null
  const { box, scale, padBottom } = slide
  const top = el.getBoundingClientRect().top
  return Math.max(0, (box.bottom - top) / scale - padBottom)
}

const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', ' '])

/**
 * keydown handler for a focusable panel that scrolls because its content does not fit: the keys
 * that scroll it must not also turn the slide. Keys typed in a control inside the panel still bubble.
 */
export function keepScrollKeys(event: KeyboardEvent): void {
  if (event.target === event.currentTarget && SCROLL_KEYS.has(event.key)) event.stopPropagation()
}
