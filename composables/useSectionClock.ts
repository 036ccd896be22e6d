// The presenter's section clock for a day deck: the section of the current slide, its planned
// minutes (from the deck's `kitSections` headmatter, written by scripts/agenda.ts) and the time
// since the presenter first reached it. The start of each section is kept in localStorage, so a
// reload or a second presenter window keeps counting from the same moment.
import { useNav } from '@slidev/client'
import { useLocalStorage, useNow } from '@vueuse/core'
import { computed, watch, type ComputedRef } from 'vue'
import { sectionAtSlide, sectionClock, type SectionClock, type SectionSpan } from '../core/agenda.ts'

export interface SectionClockState {
  section: ComputedRef<SectionSpan | undefined>
  clock: ComputedRef<SectionClock | undefined>
  /** Start every section's clock afresh (a new delivery of the same deck). */
  reset(): void
}

export function useSectionClock(spans: () => readonly SectionSpan[], deckKey: () => string): SectionClockState {
  const { currentPage } = useNav()
  const started = useLocalStorage<Record<string, number>>(computed(() => `kit-section-clock:${deckKey()}`), {})
  const now = useNow({ interval: 1000 })
  const section = computed(() => sectionAtSlide(spans(), currentPage.value))
  watch(
    section,
    (current) => {
      // First arrival starts the section's clock; paging back and forth does not restart it.
      if (current && started.value[current.id] === undefined) started.value = { ...started.value, [current.id]: Date.now() }
    },
    { immediate: true },
  )
  const clock = computed(() => {
    const current = section.value
    const at = current && started.value[current.id]
    return current && at !== undefined ? sectionClock(current.minutes, now.value.getTime() - at) : undefined
  })
  return { section, clock, reset: () => (started.value = {}) }
}
