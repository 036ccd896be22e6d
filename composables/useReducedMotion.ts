// Whether the viewer asked the system for reduced motion; animations then jump to their end.
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export function useReducedMotion(): Ref<boolean> {
  const reduced = ref(false)
  let query: MediaQueryList | null = null
  const update = () => {
    reduced.value = query?.matches ?? false
  }
  onMounted(() => {
    if (typeof window === 'undefined' || !window.matchMedia) return
    query = window.matchMedia('(prefers-reduced-motion: reduce)')
    update()
    query.addEventListener('change', update)
  })
  onBeforeUnmount(() => query?.removeEventListener('change', update))
  return reduced
}
