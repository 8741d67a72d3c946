// Node-only entry of the settlement library: PDF rendering (pdfkit, fonts from disk) and PNG QR codes.
export * from './invoice-pdf';
export * from './pdf-fonts';
export * from './spayd-qr-png';
