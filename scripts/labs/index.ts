// Builds the lab handouts: the customer site pages (dist/labs/…) and, with pdf: true, the A4 PDFs
// (dist/pdf/labs/<id>.pdf for customers, <id>-trainer.pdf with the trainer notes).
//
//   tsx scripts/labs/index.ts --out dist [--no-pdf] [--root .]
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseScriptArgs } from '../../cli/args.ts'
import { ChecksError } from '../../core/checks.ts'
import { ENGAGEMENT_FILE } from '../../core/engagement/config.ts'
import { loadAnswers, recordText } from '../../core/engagement/answers.ts'
import { loadAllChecks } from '../../core/checks-files.ts'
import { NoBrowserError } from '../browser.ts'
import { listDecks } from '../decks.ts'
import { CHECKS_KEY_PDF, checksKeyAnchors, checksKeyFooter, checksKeyHeader, renderChecksKeyPage, type KeySection } from './checks-key.ts'
import { loadLabs } from './load.ts'
import { LabRenderer } from './markdown.ts'
import { LabError, type Lab } from './model.ts'
import { printPdfs, type PrintJob } from './pdf.ts'
import {
  footerTemplate,
  headerTemplate,
  printAnchors,
  renderIndexPage,
  renderPrintPage,
  renderSitePage,
  siteStylesheet,
  type LabAnswers,
} from './render.ts'
import { FONT_FILES } from './styles.ts'

export { LabError } from './model.ts'
export { loadLab, loadLabs } from './load.ts'

export interface BuildLabsOptions {
  /** Repository root (holds labs/, snippets/, data/). */
  root: string
  /** Output root: pages go to <outDir>/labs/, PDFs to <outDir>/pdf/labs/. */
  outDir: string
  /** Chrome/Chromium/Edge executable; default: the one scripts/browser.ts finds. */
  browserPath?: string
  pdf: boolean
  log?: (line: string) => void
  /** Only these lab ids (for trying one lab quickly); default: all. */
  only?: string[]
  /**
   * An engagement's worksheet answers (field path → value, from loadLabAnswers): the pages and both
   * handouts (customer and trainer) carry them in their worksheet tables. Without, none.
   */
  answers?: LabAnswers
}

export interface BuiltLab {
  id: string
  title: string
  minutes: number
  /** The customer page, <outDir>/labs/<id>/index.html (absolute, or relative to dist/ as the index page finds it). */
  html: string
  /** <outDir>/pdf/labs/<id>.pdf when pdf: true. */
  pdf?: string
  /** <outDir>/pdf/labs/<id>-trainer.pdf when pdf: true. */
  trainerPdf?: string
}

const require = createRequire(import.meta.url)

function fontSource(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'files', file)
}

function copyAssets(dir: string): void {
  mkdirSync(dir, { recursive: true })
  for (const f of FONT_FILES) copyFileSync(fontSource(f.pkg, f.file), join(dir, f.file))
  for (const pkg of ['@fontsource/inter', '@fontsource/jetbrains-mono']) {
    const license = join(dirname(require.resolve(`${pkg}/package.json`)), 'LICENSE')
    if (existsSync(license)) copyFileSync(license, join(dir, `${pkg.split('/')[1]}-LICENSE.txt`))
  }
}

export async function buildLabs(opts: BuildLabsOptions): Promise<BuiltLab[]> {
  const log = opts.log ?? (() => {})
  const root = resolve(opts.root)
  const outDir = resolve(opts.outDir)
  const labs: Lab[] = loadLabs(root).filter((l) => !opts.only?.length || opts.only.includes(l.id))
  if (labs.length === 0) throw new LabError('labs/', null, 'no labs found (expected labs/<id>/lab.md)')
  const renderer = await LabRenderer.create()
  try {
    const labsOut = join(outDir, 'labs')
    const pdfOut = join(outDir, 'pdf', 'labs')
    rmSync(labsOut, { recursive: true, force: true })
    copyAssets(join(labsOut, 'assets'))
    writeFileSync(join(labsOut, 'assets', 'labs.css'), siteStylesheet())
    await bundleWorksheetScript(join(labsOut, 'assets', 'worksheets.js'))

    // Without pdf: true, link the PDFs a previous build left in place (the main build skips
    // reprinting handouts whose sources have not changed).
    const hasPdf = (lab: Lab): boolean => opts.pdf || existsSync(join(pdfOut, `${lab.id}.pdf`))
    const results: BuiltLab[] = []
    for (const lab of labs) {
      const pdfHref = hasPdf(lab) ? `../../pdf/labs/${lab.id}.pdf` : null
      const html = join(labsOut, lab.id, 'index.html')
      mkdirSync(dirname(html), { recursive: true })
      writeFileSync(html, renderSitePage(lab, renderer, pdfHref, opts.answers))
      const result: BuiltLab = { id: lab.id, title: lab.meta.title, minutes: lab.meta.minutes, html }
      if (!opts.pdf && hasPdf(lab)) {
        result.pdf = join(pdfOut, `${lab.id}.pdf`)
        if (existsSync(join(pdfOut, `${lab.id}-trainer.pdf`))) result.trainerPdf = join(pdfOut, `${lab.id}-trainer.pdf`)
      }
      results.push(result)
    }
    writeFileSync(
      join(labsOut, 'index.html'),
      renderIndexPage(
        labs.map((lab) => ({ lab, pdfHref: hasPdf(lab) ? `../pdf/labs/${lab.id}.pdf` : null })),
        renderer,
      ),
    )
    log(`labs: ${labs.length} pages in ${labsOut}`)

    if (opts.pdf) {
      mkdirSync(pdfOut, { recursive: true })
      for (const f of readdirSync(pdfOut)) if (f.endsWith('.pdf')) rmSync(join(pdfOut, f))
      // Print pages (the trainer's included) live in a temporary folder, never in the site.
      const workDir = mkdtempSync(join(tmpdir(), 'kit-labs-print-'))
      try {
        copyAssets(join(workDir, 'assets'))
        const jobs: PrintJob[] = []
        for (const lab of labs) {
          const result = results.find((x) => x.id === lab.id)!
          for (const trainer of [false, true]) {
            const out = join(pdfOut, `${lab.id}${trainer ? '-trainer' : ''}.pdf`)
            // Render now so Markdown errors surface before the browser starts.
            const answers = opts.answers ? { answers: opts.answers } : {}
            renderPrintPage(lab, renderer, { trainer, fontBase: 'assets/', ...answers })
            jobs.push({
              name: `${lab.id}${trainer ? '-trainer' : ''}`,
              out,
              html: (pages) => renderPrintPage(lab, renderer, { trainer, fontBase: 'assets/', pages, ...answers }),
              anchors: printAnchors(lab, trainer),
              headerTemplate: headerTemplate(lab, trainer),
              footerTemplate: footerTemplate(lab, trainer),
            })
            if (trainer) result.trainerPdf = out
            else result.pdf = out
          }
        }
        // The knowledge checks' answer key prints with the trainer editions (checks-key.ts).
        const keySections = checksKeySections(root)
        if (keySections.length) {
          jobs.push({
            name: 'knowledge-checks-trainer',
            out: join(outDir, CHECKS_KEY_PDF),
            html: () => renderChecksKeyPage(keySections, 'assets/'),
            anchors: checksKeyAnchors(keySections),
            headerTemplate: checksKeyHeader(),
            footerTemplate: checksKeyFooter(),
          })
        }
        log(`labs: printing ${jobs.length} PDFs to ${pdfOut}`)
        await printPdfs(jobs, { workDir, browserPath: opts.browserPath, log, concurrency: 2 })
      } finally {
        rmSync(workDir, { recursive: true, force: true })
      }
    }
    return results
  } finally {
    renderer.dispose()
  }
}

