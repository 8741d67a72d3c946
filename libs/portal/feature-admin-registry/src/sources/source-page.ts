import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Observable } from 'rxjs';

import { MeteringPointsApi, SourcesApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

import { INSTALLED_KW_VALIDATORS } from './installed-power';

/**
 * `sources/:sourceId`: rename a plant or correct its installed power (a PV extension), or delete one entered by
 * mistake. Its kind and the production point it exports through stay as registered.
 */
@Component({
  selector: 'sd-source-page',
  imports: [ReactiveFormsModule, FORM_FIELD, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← {{ 'admin.sources.title' | t }}</a>
    </p>
    <sd-api-error [error]="source.error()" />
    @if (source.hasValue() ? source.value() : undefined; as current) {
      <h1>{{ current.name }}</h1>
      <p class="lead">
        {{ 'sourceKind.' + current.kind | t }} · {{ 'source.point' | t }}
        <span class="mono">{{ eanOf(current.meteringPointId) }}</span>
      </p>
      <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="save()" novalidate class="narrow">
        <sd-field for="source-name" label="source.name" error="form.required">
          <input sdFieldControl formControlName="name" maxlength="200" />
        </sd-field>
        <sd-field for="source-kw" label="source.installedKw" error="admin.sources.kwRule">
          <input sdFieldControl type="number" min="0.01" step="0.01" formControlName="installedKw" />
        </sd-field>
        <sd-api-error [error]="call.error()" />
        <div class="actions">
          <button type="submit" class="primary" [disabled]="call.busy()">{{ 'common.save' | t }}</button>
          <button type="button" class="danger" (click)="remove()" [disabled]="call.busy()">
            {{ 'common.delete' | t }}
          </button>
        </div>
      </form>
    }
  `,
})
export class SourcePage {
  private readonly api = inject(SourcesApi);
  private readonly pointsApi = inject(MeteringPointsApi);
  private readonly router = inject(Router);
  readonly communityId = input.required<string>();
  readonly sourceId = input.required<string>();

  protected readonly source = rxResource({
    params: () => ({ communityId: this.communityId(), sourceId: this.sourceId() }),
    stream: ({ params }) => this.api.get(params.communityId, params.sourceId),
  });
  private readonly points = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.pointsApi.list(params),
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    installedKw: [0, [...INSTALLED_KW_VALIDATORS]],
  });
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();

  constructor() {
    effect(() => {
      const source = this.source.hasValue() ? this.source.value() : undefined;
      // The API answers installed power as a decimal string or a number.
      if (source) this.form.setValue({ name: source.name, installedKw: Number(source.installedKw) });
    });
  }

  protected eanOf(pointId: string): string {
    return (this.points.hasValue() ? this.points.value() : []).find((p) => p.id === pointId)?.ean ?? '–';
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    await this.runThenList(() =>
      this.api.update(this.communityId(), this.sourceId(), {
        name: value.name.trim(),
        installedKw: value.installedKw,
      }),
    );
  }

  protected async remove(): Promise<void> {
    await this.runThenList(() => this.api.remove(this.communityId(), this.sourceId()));
  }

  private async runThenList(request: () => Observable<unknown>): Promise<void> {
    if (await this.call.run(request)) await this.router.navigate(['/admin', this.communityId(), 'sources']);
  }
}
