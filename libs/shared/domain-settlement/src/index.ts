// Pure settlement maths: prices, VAT, money, the settlement of a period, documents as data and their numbering.
// Their formats (SPAYD/QR, ISDOC, CSV, PDF) live in @sdilna/shared/util-documents.
export * from './bank-account';
export * from './corrective-document';
export * from './czech-format';
export * from './dated-price';
export * from './document-issuing';
export * from './document-numbering';
export * from './document-totals';
export * from './money';
export * from './pair-split';
export * from './price';
export * from './price-list';
export * from './revision';
export * from './settle-period';
export * from './settlement-document';
export * from './settlement-documents';
export * from './settlement-error';
export * from './settlement-input';
export * from './settlement-result';
export * from './sharing-pairs';
export * from './time-band';
export * from './variable-symbol';
export * from './vat';
export * from './settlement-warning';
export * from './vat-status';
export * from './document-legal';