export interface EngagementLabAnswers {
  answers: LabAnswers
  /**
   * Which engagement and which answers the handouts carry (a hash of the folder, its
   * engagement.yaml and the record): part of the labs' build stamp, so a handout printed for one
   * engagement is never kept for a build without it or for another engagement.
   */
  identity: string
}

/**
 * The engagement's answers for its handouts, read by the core (answers.json brought up to date from
 * the journal; a corrupted file is logged as one line naming file and line, and the record comes
 * from the journal's last good entry).
 */
export async function loadLabAnswers(dir: string, log: (line: string) => void = () => {}): Promise<EngagementLabAnswers> {
  const { record, problems } = await loadAnswers(dir)
  for (const problem of problems) log(`labs: ${problem}`)
  const config = await readFile(join(dir, ENGAGEMENT_FILE)).catch(() => Buffer.alloc(0))
  const identity = createHash('sha256').update(resolve(dir)).update('\0').update(config).update('\0').update(recordText(record)).digest('hex')
  return { answers: Object.fromEntries(Object.entries(record.fields).map(([path, field]) => [path, field.value])), identity }
}

/** Removes the printed lab handouts (not the knowledge checks' key, which holds no answers). */
export function removeHandouts(outDir: string): void {
  const pdfOut = join(resolve(outDir), 'pdf', 'labs')
  if (!existsSync(pdfOut)) return
  const key = CHECKS_KEY_PDF.split('/').pop()
  for (const f of readdirSync(pdfOut)) if (f.endsWith('.pdf') && f !== key) rmSync(join(pdfOut, f))
}

/** Every section's checks with its deck's title (a section without a deck keeps its id as title). */
function checksKeySections(root: string): KeySection[] {
  const decks = existsSync(join(root, 'slides')) ? listDecks(join(root, 'slides')) : []
  return loadAllChecks(root).map((checks) => ({ checks, title: decks.find((d) => d.id === checks.section)?.title ?? checks.section }))
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseScriptArgs(
    argv,
    { out: { type: 'string', default: 'dist' }, root: { type: 'string', default: process.cwd() }, 'no-pdf': { type: 'boolean' }, only: { type: 'string', multiple: true } },
    'tsx scripts/labs/index.ts [--out dist] [--root .] [--no-pdf] [--only <lab id>]…',
  )
  const { out, root } = values
  const pdf = !values['no-pdf']
  const only = values.only ?? []
  try {
    const started = Date.now()
    const built = await buildLabs({ root, outDir: out, pdf, only, log: (l) => console.log(l) })
    for (const b of built) console.log(`${b.id}  ${b.minutes} min  ${b.title}`)
    console.log(`labs: done in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return 0
  } catch (err) {
    if (err instanceof LabError || err instanceof ChecksError || err instanceof NoBrowserError) {
      console.error(`labs: ${err.message}`)
      return 1
    }
    throw err
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code))
}

/**
 * The lab pages' worksheet script: scripts/labs/worksheet-client.ts with the record composable and
 * Vue's reactivity, bundled by esbuild (already what tsx and Vite run on) into one small module.
 */
async function bundleWorksheetScript(outfile: string): Promise<void> {
  const { build } = await import('esbuild')
  await build({
    entryPoints: [fileURLToPath(new URL('./worksheet-client.ts', import.meta.url))],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: {
      'process.env.NODE_ENV': '"production"',
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
  })
}
