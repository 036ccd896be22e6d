// The step of a stepped explanation: follows a `step` prop when the slide binds one (e.g. to
// Slidev's $clicks), keeps its own value when the viewer uses the component's buttons, and reports
// every change through `onChange` (the component emits `update:step`).
import { computed, ref, watch, type ComputedRef } from 'vue'

export interface StepState {
  current: ComputedRef<number>
  count: ComputedRef<number>
  isFirst: ComputedRef<boolean>
  isLast: ComputedRef<boolean>
  go(step: number): void
  next(): void
  previous(): void
}

export function useStepState(count: () => number, step: () => number | undefined, onChange: (step: number) => void): StepState {
  const total = computed(() => Math.max(1, count()))
  const clamp = (value: number) => Math.min(total.value - 1, Math.max(0, Math.trunc(Number.isFinite(value) ? value : 0)))
  const own = ref(clamp(step() ?? 0))
  watch(step, (value) => {
    if (value !== undefined) own.value = clamp(value)
  })
  const current = computed(() => clamp(own.value))
  const go = (value: number) => {
    const next = clamp(value)
    if (next === own.value) return
    own.value = next
    onChange(next)
  }
  return {
    current,
    count: total,
    isFirst: computed(() => current.value === 0),
    isLast: computed(() => current.value === total.value - 1),
    go,
    next: () => go(current.value + 1),
    previous: () => go(current.value - 1),
  }
}
