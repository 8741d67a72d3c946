export * from './i18n';
export * from './messages-cs';
export * from './translate.pipe';
export * from './api-problem';
export * from './decimal-comma';
export * from './language.interceptor';
export * from './import-issue';
export * from './dates';
