// A small static file server for the built kit. Node's own http module: nothing to install, and it
// serves the decks, labs and PDFs exactly as a customer's web server would.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { EngagementEndpoint } from './engagement-endpoint.ts'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
}

export class PortInUseError extends Error {
  override name = 'PortInUseError'
}

/** The file a URL path maps to inside `root`, or null when it is outside it or absent. */
export function resolveFile(root: string, urlPath: string): string | null {
  let path: string
  try {
    path = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!)
  } catch {
    return null
  }
  const file = normalize(join(root, path))
  if (file !== root && !file.startsWith(root + sep)) return null
  if (!existsSync(file)) return null
  const stat = statSync(file)
  if (stat.isDirectory()) {
    const index = join(file, 'index.html')
    return existsSync(index) ? index : null
  }
  return file
}

export interface StaticServer {
  server: Server
  url: string
  close(): Promise<void>
}

/**
 * Serve `dir` on host:port. Rejects with PortInUseError naming the port when it is taken. With an
 * engagement endpoint, its requests go there and every HTML page gets the endpoint's token <meta>.
 */
export function serveStatic(dir: string, port: number, host = '127.0.0.1', engagement?: EngagementEndpoint): Promise<StaticServer> {
  const root = resolve(dir)
  let actualPort = port
  const server = createServer(async (req, res) => {
    if (engagement && (await engagement.handle(req, res, actualPort))) return
    const urlPath = req.url ?? '/'
    // A directory URL without its slash would break relative links in index pages.
    const target = resolveFile(root, urlPath)
    if (target && target.endsWith(`${sep}index.html`) && !urlPath.split('?')[0]!.endsWith('/') && !urlPath.endsWith('.html')) {
      res.writeHead(301, { location: `${urlPath.split('?')[0]}/` })
      res.end()
      return
    }
    if (!target) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Not found')
      return
    }
    const type = MIME[extname(target).toLowerCase()] ?? 'application/octet-stream'
    if (engagement && type.startsWith('text/html')) {
      const html = injectMeta(readFileSync(target, 'utf8'), engagement.meta)
      res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' })
      res.end(req.method === 'HEAD' ? undefined : html)
      return
    }
    res.writeHead(200, {
      'content-type': type,
      'content-length': statSync(target).size,
      'cache-control': 'no-cache',
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    createReadStream(target).pipe(res)
  })
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new PortInUseError(`Port ${port} is already in use (is the kit already running?). Stop the other server or choose another port with --port or PORT.`))
      } else reject(error)
    })
    server.listen(port, host, () => {
      const address = server.address()
      actualPort = typeof address === 'object' && address ? address.port : port
      resolvePromise({
        server,
        url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${actualPort}`,
        close: () => new Promise((done) => server.close(() => done())),
      })
    })
  })
}

/** The endpoint's <meta> as the first element of <head>, so the page's scripts find it. */
export function injectMeta(html: string, meta: string): string {
  const head = /<head[^>]*>/i.exec(html)
  return head ? `${html.slice(0, head.index + head[0].length)}${meta}${html.slice(head.index + head[0].length)}` : `${meta}${html}`
}
