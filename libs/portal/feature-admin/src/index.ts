export * from './admin-routes';
