// Test fixtures of the settlement library (a small settled and issued community), for specs of the libraries that
// write its documents. Not part of the main entry.
export * from './test-community';
