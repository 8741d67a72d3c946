// Test helper (not part of the library's main entry): the schema check of camt.053 statements, for this
// library's specs and the end-to-end tests that generate statements. It reads the schema from disk, which the
// library itself never does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { validateXML } from 'xmllint-wasm';

/** The restricted camt.053.001.02 schema beside the fixtures; its header says how it was made and why valid
 * against it means valid against the official XSD. */
const SCHEMA_FILE = join(__dirname, '../../../../test/fixtures/payments/camt.053.001.02-restricted.xsd');
let schema: string | undefined;

/** The schema's complaints about a camt.053 statement (none: valid). */
export async function camt053SchemaErrors(xml: string): Promise<string[]> {
  schema ??= readFileSync(SCHEMA_FILE, 'utf8');
  const result = await validateXML({
    xml: [{ fileName: 'statement.xml', contents: xml }],
    schema: [{ fileName: 'camt.053.001.02-restricted.xsd', contents: schema }],
  });
  return result.errors.map((error) => error.rawMessage);
}
