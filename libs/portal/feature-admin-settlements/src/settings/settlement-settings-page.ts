import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import {
  type FormControl,
  type FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';

import { firstValueFrom } from 'rxjs';

import {
  CommunitiesApi,
  type SettlementMode,
  type SettlementSettingsInput,
  SettlementSettingsApi,
  type TaxPointRule,
  type VatStatus,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

/** A Czech account (`19-2000145399/0800`) or an IBAN (spaces allowed, as printed on a statement). */
const ACCOUNT = /^((\d{1,6}-)?\d{2,10}\/\d{4}|[A-Za-z]{2}\d{2}[A-Za-z0-9 ]{10,40})$/;
const BIC = /^[A-Za-z0-9]{8}([A-Za-z0-9]{3})?$/;
const DIC = /^CZ\d{8,10}$/;
type VatRowGroup = FormGroup<{ validFrom: FormControl<string>; status: FormControl<VatStatus> }>;

export const VAT_STATUS_CHOICES: readonly VatStatus[] = ['payer', 'identified-person', 'non-payer'];

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
      <sd-field for="settings-ico" label="settings.ico" optional error="form.icoInvalid">
        <input sdFieldControl formControlName="ico" inputmode="numeric" autocomplete="off" />
      </sd-field>
      <sd-field for="settings-address" label="settings.address" optional hint="member.addressHint">
        <input sdFieldControl formControlName="address" autocomplete="street-address" />
      </sd-field>
      @if (renewable()) {
        <sd-field
          for="settings-territory"
          label="settings.territoryOrp"
          optional
          hint="settings.territoryOrpHint"
        >
          <textarea sdFieldControl formControlName="territoryOrp" rows="3"></textarea>
        </sd-field>
      }
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
      <fieldset class="field" formArrayName="vatStatuses" data-testid="settings-vat">
        <legend>{{ 'settings.vat' | t }}</legend>
        <p class="hint">{{ 'settings.vatLead' | t }}</p>
        @for (row of form.controls.vatStatuses.controls; track row; let i = $index) {
          <div class="vat-row" [formGroupName]="i">
            <sd-field [for]="'settings-vat-from-' + i" label="settings.vatFrom" error="settings.vatFromRule">
              <input sdFieldControl type="date" formControlName="validFrom" />
            </sd-field>
            <sd-field [for]="'settings-vat-status-' + i" label="settings.vatStatus">
              <select sdFieldControl formControlName="status">
                @for (status of vatStatuses; track status) {
                  <option [value]="status">{{ 'vatStatus.' + status | t }}</option>
                }
              </select>
            </sd-field>
            <button type="button" class="link" (click)="removeVatRow(i)">
              {{ 'settings.vatRemove' | t }}
            </button>
          </div>
        } @empty {
          <p>{{ 'settings.vatNone' | t }}</p>
        }
        <button type="button" (click)="addVatRow()">{{ 'settings.vatAdd' | t }}</button>
      </fieldset>
      <fieldset class="field">
        <legend>{{ 'settings.taxPoint' | t }}</legend>
        @for (rule of taxPoints; track rule) {
          <label class="choice">
            <input type="radio" formControlName="taxPoint" [value]="rule" />
            {{ 'settings.taxPoint.' + rule | t }}
          </label>
        }
      </fieldset>
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
    /* a VAT change per line on a desktop, stacked on a phone */
    .vat-row {
      display: flex;
      flex-wrap: wrap;
      gap: 0 1rem;
      align-items: end;
    }
  `,
})
export class SettlementSettingsPage {
  private readonly api = inject(SettlementSettingsApi);
  private readonly communities = inject(CommunitiesApi);
  readonly communityId = input.required<string>();
  protected readonly modes: readonly SettlementMode[] = ['community-clearing', 'direct'];
  protected readonly vatStatuses = VAT_STATUS_CHOICES;
  protected readonly taxPoints: readonly TaxPointRule[] = ['period-end', 'issue-date'];
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly settings = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.get(params),
  });
  protected readonly community = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.communities.get(params),
  });
  protected readonly form = this.fb.group({
    mode: ['community-clearing' as SettlementMode],
    account: ['', Validators.pattern(ACCOUNT)],
    bic: ['', Validators.pattern(BIC)],
    dueDays: [14, [Validators.required, Validators.min(0), Validators.max(120), Validators.pattern(/^\d+$/)]],
    dic: ['', Validators.pattern(DIC)],
    email: ['', Validators.email],
    ico: ['', Validators.pattern(/^\d{8}$/)],
    address: ['', Validators.maxLength(500)],
    territoryOrp: [''],
    vatStatuses: this.fb.array<VatRowGroup>([]),
    taxPoint: ['period-end' as TaxPointRule],
  });
  /** a renewable community declares its territory: only members from its ORPs may vote */
  protected readonly renewable = computed(
    () => this.community.hasValue() && this.community.value().type === 'renewable-community',
  );
  protected readonly submitted = signal(false);
  protected readonly saved = signal(false);
  protected readonly call = new ApiCall();

  constructor() {
    // the form shows what is saved: the account as the administrator wrote it (a Czech number, else the IBAN).
    // What arrives after the administrator started typing never overwrites it (a slow answer emptied a typed
    // address, and the save then kept none); a successful save marks the form pristine again.
    effect(() => {
      if (!this.settings.hasValue()) return;
      const settings = this.settings.value();
      if (untracked(() => this.form.dirty)) return;
      this.form.controls.vatStatuses.clear();
      for (const row of settings.vatStatuses ?? []) this.form.controls.vatStatuses.push(this.vatRow(row));
      this.form.setValue({
        mode: settings.mode,
        taxPoint: settings.taxPoint ?? 'period-end',
        vatStatuses: (settings.vatStatuses ?? []).map((row) => ({
          validFrom: row.validFrom,
          status: row.status,
        })),
        account: settings.czechAccount ?? settings.iban ?? '',
        bic: settings.bic ?? '',
        dueDays: settings.dueDays ?? 14,
        dic: settings.dic ?? '',
        email: settings.email ?? '',
        ico: this.form.controls.ico.value,
        address: this.form.controls.address.value,
        territoryOrp: this.form.controls.territoryOrp.value,
      });
    });
    effect(() => {
      if (!this.community.hasValue()) return;
      const community = this.community.value();
      const controls = this.form.controls;
      untracked(() => {
        if (!controls.ico.dirty) controls.ico.setValue(community.ico ?? '');
        if (!controls.address.dirty) controls.address.setValue(community.address ?? '');
        if (!controls.territoryOrp.dirty) controls.territoryOrp.setValue(community.territoryOrp.join('\n'));
      });
    });
  }

  private vatRow(row: { validFrom: string; status: VatStatus }): VatRowGroup {
    return this.fb.group({
      validFrom: [row.validFrom, Validators.required],
      status: [row.status as VatStatus],
    });
  }

  protected addVatRow(): void {
    this.form.controls.vatStatuses.push(this.vatRow({ validFrom: '', status: 'payer' }));
  }

  protected removeVatRow(index: number): void {
    this.form.controls.vatStatuses.removeAt(index);
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
      vatStatuses: value.vatStatuses.map((row) => ({ validFrom: row.validFrom, status: row.status })),
      taxPoint: value.taxPoint,
    };
    const ico = value.ico.trim();
    const address = value.address.trim();
    const renewable = this.renewable();
    const territoryOrp = value.territoryOrp
      .split(/[,\n]/)
      .map((orp) => orp.trim())
      .filter((orp) => orp !== '');
    const done = await this.call.run(async () => {
      if (ico || address || renewable) {
        await firstValueFrom(
          this.communities.update(this.communityId(), {
            ...(ico ? { ico } : {}),
            ...(address ? { address } : {}),
            ...(renewable ? { territoryOrp } : {}),
          }),
        );
      }
      return firstValueFrom(this.api.save(this.communityId(), input));
    });
    if (done) {
      this.submitted.set(false);
      this.saved.set(true);
      this.form.markAsPristine();
      this.settings.reload();
    }
  }
}
