export * from './settlement-routes';
