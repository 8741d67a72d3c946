/**
 * The two dictionaries without Angular (entry `@sdilna/portal/util-i18n/messages`): for tests outside the browser,
 * such as the route walk that checks every page for texts of the other language.
 */
export { cs, type MessageKey } from './messages-cs';
export { en } from './messages-en';
