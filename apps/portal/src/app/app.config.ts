import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  LOCALE_ID,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { registerLocaleData } from '@angular/common';
import localeCs from '@angular/common/locales/cs';
import { provideRouter, TitleStrategy, withComponentInputBinding, withRouterConfig } from '@angular/router';

import { authInterceptor } from '@sdilna/portal/data-access-auth';
import { languageInterceptor } from '@sdilna/portal/util-i18n';

import { appRoutes } from './app.routes';
import { TranslatedTitleStrategy } from './translated-title-strategy';

registerLocaleData(localeCs);

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    // The XHR backend (not fetch) reports upload progress, which the EDC import shows.
    provideHttpClient(withInterceptors([languageInterceptor, authInterceptor])),
    // Child pages read :communityId and :memberId of their area's route as inputs.
    provideRouter(
      appRoutes,
      withComponentInputBinding(),
      withRouterConfig({ paramsInheritanceStrategy: 'always' }),
    ),
    { provide: TitleStrategy, useClass: TranslatedTitleStrategy },
    { provide: LOCALE_ID, useValue: 'cs-CZ' },
  ],
};
