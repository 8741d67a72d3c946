export * from './community-rules';
export * from './decimal-text';
export * from './ean';
export * from './energy';
export * from './money';
export * from './prague-calendar';
