import { inject, Pipe, type PipeTransform } from '@angular/core';

import { I18n, type MessageParams } from './i18n';

/**
 * `{{ 'nav.members' | t }}`. Impure on purpose: the language is a signal read inside transform, so the view
 * re-renders on a switch even though the key did not change (a dictionary look-up per check is cheap).
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  /** Dynamic keys (`'memberKind.' + kind`) are strings; an unknown key shows itself, and a spec checks every key. */
  transform(key: string, params?: MessageParams): string {
    return this.i18n.has(key) ? this.i18n.t(key, params) : key;
  }
}
