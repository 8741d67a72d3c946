// Test helpers of the payments library (the schema check of camt.053 statements), for its specs and the end-to-end
// tests. Not part of the main entry: `@sdilna/shared/domain-payments/testing`.
export * from './camt053-schema.testing';
