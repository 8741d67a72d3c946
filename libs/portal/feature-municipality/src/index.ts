export * from './municipality-routes';
