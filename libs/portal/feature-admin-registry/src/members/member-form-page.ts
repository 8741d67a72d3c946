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
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import {
  type FormControl,
  type FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type Observable, of, switchMap } from 'rxjs';

import {
  MEMBER_KINDS,
  type MemberChange,
  type MemberInput,
  type MemberKind,
  MembersApi,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';
import type { VatStatusName } from '@sdilna/shared/util-api-contract';

import { MemberPrivacySection } from './member-privacy-section';

const ICO = /^\d{8}$/;
const DIC = /^CZ\d{8,10}$/;
const VAT_STATUSES: readonly VatStatusName[] = ['payer', 'identified-person', 'non-payer'];
type EnterpriseSize = NonNullable<MemberInput['enterpriseSize']>;
/** The sizes an enterprise of each kind may declare (the SME declaration); other kinds declare none. */
const SIZES_OF: Partial<Record<MemberKind, readonly EnterpriseSize[]>> = {
  sme: ['small', 'medium'],
  'large-enterprise': ['large'],
};

type VatRowGroup = FormGroup<{
  validFrom: FormControl<string>;
  status: FormControl<VatStatusName>;
  dic: FormControl<string>;
}>;

/** `members/new` creates, `members/:memberId` edits (and deletes) a member. */
@Component({
  selector: 'sd-member-form-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    RouterLink,
    TranslatePipe,
    ApiErrorMessage,
    MemberPrivacySection,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← {{ 'admin.members.title' | t }}</a>
    </p>
    <h1>{{ (isNew() ? 'admin.members.new' : 'admin.members.edit') | t }}</h1>
    <sd-api-error [error]="existing.error()" />
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="save()" novalidate class="narrow">
      <sd-field for="member-name" label="member.name" error="form.required">
        <input sdFieldControl formControlName="name" />
      </sd-field>
      <sd-field for="member-kind" label="member.kind">
        <select sdFieldControl formControlName="kind">
          @for (kind of kinds; track kind) {
            <option [value]="kind">{{ 'memberKind.' + kind | t }}</option>
          }
        </select>
      </sd-field>
      @if (hasSize()) {
        <sd-field for="member-enterprise-size" label="member.enterpriseSize" hint="member.enterpriseSizeHint">
          <select sdFieldControl formControlName="enterpriseSize">
            <option value="">{{ 'member.enterpriseSizeNone' | t }}</option>
            @for (size of sizes(); track size) {
              <option [value]="size">{{ 'enterpriseSize.' + size | t }}</option>
            }
          </select>
        </sd-field>
      }
      <sd-field for="member-email" label="auth.email" optional error="form.emailInvalid">
        <input sdFieldControl type="email" formControlName="email" />
      </sd-field>
      <sd-field for="member-ico" label="member.ico" optional error="form.icoInvalid">
        <input sdFieldControl formControlName="ico" inputmode="numeric" />
      </sd-field>
      <sd-field for="member-address" label="member.address" optional hint="member.addressHint">
        <input sdFieldControl formControlName="address" autocomplete="street-address" />
      </sd-field>
      <sd-field for="member-orp" label="member.orp" optional hint="member.orpHint">
        <input sdFieldControl formControlName="orp" autocomplete="address-level2" />
      </sd-field>
      <sd-field for="member-votes" label="member.votes" hint="member.votesHint" error="form.required">
        <input sdFieldControl type="number" min="0" step="1" formControlName="votes" inputmode="numeric" />
      </sd-field>
      <sd-field for="member-joined-on" label="member.joinedOn" optional hint="member.joinedOnHint">
        <input sdFieldControl type="date" formControlName="joinedOn" />
      </sd-field>
      <sd-field
        for="member-left-on"
        label="member.leftOn"
        optional
        hint="member.leftOnHint"
        error="member.leftOnRule"
      >
        <input sdFieldControl type="date" formControlName="leftOn" />
      </sd-field>
      <sd-field
        for="member-self-billing"
        label="member.selfBillingAgreedOn"
        optional
        hint="member.selfBillingHint"
      >
        <input sdFieldControl type="date" formControlName="selfBillingAgreedOn" />
      </sd-field>
      <fieldset formArrayName="vatStatuses" data-testid="member-vat">
        <legend>{{ 'member.vat' | t }}</legend>
        <p class="hint">{{ 'member.vatLead' | t }}</p>
        @for (row of form.controls.vatStatuses.controls; track row; let i = $index) {
          <div class="vat-row" [formGroupName]="i">
            <sd-field [for]="'member-vat-from-' + i" label="settings.vatFrom" error="settings.vatFromRule">
              <input sdFieldControl type="date" formControlName="validFrom" />
            </sd-field>
            <sd-field [for]="'member-vat-status-' + i" label="settings.vatStatus">
              <select sdFieldControl formControlName="status">
                @for (status of vatStatuses; track status) {
                  <option [value]="status">{{ 'vatStatus.' + status | t }}</option>
                }
              </select>
            </sd-field>
            <sd-field [for]="'member-vat-dic-' + i" label="member.dic" optional error="settings.dicRule">
              <input sdFieldControl formControlName="dic" autocomplete="off" />
            </sd-field>
            <button type="button" class="link" (click)="form.controls.vatStatuses.removeAt(i)">
              {{ 'settings.vatRemove' | t }}
            </button>
          </div>
        } @empty {
          <p>{{ 'member.vatNone' | t }}</p>
        }
        <button type="button" (click)="addVatRow()">{{ 'settings.vatAdd' | t }}</button>
      </fieldset>
      <sd-api-error [error]="call.error()" />
      <div class="actions">
        <button type="submit" class="primary" [disabled]="call.busy()">{{ 'common.save' | t }}</button>
        @if (!isNew()) {
          <button type="button" class="danger" (click)="remove()" [disabled]="call.busy()">
            {{ 'common.delete' | t }}
          </button>
        }
      </div>
    </form>
    @if (!isNew() && existing.hasValue()) {
      <sd-member-privacy-section
        [communityId]="communityId()"
        [memberId]="memberId()"
        [leftOn]="existing.value()?.leftOn"
        (erasedNow)="existing.reload()"
      />
    }
  `,
  styles: `
    fieldset {
      border: 0;
      padding: 0;
      margin: 0 0 1rem;
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
export class MemberFormPage {
  private readonly api = inject(MembersApi);
  private readonly router = inject(Router);
  readonly communityId = input.required<string>();
  readonly memberId = input.required<string>();
  protected readonly kinds = MEMBER_KINDS;
  protected readonly isNew = computed(() => this.memberId() === 'new');
  protected readonly vatStatuses = VAT_STATUSES;
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    kind: ['household' as MemberKind],
    email: ['', Validators.email],
    ico: ['', Validators.pattern(ICO)],
    address: ['', Validators.maxLength(500)],
    selfBillingAgreedOn: [''],
    enterpriseSize: ['' as EnterpriseSize | ''],
    orp: ['', Validators.maxLength(100)],
    joinedOn: [''],
    leftOn: [''],
    votes: [
      0,
      [Validators.required, Validators.min(0), Validators.max(1_000_000), Validators.pattern(/^\d+$/)],
    ],
    vatStatuses: this.fb.array<VatRowGroup>([]),
  });
  protected readonly existing = rxResource({
    params: () => ({ communityId: this.communityId(), memberId: this.memberId() }),
    stream: ({ params }) =>
      params.memberId === 'new' ? of(undefined) : this.api.get(params.communityId, params.memberId),
  });
  private readonly kind = toSignal(this.form.controls.kind.valueChanges, {
    initialValue: this.form.controls.kind.value,
  });
  protected readonly sizes = computed(() => SIZES_OF[this.kind()] ?? []);
  protected readonly hasSize = computed(() => this.sizes().length > 0);
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();

  constructor() {
    effect(() => {
      const member = this.existing.hasValue() ? this.existing.value() : undefined;
      // an answer that arrives after the administrator started typing does not overwrite what they typed
      if (member && !untracked(() => this.form.dirty)) {
        const rows = member.vatStatuses ?? [];
        this.form.controls.vatStatuses.clear();
        for (const row of rows) this.form.controls.vatStatuses.push(this.vatRow(row));
        this.form.setValue({
          name: member.name,
          kind: member.kind,
          email: member.email ?? '',
          ico: member.ico ?? '',
          address: member.address ?? '',
          selfBillingAgreedOn: member.selfBillingAgreedOn ?? '',
          enterpriseSize: member.enterpriseSize ?? '',
          orp: member.orp ?? '',
          joinedOn: member.joinedOn ?? '',
          leftOn: member.leftOn ?? '',
          votes: member.votes ?? 0,
          vatStatuses: rows.map((row) => ({
            validFrom: row.validFrom,
            status: row.status,
            dic: row.dic ?? '',
          })),
        });
      }
    });
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    if (value.leftOn && value.joinedOn && value.leftOn < value.joinedOn) {
      this.form.controls.leftOn.setErrors({ beforeJoined: true });
      return;
    }
    const size =
      value.enterpriseSize && SIZES_OF[value.kind]?.includes(value.enterpriseSize)
        ? value.enterpriseSize
        : '';
    // An emptied field is cleared: a new member leaves it out, an existing one sends null for it.
    const optional = {
      email: value.email.trim(),
      ico: value.ico.trim(),
      address: value.address.trim(),
      selfBillingAgreedOn: value.selfBillingAgreedOn,
      enterpriseSize: size,
      orp: value.orp.trim(),
      leftOn: value.leftOn,
    };
    const required = {
      name: value.name.trim(),
      kind: value.kind,
      votes: Number(value.votes),
      ...(value.joinedOn ? { joinedOn: value.joinedOn } : {}),
    };
    const filled = Object.fromEntries(Object.entries(optional).filter(([, text]) => text !== ''));
    const input = { ...required, ...filled } as MemberInput;
    const change = {
      ...required,
      ...Object.fromEntries(
        Object.entries(optional).map(([field, text]) => [field, text === '' ? null : text]),
      ),
    } as MemberChange;
    const history = value.vatStatuses.map((row) => ({
      validFrom: row.validFrom,
      status: row.status,
      ...(row.dic.trim() ? { dic: row.dic.trim().toUpperCase() } : {}),
    }));
    // the member, then its VAT history (the API checks each row's DIČ against its status)
    await this.runThenList(() =>
      (this.isNew()
        ? this.api.create(this.communityId(), input)
        : this.api.update(this.communityId(), this.memberId(), change)
      ).pipe(switchMap((member) => this.api.replaceVatStatuses(this.communityId(), member.id, history))),
    );
  }

  private vatRow(row: { validFrom: string; status: VatStatusName; dic?: string }): VatRowGroup {
    return this.fb.group({
      validFrom: [row.validFrom, Validators.required],
      status: [row.status],
      dic: [row.dic ?? '', Validators.pattern(DIC)],
    });
  }

  protected addVatRow(): void {
    this.form.controls.vatStatuses.push(this.vatRow({ validFrom: '', status: 'payer' }));
  }

  protected async remove(): Promise<void> {
    await this.runThenList(() => this.api.remove(this.communityId(), this.memberId()));
  }

  private async runThenList(request: () => Observable<unknown>): Promise<void> {
    if (await this.call.run(request)) await this.router.navigate(['/admin', this.communityId(), 'members']);
  }
}
