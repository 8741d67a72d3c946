import type { Routes } from '@angular/router';

import { lazyPage } from '@sdilna/portal/ui-kit';

/** Money of an administrator: price lists, settlement runs and settings, issued documents, exports and the subscription. */
export const settlementRoutes: Routes = [
  lazyPage('price-lists', 'prices.title', () =>
    import('./price-lists/price-lists-page').then((m) => m.PriceListsPage),
  ),
  lazyPage('price-bands', 'bands.title', () =>
    import('./price-lists/price-list-bands').then((m) => m.PriceListBandsPage),
  ),
  lazyPage('settlements', 'settlements.title', () =>
    import('./settlements/settlements-page').then((m) => m.SettlementsPage),
  ),
  lazyPage('settlements/:runId', 'settlements.runTitle', () =>
    import('./settlements/settlement-run-page').then((m) => m.SettlementRunPage),
  ),
  lazyPage('settlement-settings', 'settings.title', () =>
    import('./settings/settlement-settings-page').then((m) => m.SettlementSettingsPage),
  ),
  lazyPage('exports', 'exports.title', () => import('./exports/exports-page').then((m) => m.ExportsPage)),
  lazyPage('documents', 'documents.title', () =>
    import('@sdilna/portal/feature-member').then((m) => m.DocumentsPage),
  ),
  lazyPage('payments', 'payments.title', () =>
    import('./payments/payments-page').then((m) => m.PaymentsPage),
  ),
  lazyPage('bank-statements', 'statements.title', () =>
    import('./payments/bank-statements-page').then((m) => m.BankStatementsPage),
  ),
  lazyPage('payouts', 'payouts.title', () => import('./payments/payouts-page').then((m) => m.PayoutsPage)),
  lazyPage('billing', 'billing.title', () => import('./billing/billing-page').then((m) => m.BillingPage)),
];
