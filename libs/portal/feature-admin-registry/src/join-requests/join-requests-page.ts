import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { catchError, of, tap } from 'rxjs';

import { JoiningApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import {
  I18n,
  LocalDatePipe,
  LocalMoneyPipe,
  LocalNumberPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';
import type { JoinRequestResponse } from '@sdilna/shared/util-api-contract';

@Component({
  selector: 'sd-join-requests-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    TranslatePipe,
    ApiErrorMessage,
    LocalDatePipe,
    LocalNumberPipe,
    LocalMoneyPipe,
    RESOURCE_LIST,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.join.title' | t }}</h1>
    <p class="lead">{{ 'admin.join.lead' | t }}</p>

    <h2>{{ 'admin.join.page' | t }}</h2>
    <form [formGroup]="pageForm" [sdSubmitted]="pageSubmitted()" (ngSubmit)="savePage()" novalidate>
      <sd-field
        for="page-slug"
        label="admin.join.slug"
        hint="admin.join.slugHint"
        error="admin.join.slugInvalid"
      >
        <input sdFieldControl type="text" formControlName="slug" />
      </sd-field>
      <sd-field for="page-description" label="admin.join.description">
        <textarea sdFieldControl rows="3" formControlName="description"></textarea>
      </sd-field>
      <sd-field for="page-sources" label="join.sources">
        <textarea sdFieldControl rows="2" formControlName="sources"></textarea>
      </sd-field>
      <sd-field for="page-conditions" label="join.conditions">
        <textarea sdFieldControl rows="3" formControlName="conditions"></textarea>
      </sd-field>
      <sd-field for="page-price" label="admin.join.supplierPrice" error="form.required">
        <input sdFieldControl type="text" inputmode="decimal" formControlName="supplierPricePerKwh" />
      </sd-field>
      <label class="check">
        <input type="checkbox" formControlName="published" />
        {{ 'admin.join.published' | t }}
      </label>
      <sd-api-error [error]="pageCall.error()" />
      <button type="submit" class="primary" [disabled]="pageCall.busy()">{{ 'common.save' | t }}</button>
      @if (pageSaved()) {
        <p class="notice" role="status">
          {{ 'admin.join.saved' | t: { path: '/join/' + pageForm.controls.slug.value } }}
        </p>
      }
    </form>

    <h2>{{ 'admin.join.requests' | t }}</h2>
    <sd-api-error [error]="call.error()" />
    <sd-resource-list
      [resource]="requests"
      [emptyHeading]="i18n.t('admin.join.emptyTitle')"
      [columns]="['join.name', 'join.kind', 'join.eans', 'admin.join.estimate', 'admin.join.status']"
      actionsColumn
    >
      <p sdEmpty>{{ 'admin.join.emptyText' | t }}</p>
      <ng-template [sdListRows]="requests" let-list>
        @for (request of list; track request.id) {
          <tr>
            <th scope="row">
              {{ request.name }}<br /><small>{{ request.email }} · {{ request.address }}</small>
            </th>
            <td>{{ 'join.kind.' + request.kind | t }}</td>
            <td>{{ request.eans.join(', ') }}</td>
            <td>
              {{ request.estimate.sharedKwh | sdNumber: 0 : 2 }} kWh
              @if (request.estimate.savingsCzk !== null) {
                · {{ request.estimate.savingsCzk | sdMoney }}
              }
            </td>
            <td>
              {{ 'joinStatus.' + request.status | t }}
              @if (request.declineReason) {
                <br /><small>{{ request.declineReason }}</small>
              }
              <br /><small>{{ request.createdAt | sdDate: 'dateTime' }}</small>
            </td>
            <td>
              @if (request.status === 'confirmed') {
                <button type="button" class="link" (click)="accept(request)" [disabled]="call.busy()">
                  {{ 'admin.join.accept' | t }}<span class="visually-hidden"> {{ request.name }}</span>
                </button>
                <button type="button" class="link" (click)="declining.set(request.id)">
                  {{ 'admin.join.decline' | t }}<span class="visually-hidden"> {{ request.name }}</span>
                </button>
                @if (declining() === request.id) {
                  <form [formGroup]="declineForm" (ngSubmit)="decline(request)" novalidate>
                    <sd-field for="decline-reason" label="admin.join.reason" error="form.required">
                      <textarea sdFieldControl rows="2" formControlName="reason"></textarea>
                    </sd-field>
                    <button type="submit" class="secondary" [disabled]="call.busy()">
                      {{ 'admin.join.declineSubmit' | t }}
                    </button>
                  </form>
                }
              }
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
  styles: `
    .check {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      margin: 0.5rem 0;
    }
  `,
})
export class JoinRequestsPage {
  private readonly api = inject(JoiningApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly pageForm = this.fb.group({
    slug: ['', [Validators.required, Validators.pattern(/^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/)]],
    published: [false],
    description: [''],
    sources: [''],
    conditions: [''],
    supplierPricePerKwh: ['4.50', Validators.required],
  });
  protected readonly declineForm = this.fb.group({ reason: ['', Validators.required] });
  protected readonly page = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) =>
      this.api.page(params).pipe(
        tap((page) => this.pageForm.reset(page)),
        // A community without a page yet gets an empty form.
        catchError(() => of(undefined)),
      ),
  });
  protected readonly requests = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.requests(params),
  });
  protected readonly pageCall = new ApiCall();
  protected readonly call = new ApiCall();
  protected readonly pageSubmitted = signal(false);
  protected readonly pageSaved = signal(false);
  protected readonly declining = signal<string | undefined>(undefined);

  protected async savePage(): Promise<void> {
    this.pageSubmitted.set(true);
    this.pageSaved.set(false);
    if (this.pageForm.invalid) return;
    const value = this.pageForm.getRawValue();
    const saved = await this.pageCall.run(() =>
      this.api.savePage(this.communityId(), {
        ...value,
        supplierPricePerKwh: value.supplierPricePerKwh.trim().replace(',', '.'),
      }),
    );
    this.pageSaved.set(saved);
  }

  protected async accept(request: JoinRequestResponse): Promise<void> {
    if (await this.call.run(() => this.api.accept(this.communityId(), request.id))) this.requests.reload();
  }

  protected async decline(request: JoinRequestResponse): Promise<void> {
    const reason = this.declineForm.getRawValue().reason.trim();
    if (reason === '') return;
    if (await this.call.run(() => this.api.decline(this.communityId(), request.id, reason))) {
      this.declining.set(undefined);
      this.declineForm.reset();
      this.requests.reload();
    }
  }
}
