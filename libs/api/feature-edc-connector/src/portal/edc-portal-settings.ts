import type { AppConfig } from '@sdilna/api/util-config';

/**
 * Everything the connector knows about the EDC portal, in ONE place (docs/edc-portal.md): the URLs, client and
 * calculation types come from configuration (defaults = the real portal's documented values); paths and field
 * names are the documented ones. When EDC changes something, this is the only file to touch.
 */
export interface EdcPortalSettings {
  readonly ssoUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly apiUrl: string;
  readonly origin: string;
  readonly contractType: string;
  readonly dailyCalculationType: string;
  readonly monthlyCalculationType: string;
  readonly httpTimeoutMs: number;
  readonly reportPollMs: number;
  readonly reportTimeoutMs: number;
  readonly paths: {
    readonly auth: string;
    readonly token: string;
    readonly logout: string;
    readonly groups: string;
    readonly standardExport: string;
    readonly pairExport: string;
    readonly reports: string;
    readonly download: (reportId: string) => string;
  };
  readonly fields: {
    readonly username: string;
    readonly password: string;
    /** the JSON key of Keycloak's page data that carries the form's action */
    readonly loginAction: string;
    /** the JSON key of Keycloak's page data that carries a refused log-in's message */
    readonly loginError: string;
  };
  readonly reportStates: { readonly done: string; readonly failed: string };
}

export function edcPortalSettings(config: AppConfig): EdcPortalSettings {
  return {
    ssoUrl: config.EDC_SSO_URL.replace(/\/+$/, ''),
    clientId: config.EDC_CLIENT_ID,
    redirectUri: config.EDC_REDIRECT_URI,
    scope: config.EDC_SCOPE,
    apiUrl: config.EDC_API_URL.replace(/\/+$/, ''),
    origin: config.EDC_ORIGIN,
    contractType: config.EDC_CONTRACT_TYPE,
    dailyCalculationType: config.EDC_DAILY_CALCULATION_TYPE,
    monthlyCalculationType: config.EDC_MONTHLY_CALCULATION_TYPE,
    httpTimeoutMs: config.EDC_HTTP_TIMEOUT_MS,
    reportPollMs: config.EDC_REPORT_POLL_MS,
    reportTimeoutMs: config.EDC_REPORT_TIMEOUT_MS,
    paths: {
      auth: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      logout: '/protocol/openid-connect/logout',
      groups: '/profiles-data/get-sse',
      standardExport: '/profiles-data/standard/export',
      pairExport: '/profiles-data/pair/export',
      reports: '/report?page=0&perPage=25&sortBy=requested&sortOrder=desc',
      download: (reportId) => `/report/${encodeURIComponent(reportId)}/download`,
    },
    fields: { username: 'username', password: 'password', loginAction: 'loginAction', loginError: 'summary' },
    reportStates: { done: 'GENERATED', failed: 'ERROR' },
  };
}
