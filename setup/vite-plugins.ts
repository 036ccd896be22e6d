import { fileURLToPath } from 'node:url'
import { defineVitePluginsSetup } from '@slidev/types'
import { publicChecks } from '../core/checks.ts'
import { checksFiles, loadAllChecks } from '../core/checks-files.ts'
import { SHIPPED_AGENDAS, loadSectionCatalog, resolveAgenda, type KitAgenda } from '../scripts/agenda.ts'
import { listDecks } from '../scripts/decks.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CHECKS_ID = 'virtual:kit-checks'
const AGENDA_ID = 'virtual:kit-agenda'

// The kit makes every deck's PDF from the built site (scripts/export-pdf.ts), so the built site
// needs Slidev's print view. Slidev only includes it when it renders the PDF itself during the
// build (`download: true`), which would launch a browser per deck on one fixed port; instead we
// switch the print route on and leave the export to the kit. Only routes.ts reads this flag.
//
// `virtual:kit-checks` gives the decks the knowledge checks without their answer key: the
// questions and options of checks/*.yaml and a hash of each correct option, never the
// explanations (core/checks.ts says why). A bad checks file fails the build with its file and field.
//
// `virtual:kit-agenda` gives AgendaPlanner the section catalogue (each slide's "[N min]", its deep-dive
// mark, the labs' `minutes:`) read by the same code as the day decks (scripts/agenda.ts), the kit's
// two agendas, and the agenda the build runs: the engagement's when built with --engagement (the
// build passes the folder in KIT_ENGAGEMENT), else the kit's two-day one.
export default defineVitePluginsSetup((options) => {
  if (options.mode === 'build') options.utils.define.__SLIDEV_FEATURE_PRINT__ = 'true'
  return [
    {
      name: 'kit-knowledge-checks',
      resolveId(id: string) {
        return id === CHECKS_ID ? `\0${CHECKS_ID}` : undefined
      },
      load(id: string) {
        if (id !== `\0${CHECKS_ID}`) return undefined
        for (const file of checksFiles(ROOT)) this.addWatchFile(file)
        const sections = Object.fromEntries(loadAllChecks(ROOT).map((checks) => [checks.section, publicChecks(checks)]))
        return `export default ${JSON.stringify(sections)}`
      },
    },
    {
      name: 'kit-agenda',
      resolveId(id: string) {
        return id === AGENDA_ID ? `\0${AGENDA_ID}` : undefined
      },
      async load(id: string) {
        if (id !== `\0${AGENDA_ID}`) return undefined
        const decks = listDecks().filter((deck) => deck.kind === 'section')
        for (const deck of decks) this.addWatchFile(deck.entry)
        const catalog = await loadSectionCatalog(decks)
        const { spec } = await resolveAgenda({ engagement: process.env.KIT_ENGAGEMENT || undefined })
        const data: KitAgenda = { catalog, initial: spec, shipped: SHIPPED_AGENDAS }
        return `export default ${JSON.stringify(data)}`
      },
    },
  ]
})
