import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

// Slidev merges this file into every deck (the repository root is a local addon of each deck).
// `@kit/…` reaches the shared core and data from any deck folder without ../../ chains.
const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  resolve: {
    alias: {
      '@kit/': root,
    },
  },
  server: {
    fs: { allow: [root] },
  },
})
