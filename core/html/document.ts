// The one shell of every self-contained HTML document the core writes (kit report, kit engagement
// report): a Content-Security-Policy that allows inline styles and data: images only, so no script
// runs and nothing is fetched even if a value ever slipped through unescaped.
import { html, raw, type Raw } from './escape.ts'

/** A whole HTML document: title (escaped), the document's own CSS, and its body markup. */
export function standaloneDocument(title: string, css: string, body: Raw): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${title}</title>
<style>${raw(css)}</style>
</head>
<body>
${body}
</body>
</html>
`.value
}
