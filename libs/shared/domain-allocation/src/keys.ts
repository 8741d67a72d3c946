// The browser-safe part of the library: key files and their validation, without the EDC glue (which pulls in
// the CSV reader and its text decoders). The portal's key editor imports this entry to stay small.
export * from './allocation-key';
export * from './key-file';
