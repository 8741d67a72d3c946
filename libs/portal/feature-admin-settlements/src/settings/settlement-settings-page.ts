import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import {
  type SettlementMode,
  type SettlementSettingsInput,
  SettlementSettingsApi,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

/** A Czech account (`19-2000145399/0800`) or an IBAN (spaces allowed, as printed on a statement). */
const ACCOUNT = /^((\d{1,6}-)?\d{2,10}\/\d{4}|[A-Za-z]{2}\d{2}[A-Za-z0-9 ]{10,40})$/;
const BIC = /^[A-Za-z0-9]{8}([A-Za-z0-9]{3})?$/;
const DIC = /^CZ\d{8,10}$/;

/** How the community settles, where members pay (QR payments), when documents fall due and the DIČ printed. */
@Component({
  selector: 'sd-settlement-settings-page',
  imports: [ReactiveFormsModule, FORM_FIELD, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'settings.title' | t }}</h1>
    <p class="lead">{{ 'settings.lead' | t }}</p>
    <sd-api-error [error]="settings.error()" />
    @if (settings.hasValue() && !settings.value().saved) {
      <p class="notice" data-testid="settings-defaults">{{ 'settings.defaults' | t }}</p>
    }
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="save()" novalidate class="grid-form">
      <fieldset class="field">
        <legend>{{ 'settings.mode' | t }}</legend>
        @for (mode of modes; track mode) {
          <label class="choice">
            <input type="radio" formControlName="mode" [value]="mode" />
            {{ 'settings.mode.' + mode | t }}
          </label>
        }
      </fieldset>
      <sd-field
        for="settings-account"
        label="settings.account"
        optional
        hint="settings.accountHint"
        error="settings.accountRule"
      >
        <input sdFieldControl formControlName="account" autocomplete="off" />
      </sd-field>
      <sd-field for="settings-bic" label="settings.bic" optional error="settings.bicRule">
        <input sdFieldControl formControlName="bic" autocomplete="off" />
      </sd-field>
      <sd-field for="settings-due" label="settings.dueDays" unit="settings.days" error="settings.dueDaysRule">
        <input sdFieldControl type="number" min="0" max="120" step="1" formControlName="dueDays" />
      </sd-field>
      <sd-field for="settings-dic" label="settings.dic" optional error="settings.dicRule">
        <input sdFieldControl formControlName="dic" autocomplete="off" />
      </sd-field>
      <sd-field for="settings-email" label="settings.email" optional error="form.emailInvalid">
        <input sdFieldControl type="email" formControlName="email" />
      </sd-field>
      <div class="field submit">
        <button type="submit" class="primary" [disabled]="call.busy()">{{ 'common.save' | t }}</button>
      </div>
    </form>
    @if (saved()) {
      <p class="notice" role="status" data-testid="settings-saved">{{ 'settings.saved' | t }}</p>
    }
    <sd-api-error [error]="call.error()" />
  `,
  styles: `
    /* the two modes are sentences: they take the form's whole width */
    fieldset {
      grid-column: 1 / -1;
      border: 0;
      padding: 0;
      margin: 0;
    }
    legend {
      font-weight: 600;
      padding: 0;
    }
  `,
})
export class SettlementSettingsPage {
  private readonly api = inject(SettlementSettingsApi);
  readonly communityId = input.required<string>();
  protected readonly modes: readonly SettlementMode[] = ['community-clearing', 'direct'];
  protected readonly settings = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.get(params),
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    mode: ['community-clearing' as SettlementMode],
    account: ['', Validators.pattern(ACCOUNT)],
    bic: ['', Validators.pattern(BIC)],
    dueDays: [14, [Validators.required, Validators.min(0), Validators.max(120), Validators.pattern(/^\d+$/)]],
    dic: ['', Validators.pattern(DIC)],
    email: ['', Validators.email],
  });
  protected readonly submitted = signal(false);
  protected readonly saved = signal(false);
  protected readonly call = new ApiCall();

  constructor() {
    // the form shows what is saved: the account as the administrator wrote it (a Czech number, else the IBAN)
    effect(() => {
      if (!this.settings.hasValue()) return;
      const settings = this.settings.value();
      this.form.setValue({
        mode: settings.mode,
        account: settings.czechAccount ?? settings.iban ?? '',
        bic: settings.bic ?? '',
        dueDays: settings.dueDays ?? 14,
        dic: settings.dic ?? '',
        email: settings.email ?? '',
      });
    });
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.saved.set(false);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const account = value.account.trim();
    const bic = value.bic.trim().toUpperCase();
    const dic = value.dic.trim().toUpperCase();
    const email = value.email.trim();
    const input: SettlementSettingsInput = {
      mode: value.mode,
      dueDays: Number(value.dueDays),
      // a Czech number has a slash; the API derives the IBAN from it, and takes an IBAN without spaces
      ...(account.includes('/')
        ? { czechAccount: account }
        : account
          ? { iban: account.replace(/\s+/g, '').toUpperCase() }
          : {}),
      ...(bic ? { bic } : {}),
      ...(dic ? { dic } : {}),
      ...(email ? { email } : {}),
    };
    const done = await this.call.run(() => this.api.save(this.communityId(), input));
    if (done) {
      this.submitted.set(false);
      this.saved.set(true);
      this.settings.reload();
    }
  }
}
