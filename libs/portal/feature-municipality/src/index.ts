export * from './municipality-routes';
export { RechargesApi } from './recharges-api';
