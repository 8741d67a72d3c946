export * from './api-error-message';
export * from './chart';
export * from './empty-state';
export * from './api-call';
export * from './month';
export * from './resource-list';
export * from './form-field';
export * from './lazy-page';
