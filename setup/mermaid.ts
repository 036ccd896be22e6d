import { defineMermaidSetup } from '@slidev/types'

// Diagrams use the kit's palette and a font size that survives a projector.
export default defineMermaidSetup(() => ({
  theme: 'base',
  themeVariables: {
    fontFamily: 'Inter, system-ui, sans-serif',
    fontSize: '18px',
    primaryColor: '#e8f0ff',
    primaryBorderColor: '#0b4fd6',
    primaryTextColor: '#0f172a',
    lineColor: '#334155',
    secondaryColor: '#f1f5f9',
    tertiaryColor: '#fff7ed',
    noteBkgColor: '#fef9c3',
    noteTextColor: '#1c1917',
    actorBkg: '#e8f0ff',
    actorBorder: '#0b4fd6',
    signalColor: '#0f172a',
    signalTextColor: '#0f172a',
  },
}))
