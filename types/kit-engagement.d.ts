// The engagement the decks are built for (setup/vite-plugins.ts), or null without one.
declare module 'virtual:kit-engagement' {
  import type { EngagementIndex, PackedFacts } from '../core/engagement/deck-data.ts'
  const engagement: {
    /** The prepared data's content hash (16 hex digits). */
    id: string
    index(): Promise<EngagementIndex>
    /** Compact scans, packed (unpackFacts); the i-th is the image whose `detail` is i. */
    facts(): Promise<PackedFacts>
    /** One image's report file, as text (the page reads it with core/report.ts readReport). */
    report(detail: number): Promise<string>
  } | null
  export default engagement
}
