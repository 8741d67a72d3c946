export * from './key-routes';
