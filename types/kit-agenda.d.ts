// The agenda data the decks get at build time (setup/vite-plugins.ts): the section catalogue and the agendas.
declare module 'virtual:kit-agenda' {
  const agenda: import('../scripts/agenda.ts').KitAgenda
  export default agenda
}
