import { inject, Injectable } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';

import { I18n } from '@sdilna/portal/util-i18n';

/** Route titles are dictionary keys, so the tab title follows the language like the page does. */
@Injectable()
export class TranslatedTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly i18n = inject(I18n);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const key = this.buildTitle(snapshot);
    const page = key && this.i18n.has(key) ? this.i18n.t(key) : key;
    this.title.setTitle(page ? `${page} · Sdílna` : 'Sdílna');
  }
}
