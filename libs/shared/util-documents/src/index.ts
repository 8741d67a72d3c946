// Browser-safe entry: the document formats of settled documents (SPAYD QR payments, ISDOC XML, accounting CSV).
// The PDF renderer and PNG QR codes need Node and live in ./node.ts.
export * from './accounting-csv';
export * from './czech-format';
export * from './isdoc-kinds';
export * from './isdoc-writer';
export * from './pohoda-xml';
export * from './spayd';
export * from './spayd-qr';
