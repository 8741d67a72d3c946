export * from './allocate';
export * from './allocate-interval';
export * from './allocation-analytics';
export * from './allocation-key';
export * from './compiled-key';
export * from './edc-allocation';
export * from './key-file';
export * from './potential-sharing';
