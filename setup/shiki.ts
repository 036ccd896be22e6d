import { defineShikiSetup } from '@slidev/types'

// High-contrast themes: code must stay legible on a washed-out projector.
export default defineShikiSetup(() => ({
  themes: {
    light: 'github-light-high-contrast',
    dark: 'github-dark-high-contrast',
  },
}))
