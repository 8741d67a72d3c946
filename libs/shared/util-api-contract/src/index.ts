export * from './vocabulary';
export * from './registry';
export * from './sharing';
export * from './imports';
export * from './settlements';
export * from './edc-connector';
export * from './auth';
export * from './units';
