// Azure Pipelines YAML checked by Microsoft's azure-pipelines-language-service (the validator of the
// Azure Pipelines VS Code extension) against the extension's published schema. The schema is not in
// any npm package, so a copy lives beside this file: azure-pipelines/service-schema.json from
// github.com/microsoft/azure-pipelines-vscode (MIT, LICENSE beside it), commit 9e40e814 of
// 2025-09-25, schema "$comment": "v1.261.1". The language service is given the schema itself and a
// request service that refuses every URL, so it can never fetch one.

import { readFileSync } from 'node:fs'
import { getLanguageService, parse, TextDocument, type CustomSchemaProvider, type JSONSchema } from 'azure-pipelines-language-service'

const SCHEMA_URI = 'file:///service-schema.json'
const schema = JSON.parse(readFileSync(new URL('./azure-pipelines/service-schema.json', import.meta.url), 'utf8')) as JSONSchema

const service = getLanguageService(
  (uri) => Promise.reject(new Error(`no schema is fetched (${uri})`)),
  [],
  // no custom provider: the file-match association below picks the schema (the typings omit `?`)
  undefined as unknown as CustomSchemaProvider,
)
service.configure({ validate: true, schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema }] })

/** The language service's diagnostics, one "line:column message" each; empty when the file is valid. */
export async function azurePipelinesProblems(text: string, name = 'azure-pipelines.yml'): Promise<string[]> {
  const doc = TextDocument.create(`file:///${name}`, 'yaml', 1, text)
  // the service logs each schema lookup with console.log; that is not a finding
  const log = console.log
  console.log = () => {}
  try {
    const diagnostics = await service.doValidation(doc, parse(text))
    return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)
  } finally {
    console.log = log
  }
}
