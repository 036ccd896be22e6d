import { defineConfig } from '@playwright/test'
import { chromiumArgs, findBrowser } from './scripts/browser.ts'

// Browser tests run against the built site (dist/), served by the kit's own static server, in the
// installed Chromium: the same pages a customer opens, with no Playwright browser download.
const PORT = Number(process.env.KIT_TEST_PORT ?? 4311)

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.KIT_PLAYWRIGHT_JSON
    ? [['list'], ['json', { outputFile: process.env.KIT_PLAYWRIGHT_JSON }]]
    : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 720 },
    launchOptions: { executablePath: findBrowser(), args: chromiumArgs() },
    trace: 'off',
  },
  webServer: {
    command: `node node_modules/tsx/dist/cli.mjs scripts/serve.ts --port ${PORT}`,
    url: `http://localhost:${PORT}/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
})
