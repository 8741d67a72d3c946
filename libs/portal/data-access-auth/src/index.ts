export * from './auth-interceptor';
export * from './auth-models';
export * from './guards';
export * from './session';
export * from './token-storage';
