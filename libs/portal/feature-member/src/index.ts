export * from './member-routes';
