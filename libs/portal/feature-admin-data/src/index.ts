export * from './data-routes';
