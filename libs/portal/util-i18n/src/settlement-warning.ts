import type { SettlementWarning } from '@sdilna/shared/util-api-contract';

import { formatLocalDate } from './dates';
import type { I18n, MessageParams } from './i18n';
import type { MessageKey } from './messages-cs';

const ISO_DAY = /\b\d{4}-\d{2}-\d{2}\b/g;
/** `2026-06-01..2026-06-20`, as the API writes a range of days */
const DOTTED_RANGE = /(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})/g;

/**
 * A settlement run's finding in the UI's language: its code's text with the parameters the API sent, days written
 * the language's way (`1. 6. 2026 – 3. 6. 2026`), never the API's English sentence with member ids. A finding stored
 * before runs kept codes (`NOTE`) keeps the API's text.
 */
export function describeSettlementWarning(i18n: I18n, warning: SettlementWarning): string {
  if (warning.code === 'NOTE') return warning.message;
  const language = i18n.language();
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(warning.params)) {
    params[name] =
      typeof value === 'string'
        ? value.replace(DOTTED_RANGE, '$1 – $2').replace(ISO_DAY, (day) => formatLocalDate(day, language))
        : value;
  }
  const more = Number(params['more'] ?? 0);
  const filled: MessageParams = {
    ...params,
    more: more > 0 ? i18n.t('settlementWarning.more', { count: more }) : '',
    preliminary:
      typeof params['preliminaryDays'] === 'string' && params['preliminaryDays'] !== ''
        ? i18n.t('settlementWarning.preliminaryDays', { days: params['preliminaryDays'] })
        : '',
  };
  const key: MessageKey =
    warning.code === 'PRICE_MISSING'
      ? params['price'] === 'feed-in'
        ? 'settlementWarning.PRICE_MISSING.feed-in'
        : 'settlementWarning.PRICE_MISSING.supplier'
      : `settlementWarning.${warning.code}`;
  return i18n.t(key, filled);
}
