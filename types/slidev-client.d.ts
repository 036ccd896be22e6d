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

export function useSlideContext(): {
  $page: Ref<number>
  $frontmatter: Record<string, unknown>
  $clicks: Ref<number>
  $slidev: { configs: { title: string } & Record<string, unknown>; nav: SlidevNav }
}
