import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { I18n } from '@sdilna/portal/util-i18n';

import { ComingSoon } from './coming-soon';

/** Settlements, documents and billing until their API exists: says what will come, shows no invented data. */
@Component({
  selector: 'sd-coming-topic',
  imports: [ComingSoon],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<sd-coming-soon [heading]="heading()" [text]="text()" />`,
})
export class ComingTopic {
  private readonly i18n = inject(I18n);
  /** route data: `settlements` | `documents` | `billing` | `recharges` | `memberDocuments` */
  readonly topic = input.required<string>();
  protected readonly heading = computed(() => this.text_(`coming.${this.topic()}.title`));
  protected readonly text = computed(() => this.text_(`coming.${this.topic()}.text`));

  private text_(key: string): string {
    return this.i18n.has(key) ? this.i18n.t(key) : key;
  }
}
