// Browser-safe entry: pure settlement maths, documents as data, SPAYD, ISDOC and CSV writers.
// The PDF renderer and PNG QR codes need Node and live in ./node.ts.
export * from './accounting-csv';
export * from './bank-account';
export * from './corrective-document';
export * from './czech-format';
export * from './dated-price';
export * from './document-issuing';
export * from './document-numbering';
export * from './document-totals';
export * from './isdoc-writer';
export * from './money';
export * from './pair-split';
export * from './price';
export * from './price-list';
export * from './settle-period';
export * from './settlement-document';
export * from './settlement-documents';
export * from './settlement-error';
export * from './settlement-input';
export * from './settlement-result';
export * from './sharing-pairs';
export * from './spayd';
export * from './spayd-qr';
export * from './time-band';
export * from './variable-symbol';
export * from './vat';
