import { createHash } from 'node:crypto';

import { strToU8, zipSync, type Zippable } from 'fflate';

import type { SettlementDocument } from '@sdilna/shared/domain-settlement';

import { writeIsdoc } from './isdoc-writer';

export const ISDOCX_MANIFEST_NAMESPACE = 'http://isdoc.cz/namespace/2013/manifest';

/** Fixed ZIP entry time, so the same document always packs to the same bytes (ZIP has no dates before 1980). */
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

/** A file name from a document number: Czech numbers are letters, digits and a few separators. */
export function documentFileName(document: Pick<SettlementDocument, 'number' | 'uuid'>): string {
  return (document.number ?? document.uuid).replace(/[^\p{L}\p{N}._-]+/gu, '-');
}

/**
 * ISDOCX (ISDOC 6 §"ISDOCX"): a ZIP holding `manifest.xml` that names the main `.isdoc`, the ISDOC itself and
 * its attachments. The PDF travels as the document's preview: the ISDOC lists it in `SupplementsList` with
 * `preview="true"` and its SHA-1 digest, so a reader can check the PDF belongs to the data.
 */
export function writeIsdocx(document: SettlementDocument, pdf: Uint8Array): Uint8Array {
  const name = documentFileName(document);
  const pdfName = `${name}.pdf`;
  const isdocName = `${name}.isdoc`;
  const xml = writeIsdoc(document, { preview: { filename: pdfName, sha1Base64: sha1Base64(pdf) } });
  const manifest =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<manifest xmlns="${ISDOCX_MANIFEST_NAMESPACE}">\n` +
    `  <maindocument filename="${isdocName}"/>\n` +
    `</manifest>\n`;
  const entries: Zippable = {
    'manifest.xml': [strToU8(manifest), { mtime: ENTRY_TIME }],
    [isdocName]: [strToU8(xml), { mtime: ENTRY_TIME }],
    // a PDF is compressed already
    [pdfName]: [pdf, { level: 0, mtime: ENTRY_TIME }],
  };
  return zipSync(entries, { level: 6 });
}

function sha1Base64(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}
