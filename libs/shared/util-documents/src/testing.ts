// Test fixtures and checks of the document writers (a month with every kind of document, reading XML back,
// comparing a Pohoda data pack with its documents), for the specs of the libraries that export documents. Not
// part of the main entries.
export * from './every-kind.testing';
export * from './pohoda-checks.testing';
export * from './xml-reading.testing';
