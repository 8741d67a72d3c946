import type { Route } from '@angular/router';

import type { MessageKey } from '@sdilna/portal/util-i18n';

/**
 * A page that loads on first visit, with its tab title (a message key the portal's title strategy translates);
 * `more` adds what only some pages have (route data, guards).
 *
 *     lazyPage('imports', 'title.imports', () => import('./imports/imports-page').then((m) => m.ImportsPage))
 */
export function lazyPage(
  path: string,
  title: MessageKey,
  loadComponent: NonNullable<Route['loadComponent']>,
  more: Omit<Route, 'path' | 'title' | 'loadComponent'> = {},
): Route {
  return { path, title, loadComponent, ...more };
}
