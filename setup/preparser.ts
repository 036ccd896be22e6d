import { definePreparserSetup } from '@slidev/types'

// Slides whose frontmatter says `engagement: true` ("your images") exist only in a build for an
// engagement (KIT_ENGAGEMENT_DATA, see scripts/engagement-data.ts). Without one they are disabled,
// which Slidev leaves out of the build entirely, so the kit is as it was without an engagement.
export default definePreparserSetup(() => [
  {
    name: 'kit-engagement-slides',
    async transformSlide(_content: string, frontmatter: Record<string, unknown>) {
      if (frontmatter.engagement === true && !process.env.KIT_ENGAGEMENT_DATA) frontmatter.disabled = true
      return undefined
    },
  },
])
