// The page watcher every browser test relies on: a fetch that the page's own navigation cancels is no
// fault, but an abort without a navigation, a 404 and a console error each are. A small local server
// holds one request open so the abort is certain, not a race.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { watchPage } from './helpers.ts'

let server: Server
let url = ''

test.beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.startsWith('/slow')) return void setTimeout(() => response.end('late'), 30_000).unref()
    if (request.url === '/missing') return void response.writeHead(404).end()
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>watch</title><link rel="icon" href="data:,">')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

test.afterAll(() => {
  server.closeAllConnections()
  server.close()
})

test('watchPage excuses a fetch a reload cancels, and flags an abort without navigation, a 404 and a console error', async ({ page }) => {
  const problems = watchPage(page)
  await page.goto(`${url}/`)
  const pending = page.waitForRequest(`${url}/slow?reloaded`)
  await page.evaluate((slow) => void fetch(slow).catch(() => undefined), `${url}/slow?reloaded`)
  await pending
  await page.reload()
  expect(problems).toEqual([])

  const aborted = page.waitForEvent('requestfailed')
  await page.evaluate((slow) => {
    const controller = new AbortController()
    void fetch(slow, { signal: controller.signal }).catch(() => undefined)
    setTimeout(() => controller.abort(), 200)
  }, `${url}/slow?aborted`)
  await aborted
  await page.evaluate(async (missing) => void (await fetch(missing)), `${url}/missing`)
  await page.evaluate(() => console.error('broken'))
  await expect.poll(() => problems.includes('console error: broken')).toBe(true)
  expect(problems).toEqual(expect.arrayContaining([`failed request: ${url}/slow?aborted (net::ERR_ABORTED)`, `HTTP 404: ${url}/missing`]))
  expect(problems.filter((line) => line.includes('reloaded'))).toEqual([])
})
