// Node-only entry of the document formats: PDF rendering (pdfkit, fonts from disk), PNG QR codes and reading a
// rendered PDF's text back (for tests).
export * from './invoice-pdf';
export * from './pdf-fonts';
export * from './pdf-text';
export * from './spayd-qr-png';
