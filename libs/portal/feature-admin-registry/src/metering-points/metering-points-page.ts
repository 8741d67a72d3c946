import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { RouterLink } from '@angular/router';

import { MembersApi, MeteringPointsApi, type PointRole } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';
import { eanProblem } from '@sdilna/shared/domain-core';

/** The shared EAN rule (18 digits, Czech prefix, GS1 check digit) as a form validator. */
export function eanValidator(control: AbstractControl<string>): ValidationErrors | null {
  const value = control.value.trim();
  if (value === '') return null;
  const problem = eanProblem(value);
  return problem ? { ean: problem } : null;
}

@Component({
  selector: 'sd-metering-points-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    RouterLink,
    TranslatePipe,
    ApiErrorMessage,
    LocalDatePipe,
    RESOURCE_LIST,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-head">
      <h1>{{ 'admin.points.title' | t }}</h1>
      <div class="actions">
        <a routerLink="import" class="button">{{ 'admin.points.import' | t }}</a>
      </div>
    </div>
    <sd-resource-list
      [resource]="points"
      [emptyHeading]="i18n.t('admin.points.emptyTitle')"
      [columns]="['EAN', 'point.role', 'point.member', 'point.label', 'point.validFrom', 'point.validTo']"
      tableTestId="points-table"
    >
      <p sdEmpty>{{ 'admin.points.emptyText' | t }}</p>
      <ng-template [sdListRows]="points" let-list>
        @for (point of list; track point.id) {
          <tr>
            <th scope="row" class="mono">
              <a [routerLink]="point.id">{{ point.ean }}</a>
            </th>
            <td>{{ 'pointRole.' + point.role | t }}</td>
            <td>{{ memberName(point.memberId) }}</td>
            <td>{{ point.label || '–' }}</td>
            <td>{{ point.validFrom | sdDate }}</td>
            <td>{{ point.validTo ? (point.validTo | sdDate) : '–' }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>

    <h2>{{ 'admin.points.add' | t }}</h2>
    @if ((members.hasValue() ? members.value() : undefined)?.length === 0) {
      <p>
        {{ 'admin.points.needMember' | t }} <a routerLink="../members/new">{{ 'admin.members.add' | t }}</a>
      </p>
    } @else {
      <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="add()" novalidate class="grid-form">
        <sd-field for="point-ean" label="EAN" [error]="eanError()">
          <input sdFieldControl formControlName="ean" inputmode="numeric" maxlength="18" class="mono" />
        </sd-field>
        <sd-field for="point-role" label="point.role">
          <select sdFieldControl formControlName="role">
            <option value="consumption">{{ 'pointRole.consumption' | t }}</option>
            <option value="production">{{ 'pointRole.production' | t }}</option>
          </select>
        </sd-field>
        <sd-field for="point-member" label="point.member" error="form.required">
          <select sdFieldControl formControlName="memberId">
            <option value="">{{ 'form.choose' | t }}</option>
            @for (member of (members.hasValue() ? members.value() : undefined) ?? []; track member.id) {
              <option [value]="member.id">{{ member.name }}</option>
            }
          </select>
        </sd-field>
        <sd-field for="point-from" label="point.validFrom" error="form.required">
          <input sdFieldControl type="date" formControlName="validFrom" />
        </sd-field>
        <sd-field for="point-label" label="point.label" optional>
          <input sdFieldControl formControlName="label" />
        </sd-field>
        <div class="field submit">
          <button type="submit" class="primary" [disabled]="call.busy()">
            {{ 'admin.points.submit' | t }}
          </button>
        </div>
      </form>
      <sd-api-error [error]="call.error()" />
    }
  `,
})
export class MeteringPointsPage {
  private readonly api = inject(MeteringPointsApi);
  private readonly membersApi = inject(MembersApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();

  protected readonly points = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly members = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.membersApi.list(params),
  });
  private readonly names = computed(
    () =>
      new Map(
        ((this.members.hasValue() ? this.members.value() : undefined) ?? []).map((m) => [m.id, m.name]),
      ),
  );

  protected readonly form = inject(NonNullableFormBuilder).group({
    ean: ['', [Validators.required, eanValidator]],
    role: ['consumption' as PointRole],
    memberId: ['', Validators.required],
    validFrom: [firstOfMonth(), Validators.required],
    label: [''],
  });
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();

  protected memberName(id: string): string {
    return this.names().get(id) ?? '–';
  }

  /** the message key of the EAN's error: what the shared EAN rule found, else that it is missing */
  protected eanError(): string {
    const problem = this.form.controls.ean.errors?.['ean'] as string | undefined;
    return problem ? `ean.${problem}` : 'form.required';
  }

  protected async add(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const added = await this.call.run(() =>
      this.api.create(this.communityId(), {
        ean: value.ean.trim(),
        role: value.role,
        memberId: value.memberId,
        validFrom: value.validFrom,
        ...(value.label.trim() ? { label: value.label.trim() } : {}),
      }),
    );
    if (added) {
      this.form.reset({ role: value.role, memberId: value.memberId, validFrom: value.validFrom });
      this.submitted.set(false);
      this.points.reload();
    }
  }
}

function firstOfMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
}
