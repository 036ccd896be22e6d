import { defineConfig } from 'vitest/config'

// Kept apart from vite.config.ts: Slidev merges the addon root's vite.config.ts into every deck.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'snippets/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
})
