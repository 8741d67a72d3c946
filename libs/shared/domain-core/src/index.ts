export * from './community-rules';
export * from './decimal-text';
export * from './ean';
export * from './energy';
export * from './member-kinds';
export * from './money';
export * from './prague-calendar';
export * from './tax-ids';
