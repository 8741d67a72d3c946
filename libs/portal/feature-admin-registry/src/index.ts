export * from './registry-routes';
