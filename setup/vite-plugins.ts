import { defineVitePluginsSetup } from '@slidev/types'

// The kit makes every deck's PDF from the built site (scripts/export-pdf.ts), so the built site
// needs Slidev's print view. Slidev only includes it when it renders the PDF itself during the
// build (`download: true`), which would launch a browser per deck on one fixed port; instead we
// switch the print route on and leave the export to the kit. Only routes.ts reads this flag.
export default defineVitePluginsSetup((options) => {
  if (options.mode === 'build') options.utils.define.__SLIDEV_FEATURE_PRINT__ = 'true'
  return []
})
