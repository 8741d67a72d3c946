export * from './auth-routes';
