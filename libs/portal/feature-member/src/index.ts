export * from './member-routes';
export * from './documents-page';
