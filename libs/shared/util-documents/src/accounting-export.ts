import { zipSync, type Zippable } from 'fflate';

import type { SettlementDocument } from '@sdilna/shared/domain-settlement';

import { documentFileName, writeIsdocx } from './isdocx';

const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

/**
 * The ISDOC batch of an accounting export: one ZIP with an ISDOCX per document (its ISDOC with the PDF embedded
 * as preview), named by document number, in the order given. ISDOCX files are ZIPs already, so they are stored.
 */
export async function isdocBatchZip(
  documents: readonly SettlementDocument[],
  renderPdf: (document: SettlementDocument) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const entries: Zippable = {};
  for (const document of documents) {
    const isdocx = writeIsdocx(document, await renderPdf(document));
    entries[`${documentFileName(document)}.isdocx`] = [isdocx, { level: 0, mtime: ENTRY_TIME }];
  }
  return zipSync(entries);
}
