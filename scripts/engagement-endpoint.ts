// The local server's engagement endpoint (`npm start -- --engagement <dir>`): the kit's own pages
// read and save the worksheet record of that one folder. Safe by construction:
// - listens on loopback only (start refuses another host), and checks Host and Origin, so another
//   site in the browser (DNS rebinding, a cross-site form) cannot reach it;
// - every request carries a per-run token that only the kit's own HTML receives (a <meta> injected
//   into each served page); compared in constant time;
// - writes only answers.json and answers.journal.jsonl inside the folder, atomically, journal first
//   (core/engagement/answers.ts); field paths are checked by the record's schema;
// - on /__kit/reports, a report dropped on a slide: its bytes are read again with the core and
//   stored in reports/ by the same code as `kit engagement add` (core/engagement/add.ts), under a
//   name made from the image, never from anything the page sends as a path. It only writes: no
//   route lists or returns the folder's reports;
// - and engagement.yaml's `agenda:` (AGENDA_ENDPOINT, from deck 00's AgendaPlanner): only an agenda
//   the core accepts and that fits its days, written atomically with the rest of the file kept.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { basename, join, resolve } from 'node:path'
import { writeEngagementSummary } from '../cli/commands/engagement-report.ts'
import { AgendaError, assertAgendaFits, parseAgendaSpec, type SectionCatalog } from '../core/agenda.ts'
import { addReportBytes } from '../core/engagement/add.ts'
import { AnswersError, loadAnswers, parseChanges, saveAnswers } from '../core/engagement/answers.ts'
import { ENGAGEMENT_FILE } from '../core/engagement/config.ts'
import { readEngagementConfig, writeEngagementConfig } from '../core/engagement/folder.ts'
import { escapeHtml } from '../core/html/escape.ts'
import { ReportError, oneLine } from '../core/readers/errors.ts'
import { loadSectionCatalog } from './agenda.ts'

export const ENDPOINT = '/__kit/answers'
/** POST a report's bytes; `x-kit-file` names the dropped file (only for an image its report leaves unnamed). */
export const REPORTS_ENDPOINT = '/__kit/reports'
export const FILE_HEADER = 'x-kit-file'
/** The engagement summary PDF (kit engagement report), made on request; linked from the index page. */
export const SUMMARY_ENDPOINT = '/__kit/engagement-summary.pdf'
/** The engagement's agreed agenda (engagement.yaml `agenda:`): GET it, POST a new one. */
export const AGENDA_ENDPOINT = '/__kit/agenda'
export const TOKEN_HEADER = 'x-kit-token'
export const META_NAME = 'kit-engagement'
const MAX_BODY = 1024 * 1024
/** A report can be large (the kit reads 50 MB ones); beyond this the body is refused, not buffered. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024

export interface EngagementEndpoint {
  dir: string
  token: string
  /** The <meta> the kit's pages read the token and the engagement's name from. */
  meta: string
  /** Handles the request when it is for the endpoint; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, port: number): Promise<boolean>
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(text)
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]']

/** Host must name this server on loopback; Origin, when sent, must be this same origin. */
export function sameOrigin(headers: IncomingMessage['headers'], port: number): boolean {
  const allowed = LOOPBACK.map((host) => `${host}:${port}`)
  if (!headers.host || !allowed.includes(headers.host)) return false
  const origin = headers.origin
  return origin === undefined || allowed.some((host) => origin === `http://${host}`)
}

function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Why a request is refused (403), or null when it comes from the kit's own page: Host and Origin
 * name this server, and the token it handed to its pages is there. Every route of the endpoint asks.
 */
export function refusal(headers: IncomingMessage['headers'], port: number, given: string | string[] | undefined, token: string): string | null {
  if (!sameOrigin(headers, port)) return 'refused: not this server’s own origin'
  if (!tokenMatches(given, token)) return 'refused: missing or wrong token'
  return null
}

class TooLarge extends Error {}

async function readBytes(req: IncomingMessage, max: number, what: string): Promise<Buffer> {
  const length = Number(req.headers['content-length'])
  if (length > max) throw new TooLarge(what)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > max) throw new TooLarge(what)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

