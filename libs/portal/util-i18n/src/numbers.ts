import { inject, Pipe, type PipeTransform } from '@angular/core';

import { I18n, type Language } from './i18n';

/**
 * The portal's one way to show numbers, money and shares in the UI's language (issue 18 item 8): Angular's own
 * number, currency and percent pipes follow the app's fixed LOCALE_ID and showed `1 234,50 Kč` in the English UI.
 */

const NUMBER_LOCALES: Readonly<Record<Language, string>> = { cs: 'cs-CZ', en: 'en-GB' };
const numberCache = new Map<string, Intl.NumberFormat>();

/**
 * The portal's one number formatter: `1 234,5` in Czech, `1,234.5` in English, with `min`..`max` decimals.
 * Inputs and sums of the same page use it, so a page never mixes `37.44` with `99,98`.
 */
export function formatLocalNumber(
  value: number | null | undefined,
  language: Language,
  minDecimals = 0,
  maxDecimals = 2,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const id = `${language}|${minDecimals}|${maxDecimals}`;
  let found = numberCache.get(id);
  if (!found) {
    found = new Intl.NumberFormat(NUMBER_LOCALES[language], {
      minimumFractionDigits: minDecimals,
      maximumFractionDigits: maxDecimals,
    });
    numberCache.set(id, found);
  }
  return found.format(value).replace(/\u202f|\u00a0/g, ' ');
}

/** A decimal as typed or stored (`37.44`, `37,44`) with the UI language's decimal separator, digits unchanged. */
export function localDecimalText(text: string, language: Language): string {
  return language === 'cs' ? text.replace('.', ',') : text.replace(',', '.');
}

/** `{{ kwh | sdNumber: 2 : 2 }}`: formatLocalNumber in the UI's language (impure: follows a switch). */
@Pipe({ name: 'sdNumber', pure: false })
export class LocalNumberPipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(value: number | string | null | undefined, minDecimals = 0, maxDecimals = 2): string {
    const number = typeof value === 'string' ? Number(value) : value;
    return formatLocalNumber(number, this.i18n.language(), minDecimals, maxDecimals);
  }
}

const moneyCache = new Map<string, Intl.NumberFormat>();

/**
 * An amount of money (a number or the API's decimal string) with its currency: `1 234,50 Kč` in Czech,
 * `CZK 1,234.50` in English; always two decimals, as on the documents.
 */
export function formatLocalMoney(
  value: number | string | null | undefined,
  currency: string,
  language: Language,
): string {
  const amount = typeof value === 'string' ? Number(value) : value;
  if (amount === null || amount === undefined || Number.isNaN(amount)) return '';
  const id = `${language}|${currency}`;
  let found = moneyCache.get(id);
  if (!found) {
    found = new Intl.NumberFormat(NUMBER_LOCALES[language], {
      style: 'currency',
      currency,
      currencyDisplay: language === 'cs' ? 'symbol' : 'code',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    moneyCache.set(id, found);
  }
  return found.format(amount).replace(/\u202f|\u00a0/g, ' ');
}

/** A share 0..1 as a percentage with up to `maxDecimals` decimals: `45,5 %` in Czech, `45.5%` in English. */
export function formatLocalPercent(
  share: number | null | undefined,
  language: Language,
  maxDecimals = 0,
): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '';
  const percent = formatLocalNumber(share * 100, language, 0, maxDecimals);
  return language === 'cs' ? `${percent} %` : `${percent}%`;
}

/** `{{ amount | sdMoney: currency }}`: formatLocalMoney in the UI's language (impure: follows a switch). */
@Pipe({ name: 'sdMoney', pure: false })
export class LocalMoneyPipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(value: number | string | null | undefined, currency = 'CZK'): string {
    return formatLocalMoney(value, currency, this.i18n.language());
  }
}

/** `{{ share | sdPercent: 1 }}`: formatLocalPercent in the UI's language (impure: follows a switch). */
@Pipe({ name: 'sdPercent', pure: false })
export class LocalPercentPipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(share: number | null | undefined, maxDecimals = 0): string {
    return formatLocalPercent(share, this.i18n.language(), maxDecimals);
  }
}

/** `{{ '6.50' | sdDecimal }}`: an API decimal string with the UI language's separator, digits as the API gave them. */
@Pipe({ name: 'sdDecimal', pure: false })
export class LocalDecimalPipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(decimal: string | null | undefined): string {
    return decimal === null || decimal === undefined ? '' : localDecimalText(decimal, this.i18n.language());
  }
}
