// The part of @slidev/client the kit uses, typed for `npm run typecheck` only (Vite resolves the
// real package). @slidev/client ships TypeScript sources that do not pass the kit's strict flags,
// so type-checking them would fail on code that is not ours.
import type { ComputedRef, Ref } from 'vue'

export interface SlidevNav {
  total: ComputedRef<number>
  currentPage: ComputedRef<number>
  isPrintMode: ComputedRef<boolean>
  isPresenter: ComputedRef<boolean>
}

export function useNav(): SlidevNav

/** The deck's resolved headmatter, custom fields included (e.g. a day deck's `kitSections`). */
export const configs: { title: string } & Record<string, unknown>

export function useSlideContext(): {
  $page: Ref<number>
  $frontmatter: Record<string, unknown>
  $clicks: Ref<number>
  $slidev: { configs: { title: string } & Record<string, unknown>; nav: SlidevNav }
}

/** Runs `cb` each time this component's slide becomes the current one (and at mount when it is). */
export function onSlideEnter(cb: (to: number, from: number | undefined) => unknown): void
