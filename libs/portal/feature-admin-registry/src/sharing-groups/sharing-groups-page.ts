import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';

import { SharingGroupsApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, TranslatePipe } from '@sdilna/portal/util-i18n';

/** The API's rule for the number EDC assigns to a group: digits only. */
export const EDC_GROUP_ID = /^\d{1,20}$/;

/** The community's sharing groups (as registered at EDC): the list and a form for a new one. */
@Component({
  selector: 'sd-sharing-groups-page',
  imports: [ReactiveFormsModule, RouterLink, FORM_FIELD, TranslatePipe, ApiErrorMessage, RESOURCE_LIST],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'groups.title' | t }}</h1>
    <p class="lead">{{ 'groups.lead' | t }}</p>
    <sd-resource-list
      [resource]="groups"
      [emptyHeading]="i18n.t('groups.emptyTitle')"
      [columns]="['groups.name', 'groups.edcGroupId', 'groups.iteration']"
      tableTestId="groups-table"
    >
      <p sdEmpty>{{ 'groups.emptyText' | t }}</p>
      <ng-template [sdListRows]="groups" let-list>
        @for (group of list; track group.id) {
          <tr>
            <th scope="row">
              <a [routerLink]="group.id" data-testid="group-link">{{ group.name }}</a>
            </th>
            <td class="mono">{{ group.edcGroupId ?? ('groups.noEdcId' | t) }}</td>
            <td>{{ (group.iterationRequested ? 'groups.iterationOn' : 'groups.iterationOff') | t }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
    <h2>{{ 'groups.add' | t }}</h2>
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="add()" novalidate class="grid-form">
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
        <button type="submit" class="primary" [disabled]="call.busy()">{{ 'groups.submit' | t }}</button>
      </div>
    </form>
    <sd-api-error [error]="call.error()" />
  `,
})
export class SharingGroupsPage {
  private readonly api = inject(SharingGroupsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly groups = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    edcGroupId: ['', Validators.pattern(EDC_GROUP_ID)],
  });
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();

  protected async add(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const edcGroupId = value.edcGroupId.trim();
    const added = await this.call.run(() =>
      this.api.create(this.communityId(), { name: value.name.trim(), ...(edcGroupId ? { edcGroupId } : {}) }),
    );
    if (added) {
      this.form.reset();
      this.submitted.set(false);
      this.groups.reload();
    }
  }
}