async function readBody(req: IncomingMessage): Promise<string> {
  try {
    return (await readBytes(req, MAX_BODY, '')).toString('utf8')
  } catch (error) {
    if (error instanceof TooLarge) throw new AnswersError('the save is larger than 1 MB')
    throw error
  }
}

/** Why a save failed, in words for the form ("could not save: …"). */
function diskReason(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOSPC' || error.code === 'EDQUOT') return 'the disk is full'
  if (error.code === 'EROFS') return 'the engagement folder is read-only'
  if (error.code === 'EACCES' || error.code === 'EPERM') return 'no permission to write the engagement folder'
  return `the engagement folder could not be written (${error.code ?? 'error'})`
}

export interface EndpointOptions {
  /** The sections an agenda may name (default: read from the decks once, on the first agenda request). */
  catalog?: () => Promise<SectionCatalog>
}

export function engagementEndpoint(dir: string, token = randomBytes(24).toString('base64url'), options: EndpointOptions = {}): EngagementEndpoint {
  const root = resolve(dir)
  let catalog: Promise<SectionCatalog> | undefined
  const sections = () => (catalog ??= (options.catalog ?? (() => loadSectionCatalog()))())
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--engagement ${dir}: no such folder (create it with kit engagement new).`)
  const name = basename(root)
  return {
    dir: root,
    token,
    meta: `<meta name="${META_NAME}" content="${escapeHtml(token)}" data-engagement="${escapeHtml(name)}">`,
    async handle(req, res, port) {
      const path = (req.url ?? '/').split('?')[0]
      if (path === SUMMARY_ENDPOINT) {
        await serveSummary(root, req, res, port, token)
        return true
      }
      if (path === AGENDA_ENDPOINT) {
        await serveAgenda(root, req, res, port, token, sections)
        return true
      }
      if (path !== ENDPOINT && path !== REPORTS_ENDPOINT) return false
      const refused = refusal(req.headers, port, req.headers[TOKEN_HEADER], token)
      if (refused) {
        send(res, 403, { error: refused })
        return true
      }
      if (path === REPORTS_ENDPOINT) {
        await receiveReport(root, req, res)
        return true
      }
      try {
        if (req.method === 'GET') {
          const { record, problems } = await loadAnswers(root)
          send(res, 200, { engagement: name, record, problems })
        } else if (req.method === 'POST') {
          if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
            send(res, 415, { error: 'send application/json' })
            return true
          }
          let body: { changes?: unknown }
          try {
            body = JSON.parse(await readBody(req)) as { changes?: unknown }
          } catch (error) {
            send(res, 400, { error: error instanceof AnswersError ? error.message : 'the body is not JSON' })
            return true
          }
          const changes = parseChanges(body?.changes)
          const { record, applied } = await saveAnswers(root, changes)
          send(res, 200, { seq: record.seq, applied: Object.keys(applied) })
        } else {
          res.setHeader('allow', 'GET, POST')
          send(res, 405, { error: 'GET or POST only' })
        }
      } catch (error) {
        if (error instanceof AnswersError) send(res, 400, { error: error.message })
        else if ((error as NodeJS.ErrnoException).code) send(res, 507, { error: `could not save: ${diskReason(error as NodeJS.ErrnoException)}` })
        else send(res, 500, { error: 'could not save: internal error' })
      }
      return true
    },
  }
}

/**
 * GET the summary PDF. A link cannot send the token header, so the kit's index page puts the token
 * in the query; Host and Origin are checked as for the answers. The PDF is derived data, kept under
 * the folder's .cache/ (never in the kit's dist/).
 */
async function serveSummary(root: string, req: IncomingMessage, res: ServerResponse, port: number, token: string): Promise<void> {
  const given = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined
  const refused = refusal(req.headers, port, given, token)
  if (refused) return send(res, 403, { error: refused })
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET')
    return send(res, 405, { error: 'GET only' })
  }
  try {
    await mkdir(join(root, '.cache'), { recursive: true })
    const out = join(root, '.cache', 'engagement-summary.pdf')
    await writeEngagementSummary(root, out, { out: () => undefined, err: (line) => process.stderr.write(`${line}\n`) })
    const pdf = await readFile(out)
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length, 'cache-control': 'no-store', 'content-disposition': 'inline; filename="engagement-summary.pdf"' })
    res.end(pdf)
  } catch (error) {
    send(res, 500, { error: `could not make the summary: ${String((error as Error).message ?? error).split('\n')[0]}` })
  }
}

/**
 * The agreed agenda in engagement.yaml. GET: `{agenda}` (null while the engagement has set none, so
 * the kit's two-day agenda applies). POST `{spec}`: its shape is checked as engagement.yaml's is,
 * then against the decks' sections and its days' end times (assertAgendaFits); one that does not fit
 * is refused with the core's sentence ("Day 1 ends at 18:10, 70 minutes past 17:00.") and not
 * written. Host, Origin and token are checked as for the answers.
 */
async function serveAgenda(root: string, req: IncomingMessage, res: ServerResponse, port: number, token: string, sections: () => Promise<SectionCatalog>): Promise<void> {
  const refused = refusal(req.headers, port, req.headers[TOKEN_HEADER], token)
  if (refused) return send(res, 403, { error: refused })
  try {
    if (req.method === 'GET') {
      const config = await readEngagementConfig(root)
      return send(res, 200, { agenda: config.agenda ?? null })
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST')
      return send(res, 405, { error: 'GET or POST only' })
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, { error: 'send application/json' })
    let body: { spec?: unknown }
    try {
      body = JSON.parse(await readBody(req)) as { spec?: unknown }
    } catch (error) {
      return send(res, 400, { error: error instanceof AnswersError ? error.message : 'the body is not JSON' })
    }
    const spec = parseAgendaSpec(body?.spec, `the agenda for ${ENGAGEMENT_FILE}`)
    assertAgendaFits(spec, await sections())
    const config = await readEngagementConfig(root)
    await writeEngagementConfig(root, { ...config, agenda: spec })
    send(res, 200, { written: ENGAGEMENT_FILE })
  } catch (error) {
    if (error instanceof AgendaError) send(res, 422, { error: error.message })
    else if (error instanceof ReportError) send(res, 400, { error: oneLine(error) })
    else if ((error as NodeJS.ErrnoException).code) send(res, 507, { error: `could not save: ${diskReason(error as NodeJS.ErrnoException)}` })
    else send(res, 500, { error: 'could not save: internal error' })
  }
}

/**
 * POST a dropped report: the body is the file's bytes as dropped. Read again with the core (the page
 * is not trusted to have parsed it), stored with storeScan (atomic; a newer scan of the same image
 * replaces the older and says so). 200 with what happened, 400 with the reader's one line, 413 when
 * too large, 507 when the folder cannot be written.
 */
async function receiveReport(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST')
    return send(res, 405, { error: 'POST only' })
  }
  let name = 'report.json'
  try {
    name = decodeURIComponent(String(req.headers[FILE_HEADER] ?? '')) || name
  } catch {
    // a name that does not decode is no name: the image is named after "report.json" if unnamed
  }
  let bytes: Buffer
  try {
    bytes = await readBytes(req, MAX_REPORT_BYTES, name)
  } catch (error) {
    if (error instanceof TooLarge) return send(res, 413, { error: `${basename(name)}: larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB, not saved` })
    throw error
  }
  try {
    const outcome = await addReportBytes(root, name, bytes)
    if (outcome.kind === 'bad') return send(res, 400, { error: outcome.line })
    send(res, 200, { kind: outcome.kind, image: outcome.image, stored: outcome.stored, ...('previous' in outcome ? { previous: outcome.previous } : {}) })
  } catch (error) {
    if (error instanceof ReportError) send(res, 400, { error: oneLine(error) })
    else if ((error as NodeJS.ErrnoException).code) send(res, 507, { error: `could not save: ${diskReason(error as NodeJS.ErrnoException)}` })
    else send(res, 500, { error: 'could not save: internal error' })
  }
}
