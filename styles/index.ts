// Fonts are bundled from npm (fonts.provider: none in every deck), so nothing is fetched from a CDN.
import '@fontsource/inter/400.css'
import '@fontsource/inter/600.css'
import '@fontsource/inter/700.css'
import '@fontsource/jetbrains-mono/400.css'
import '@fontsource/jetbrains-mono/700.css'
import './kit.css'
import './layouts.css'
