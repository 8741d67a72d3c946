import { inject, Pipe, type PipeTransform } from '@angular/core';

import { formatLocalDate, I18n } from '@sdilna/portal/util-i18n';

/** The state of a dated period (price list, price, key, iteration) as the period pages show it. */
export type PeriodState = 'ended' | 'current' | 'scheduled';

/** Today in Prague, the calendar of every period. */
export function pragueToday(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Prague' }).format(now);
}

/** Whether a period is over, applies today or starts later (`today` is the Prague calendar day). */
export function periodState(
  period: { validFrom: string; validTo?: string | null },
  today: string,
): PeriodState {
  if (period.validTo && period.validTo < today) return 'ended';
  return period.validFrom > today ? 'scheduled' : 'current';
}

/**
 * `{{ price | sdPeriod }}`: a period as the period pages write it, `1. 6. 2026 – 30. 6. 2026` or
 * `1. 7. 2026 – bez konce`, in the UI's language (impure: follows a switch).
 */
@Pipe({ name: 'sdPeriod', pure: false })
export class PeriodPipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(period: { validFrom: string; validTo?: string | null }): string {
    const language = this.i18n.language();
    const to = period.validTo ? formatLocalDate(period.validTo, language) : this.i18n.t('periods.openEnded');
    return `${formatLocalDate(period.validFrom, language)} – ${to}`;
  }
}
