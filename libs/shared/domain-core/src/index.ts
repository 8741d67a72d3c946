export * from './community-rules';
export * from './consents';
export * from './decimal-text';
export * from './ean';
export * from './energy';
export * from './member-kinds';
export * from './money';
export * from './prague-calendar';
