import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { map } from 'rxjs';

import { SharingGroupsApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

import { EDC_GROUP_ID } from './sharing-groups-page';

/**
 * One sharing group: its name and EDC number, and the periods in which it asked EDC for iteration (EDC derives
 * the rounds of its computation from them, domain.md §3.2).
 */
@Component({
  selector: 'sd-sharing-group-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    FORM_FIELD,
    TranslatePipe,
    ApiErrorMessage,
    LocalDatePipe,
    RESOURCE_LIST,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← {{ 'groups.title' | t }}</a>
    </p>
    <h1>{{ group()?.name ?? ('title.sharingGroup' | t) }}</h1>
    <sd-api-error [error]="groups.error()" />
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="save()" novalidate class="grid-form">
      <sd-field for="group-name" label="groups.name" error="form.required">
        <input sdFieldControl formControlName="name" />
      </sd-field>
      <sd-field
        for="group-edc-id"
        label="groups.edcGroupId"
        optional
        hint="groups.edcGroupIdHint"
        error="groups.edcGroupIdRule"
      >
        <input sdFieldControl inputmode="numeric" formControlName="edcGroupId" />
      </sd-field>
      <div class="field submit">
        <button type="submit" class="primary" [disabled]="call.busy()">{{ 'common.save' | t }}</button>
      </div>
    </form>
    @if (saved()) {
      <p class="notice" role="status" data-testid="group-saved">{{ 'groups.saved' | t }}</p>
    }
    <sd-api-error [error]="call.error()" />

    <h2>{{ 'groups.iterationTitle' | t }}</h2>
    <p class="lead">{{ 'groups.iterationLead' | t }}</p>
    <sd-resource-list
      [resource]="iteration"
      [emptyHeading]="i18n.t('groups.iterationEmpty')"
      [columns]="['prices.valid', 'groups.iteration']"
      tableTestId="iteration-table"
    >
      <ng-template [sdListRows]="iteration" let-list>
        @for (period of list; track period.validFrom) {
          <tr>
            <th scope="row">
              {{ period.validFrom | sdDate }} – {{ period.validTo ? (period.validTo | sdDate) : '' }}
            </th>
            <td>{{ (period.requested ? 'groups.iterationOn' : 'groups.iterationOff') | t }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
    <h3>{{ 'groups.iterationSet' | t }}</h3>
    <form
      [formGroup]="iterationForm"
      [sdSubmitted]="iterationSubmitted()"
      (ngSubmit)="setIteration()"
      novalidate
      class="grid-form"
    >
      <sd-field for="iteration-from" label="point.validFrom" error="form.required">
        <input sdFieldControl type="date" formControlName="validFrom" />
      </sd-field>
      <div class="field">
        <label class="choice"
          ><input type="checkbox" formControlName="requested" /> {{ 'groups.iterationRequested' | t }}</label
        >
      </div>
      <div class="field submit">
        <button type="submit" class="primary" [disabled]="iterationCall.busy()">
          {{ 'groups.iterationSubmit' | t }}
        </button>
      </div>
    </form>
    @if (open(); as period) {
      <h3>{{ 'groups.iterationClose' | t: { from: (period.validFrom | sdDate) } }}</h3>
      <form
        [formGroup]="closeForm"
        [sdSubmitted]="closeSubmitted()"
        (ngSubmit)="close(period.validFrom)"
        novalidate
        class="grid-form"
      >
        <sd-field for="iteration-to" label="groups.lastDay" error="form.required">
          <input sdFieldControl type="date" formControlName="validTo" />
        </sd-field>
        <div class="field submit">
          <button type="submit" [disabled]="iterationCall.busy()">
            {{ 'groups.iterationCloseSubmit' | t }}
          </button>
        </div>
      </form>
    }
    <sd-api-error [error]="iterationCall.error()" />
  `,
})
export class SharingGroupPage {
  private readonly api = inject(SharingGroupsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  readonly groupId = input.required<string>();
  protected readonly groups = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly group = computed(() =>
    (this.groups.hasValue() ? this.groups.value() : []).find((g) => g.id === this.groupId()),
  );
  protected readonly iteration = rxResource({
    params: () => ({ communityId: this.communityId(), groupId: this.groupId() }),
    // the periods only: today's value is the groups list's
    stream: ({ params }) =>
      this.api.iteration(params.communityId, params.groupId).pipe(map((answer) => answer.periods)),
  });
  protected readonly periods = computed(() => (this.iteration.hasValue() ? this.iteration.value() : []));
  /** the open-ended period, which the close form ends */
  protected readonly open = computed(() => this.periods().find((p) => p.validTo === null));

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    edcGroupId: ['', Validators.pattern(EDC_GROUP_ID)],
  });
  protected readonly submitted = signal(false);
  protected readonly saved = signal(false);
  protected readonly call = new ApiCall();
  protected readonly iterationForm = this.fb.group({
    validFrom: ['', Validators.required],
    requested: [true],
  });
  protected readonly iterationSubmitted = signal(false);
  protected readonly closeForm = this.fb.group({ validTo: ['', Validators.required] });
  protected readonly closeSubmitted = signal(false);
  protected readonly iterationCall = new ApiCall();

  constructor() {
    // the form shows the group as loaded (and again after a save reloads it)
    effect(() => {
      const group = this.group();
      if (group) this.form.setValue({ name: group.name, edcGroupId: group.edcGroupId ?? '' });
    });
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.saved.set(false);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const edcGroupId = value.edcGroupId.trim();
    const done = await this.call.run(() =>
      this.api.update(this.communityId(), this.groupId(), {
        name: value.name.trim(),
        ...(edcGroupId ? { edcGroupId } : {}),
      }),
    );
    if (done) {
      this.submitted.set(false);
      this.saved.set(true);
      this.groups.reload();
    }
  }

  protected async setIteration(): Promise<void> {
    this.iterationSubmitted.set(true);
    this.iterationCall.clear();
    if (this.iterationForm.invalid) return;
    const value = this.iterationForm.getRawValue();
    const done = await this.iterationCall.run(() =>
      this.api.setIteration(this.communityId(), this.groupId(), value),
    );
    if (done) {
      this.iterationForm.reset();
      this.iterationSubmitted.set(false);
      this.iteration.reload();
      this.groups.reload();
    }
  }

  protected async close(validFrom: string): Promise<void> {
    this.closeSubmitted.set(true);
    this.iterationCall.clear();
    if (this.closeForm.invalid) return;
    const { validTo } = this.closeForm.getRawValue();
    const done = await this.iterationCall.run(() =>
      this.api.closeIteration(this.communityId(), this.groupId(), validFrom, { validTo }),
    );
    if (done) {
      this.closeForm.reset();
      this.closeSubmitted.set(false);
      this.iteration.reload();
      this.groups.reload();
    }
  }
}
