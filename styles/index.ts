// Fonts are bundled from npm (fonts.provider: none in every deck), so nothing is fetched from a CDN.
import '@fontsource/inter/400.css'
import '@fontsource/inter/600.css'
import '@fontsource/inter/700.css'
import '@fontsource/jetbrains-mono/400.css'
import '@fontsource/jetbrains-mono/700.css'
import './kit.css'
import './layouts.css'
import { severityCssVariables } from '../core/html/charts.ts'

// The severity fills (chips, donut) and their text colours, --sev-*, from the kit's one palette
// (core/html/charts.ts), which the HTML report uses too.
if (typeof document !== 'undefined') {
  const palette = document.createElement('style')
  palette.dataset.kit = 'severity-palette'
  palette.textContent = `:root { ${severityCssVariables()} }`
  document.head.append(palette)
}
