// Node-only entry of the document formats: PDF rendering (pdfkit, fonts from disk), PNG QR codes, ISDOCX and
// the accounting export's ZIP (SHA-1 from node:crypto), and reading a rendered PDF's text back (for tests).
export * from './accounting-export';
export * from './invoice-pdf';
export * from './isdocx';
export * from './pdf-fonts';
export * from './pdf-text';
export * from './spayd-qr-png';
