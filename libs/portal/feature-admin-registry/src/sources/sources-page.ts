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
import { ApiCall, ApiErrorMessage, ListRows, ResourceList } from '@sdilna/portal/ui-kit';
import { I18n, LocalNumberPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

import { INSTALLED_KW_VALIDATORS } from './installed-power';

@Component({
  selector: 'sd-sources-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslatePipe,
    LocalNumberPipe,
    ApiErrorMessage,
    ResourceList,
    ListRows,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.sources.title' | t }}</h1>
    <sd-resource-list [resource]="sources" [emptyHeading]="i18n.t('admin.sources.emptyTitle')">
      <p sdEmpty>{{ 'admin.sources.emptyText' | t }}</p>
      <ng-template [sdListRows]="sources" let-list>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{{ 'source.name' | t }}</th>
                <th scope="col">{{ 'source.kind' | t }}</th>
                <th scope="col">{{ 'source.installedKw' | t }}</th>
                <th scope="col">{{ 'source.point' | t }}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      </ng-template>
    </sd-resource-list>
    <h2>{{ 'admin.sources.add' | t }}</h2>
    @if (productionPoints().length === 0) {
      <p>
        {{ 'admin.sources.needPoint' | t }}
        <a routerLink="../metering-points">{{ 'admin.nav.points' | t }}</a>
      </p>
    } @else {
      <form [formGroup]="form" (ngSubmit)="add()" novalidate class="grid-form">
        <div class="field">
          <label for="source-name">{{ 'source.name' | t }}</label>
          <input
            id="source-name"
            formControlName="name"
            [attr.aria-invalid]="invalid('name')"
            aria-describedby="source-name-error"
          />
          @if (invalid('name')) {
            <p class="field-error" id="source-name-error">{{ 'form.required' | t }}</p>
          }
        </div>
        <div class="field">
          <label for="source-kind">{{ 'source.kind' | t }}</label>
          <select id="source-kind" formControlName="kind">
            @for (kind of kinds; track kind) {
              <option [value]="kind">{{ 'sourceKind.' + kind | t }}</option>
            }
          </select>
        </div>
        <div class="field">
          <label for="source-kw">{{ 'source.installedKw' | t }}</label>
          <input
            id="source-kw"
            type="number"
            min="0"
            step="0.01"
            formControlName="installedKw"
            [attr.aria-invalid]="invalid('installedKw')"
            aria-describedby="source-kw-error"
          />
          @if (invalid('installedKw')) {
            <p class="field-error" id="source-kw-error">{{ 'admin.sources.kwRule' | t }}</p>
          }
        </div>
        <div class="field">
          <label for="source-point">{{ 'source.point' | t }}</label>
          <select
            id="source-point"
            formControlName="meteringPointId"
            [attr.aria-invalid]="invalid('meteringPointId')"
            aria-describedby="source-point-error"
          >
            <option value="">{{ 'form.choose' | t }}</option>
            @for (point of productionPoints(); track point.id) {
              <option [value]="point.id">{{ point.ean }}{{ point.label ? ' – ' + point.label : '' }}</option>
            }
          </select>
          @if (invalid('meteringPointId')) {
            <p class="field-error" id="source-point-error">{{ 'form.required' | t }}</p>
          }
        </div>
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

  protected invalid(name: keyof typeof this.form.controls): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
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
