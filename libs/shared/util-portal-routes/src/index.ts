export * from './portal-routes';
