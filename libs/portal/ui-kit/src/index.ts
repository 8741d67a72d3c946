export * from './api-error-message';
export * from './chart';
export * from './coming-soon';
export * from './empty-state';
export * from './coming-topic';
