// The knowledge checks as the decks get them (setup/vite-plugins.ts): questions without the key.
declare module 'virtual:kit-checks' {
  import type { PublicSectionChecks } from '../core/check-answer.ts'
  const sections: Record<string, PublicSectionChecks>
  export default sections
}
