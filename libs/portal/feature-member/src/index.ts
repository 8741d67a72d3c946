export * from './member-routes';
export * from './documents-page';
export * from './notifications-page';
export * from './privacy-page';
