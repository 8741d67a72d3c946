import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';

import {
  MeteringPointsApi,
  SOURCE_KINDS,
  type SourceKind,
  SourcesApi,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalNumberPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

import { INSTALLED_KW_VALIDATORS } from './installed-power';

@Component({
  selector: 'sd-sources-page',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    RouterLink,
    TranslatePipe,
    LocalNumberPipe,
    ApiErrorMessage,
    RESOURCE_LIST,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.sources.title' | t }}</h1>
    <sd-resource-list
      [resource]="sources"
      [emptyHeading]="i18n.t('admin.sources.emptyTitle')"
      [columns]="['source.name', 'source.kind', 'source.installedKw', 'source.point']"
    >
      <p sdEmpty>{{ 'admin.sources.emptyText' | t }}</p>
      <ng-template [sdListRows]="sources" let-list>
        @for (source of list; track source.id) {
          <tr>
            <th scope="row">
              <a [routerLink]="source.id">{{ source.name }}</a>
            </th>
            <td>{{ 'sourceKind.' + source.kind | t }}</td>
            <td>{{ +source.installedKw | sdNumber: 0 : 3 }} kW</td>
            <td class="mono">{{ eanOf(source.meteringPointId) }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
    <h2>{{ 'admin.sources.add' | t }}</h2>
    @if (productionPoints().length === 0) {
      <p>
        {{ 'admin.sources.needPoint' | t }}
        <a routerLink="../metering-points">{{ 'admin.nav.points' | t }}</a>
      </p>
    } @else {
      <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="add()" novalidate class="grid-form">
        <sd-field for="source-name" label="source.name" error="form.required">
          <input sdFieldControl formControlName="name" />
        </sd-field>
        <sd-field for="source-kind" label="source.kind">
          <select sdFieldControl formControlName="kind">
            @for (kind of kinds; track kind) {
              <option [value]="kind">{{ 'sourceKind.' + kind | t }}</option>
            }
          </select>
        </sd-field>
        <sd-field for="source-kw" label="source.installedKw" error="admin.sources.kwRule">
          <input sdFieldControl type="number" min="0" step="0.01" formControlName="installedKw" />
        </sd-field>
        <sd-field for="source-point" label="source.point" error="form.required">
          <select sdFieldControl formControlName="meteringPointId">
            <option value="">{{ 'form.choose' | t }}</option>
            @for (point of productionPoints(); track point.id) {
              <option [value]="point.id">{{ point.ean }}{{ point.label ? ' – ' + point.label : '' }}</option>
            }
          </select>
        </sd-field>
        <div class="field submit">
          <button type="submit" class="primary" [disabled]="call.busy()">
            {{ 'admin.sources.submit' | t }}
          </button>
        </div>
      </form>
      <sd-api-error [error]="call.error()" />
    }
  `,
})
export class SourcesPage {
  private readonly api = inject(SourcesApi);
  private readonly pointsApi = inject(MeteringPointsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly kinds = SOURCE_KINDS;

  protected readonly sources = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  private readonly points = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.pointsApi.list(params),
  });
  protected readonly productionPoints = computed(() =>
    ((this.points.hasValue() ? this.points.value() : undefined) ?? []).filter((p) => p.role === 'production'),
  );

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    kind: ['pv' as SourceKind],
    installedKw: [0, [...INSTALLED_KW_VALIDATORS]],
    meteringPointId: ['', Validators.required],
  });
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();

  protected eanOf(pointId: string): string {
    return (
      ((this.points.hasValue() ? this.points.value() : undefined) ?? []).find((p) => p.id === pointId)?.ean ??
      '–'
    );
  }

  protected async add(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const added = await this.call.run(() =>
      this.api.create(this.communityId(), { ...value, name: value.name.trim() }),
    );
    if (added) {
      this.form.reset();
      this.submitted.set(false);
      this.sources.reload();
    }
  }
}
