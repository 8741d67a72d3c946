import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { of, switchMap } from 'rxjs';

import { AllocationKeysApi, SharingGroupsApi } from '@sdilna/portal/data-access-community';
import {
  ApiCall,
  ApiErrorMessage,
  FORM_FIELD,
  PeriodErrorMessage,
  PeriodPipe,
  periodState,
  pragueToday,
} from '@sdilna/portal/ui-kit';
import { LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/**
 * The key's history beside the editor (issue 17): every saved key version with its period, "end this key on" a
 * day, and the (first) group's periods of its request for iteration at EDC, which can be ended the same way.
 * Ending a version or a period marks the months it touches for recompute; `(changed)` tells the page.
 */
@Component({
  selector: 'sd-key-periods',
  imports: [
    ReactiveFormsModule,
    FORM_FIELD,
    TranslatePipe,
    PeriodPipe,
    LocalDatePipe,
    ApiErrorMessage,
    PeriodErrorMessage,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <!-- the tables' boxes take focus: on a phone they scroll, which the keyboard must reach -->
    <section class="key-periods" aria-labelledby="key-versions-heading">
      <h2 id="key-versions-heading">{{ 'keys.versions' | t }}</h2>
      <sd-api-error [error]="versions.error()" />
      @if (versions.hasValue() ? versions.value() : undefined; as list) {
        @if (list.length === 0) {
          <p data-testid="key-versions-empty">{{ 'keys.versionsEmpty' | t }}</p>
        } @else {
          <div class="table-wrap" tabindex="0">
            <table data-testid="key-versions">
              <thead>
                <tr>
                  <th scope="col">{{ 'prices.valid' | t }}</th>
                  <th scope="col">{{ 'periods.state' | t }}</th>
                  <th scope="col">{{ 'keys.method' | t }}</th>
                </tr>
              </thead>
              <tbody>
                @for (version of list; track version.id) {
                  <tr>
                    <td>
                      {{ version | sdPeriod }}
                    </td>
                    <td [attr.data-state]="state(version)">{{ 'periods.state.' + state(version) | t }}</td>
                    <td>{{ version.method ? ('keyMethod.' + version.method | t) : '' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      }
      @if (endableVersions().length > 0) {
        <form
          [formGroup]="keyForm"
          [sdSubmitted]="keySubmitted()"
          (ngSubmit)="endKey(false)"
          novalidate
          class="grid-form"
          data-testid="end-key"
        >
          <sd-field for="end-key-which" label="periods.which" error="form.required">
            <select sdFieldControl formControlName="keyId">
              @for (version of endableVersions(); track version.id) {
                <option [value]="version.id">{{ version.validFrom | sdDate }} –</option>
              }
            </select>
          </sd-field>
          <sd-field for="end-key-to" label="keys.end" hint="periods.lastDayHint" error="form.required">
            <input sdFieldControl type="date" formControlName="validTo" />
          </sd-field>
          <div class="field submit">
            <button type="submit" [disabled]="keyCall.busy()">{{ 'keys.endSubmit' | t }}</button>
          </div>
        </form>
        <sd-period-error
          dialogId="end-key-error"
          [error]="keyCall.error()"
          [busy]="keyCall.busy()"
          (correct)="endKey(true)"
        />
      }
      @if (keyEnded(); as day) {
        <p class="ok" role="status" data-testid="key-ended">
          {{ 'periods.ended' | t: { date: (day | sdDate) } }}
        </p>
      }

      @if (iteration.hasValue() ? iteration.value() : undefined; as record) {
        <h3>{{ 'keys.iteration' | t }}</h3>
        @if (record.periods.length > 0) {
          <div class="table-wrap" tabindex="0">
            <table data-testid="iteration-periods">
              <thead>
                <tr>
                  <th scope="col">{{ 'prices.valid' | t }}</th>
                  <th scope="col">{{ 'periods.state' | t }}</th>
                  <th scope="col">{{ 'keys.iterationRequest' | t }}</th>
                </tr>
              </thead>
              <tbody>
                @for (period of record.periods; track period.validFrom) {
                  <tr>
                    <td>
                      {{ period | sdPeriod }}
                    </td>
                    <td>{{ 'periods.state.' + state(period) | t }}</td>
                    <td>
                      {{ (period.requested ? 'keys.iterationRequested' : 'keys.iterationNotRequested') | t }}
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
        @if (endableIterations().length > 0) {
          <form
            [formGroup]="iterationForm"
            [sdSubmitted]="iterationSubmitted()"
            (ngSubmit)="endIteration(false)"
            novalidate
            class="grid-form"
            data-testid="end-iteration"
          >
            <sd-field for="end-iteration-which" label="periods.which" error="form.required">
              <select sdFieldControl formControlName="validFrom">
                @for (period of endableIterations(); track period.validFrom) {
                  <option [value]="period.validFrom">{{ period.validFrom | sdDate }} –</option>
                }
              </select>
            </sd-field>
            <sd-field for="end-iteration-to" label="periods.lastDay" error="form.required">
              <input sdFieldControl type="date" formControlName="validTo" />
            </sd-field>
            <div class="field submit">
              <button type="submit" [disabled]="iterationCall.busy()">
                {{ 'keys.iterationEndSubmit' | t }}
              </button>
            </div>
          </form>
          <sd-period-error
            dialogId="end-iteration-error"
            [error]="iterationCall.error()"
            [busy]="iterationCall.busy()"
            (correct)="endIteration(true)"
          />
        }
      }
      <sd-api-error [error]="iteration.error()" />
    </section>
  `,
})
export class KeyPeriods {
  private readonly keysApi = inject(AllocationKeysApi);
  private readonly groupsApi = inject(SharingGroupsApi);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly communityId = input.required<string>();
  /** bumped by the page when it saved a key or recorded a request for iteration */
  readonly revision = input(0);
  readonly changed = output<void>();

  private readonly reloads = signal(0);
  private readonly today = pragueToday();
  protected readonly versions = rxResource({
    params: () => ({ id: this.communityId(), revision: this.revision(), reloads: this.reloads() }),
    stream: ({ params }) => this.keysApi.list(params.id),
  });
  protected readonly iteration = rxResource({
    params: () => ({ id: this.communityId(), revision: this.revision(), reloads: this.reloads() }),
    stream: ({ params }) =>
      this.groupsApi
        .list(params.id)
        .pipe(
          switchMap((groups) =>
            groups[0] ? this.groupsApi.iteration(params.id, groups[0].id) : of(undefined),
          ),
        ),
  });
  protected readonly endableVersions = computed(() =>
    (this.versions.hasValue() ? this.versions.value() : []).filter(
      (version) => periodState(version, this.today) !== 'ended',
    ),
  );
  protected readonly endableIterations = computed(() => {
    const record = this.iteration.hasValue() ? this.iteration.value() : undefined;
    return (record?.periods ?? []).filter((period) => periodState(period, this.today) !== 'ended');
  });

  protected readonly keyForm = this.fb.group({
    keyId: ['', Validators.required],
    validTo: ['', Validators.required],
  });
  protected readonly iterationForm = this.fb.group({
    validFrom: ['', Validators.required],
    validTo: ['', Validators.required],
  });
  protected readonly keySubmitted = signal(false);
  protected readonly iterationSubmitted = signal(false);
  protected readonly keyCall = new ApiCall();
  protected readonly iterationCall = new ApiCall();
  protected readonly keyEnded = signal<string | undefined>(undefined);

  constructor() {
    // The newest open period is the one usually ended; a select with no value would show it without choosing it.
    effect(() => {
      const versions = this.endableVersions();
      const chosen = this.keyForm.controls.keyId;
      if (versions.length > 0 && !versions.some((version) => version.id === chosen.value)) {
        chosen.setValue(versions[0]!.id); // the API lists the newest first
      }
    });
    effect(() => {
      const periods = this.endableIterations();
      const chosen = this.iterationForm.controls.validFrom;
      if (periods.length > 0 && !periods.some((period) => period.validFrom === chosen.value)) {
        chosen.setValue(periods[periods.length - 1]!.validFrom);
      }
    });
  }

  protected state(period: { validFrom: string; validTo?: string | null }): string {
    return periodState(period, this.today);
  }

  protected async endKey(asCorrection: boolean): Promise<void> {
    this.keySubmitted.set(true);
    this.keyEnded.set(undefined);
    if (this.keyForm.invalid) return;
    const value = this.keyForm.getRawValue();
    const done = await this.keyCall.run(() =>
      this.keysApi.close(this.communityId(), value.keyId, {
        validTo: value.validTo,
        ...(asCorrection ? { asCorrection: true } : {}),
      }),
    );
    if (done) {
      this.keyEnded.set(value.validTo);
      this.keyForm.controls.validTo.reset();
      this.keySubmitted.set(false);
      this.reloads.update((count) => count + 1);
      this.changed.emit();
    }
  }

  protected async endIteration(asCorrection: boolean): Promise<void> {
    this.iterationSubmitted.set(true);
    const record = this.iteration.hasValue() ? this.iteration.value() : undefined;
    if (this.iterationForm.invalid || !record) return;
    const value = this.iterationForm.getRawValue();
    const done = await this.iterationCall.run(() =>
      this.groupsApi.closeIteration(this.communityId(), record.sharingGroupId, value.validFrom, {
        validTo: value.validTo,
        ...(asCorrection ? { asCorrection: true } : {}),
      }),
    );
    if (done) {
      this.iterationForm.controls.validTo.reset();
      this.iterationSubmitted.set(false);
      this.reloads.update((count) => count + 1);
      this.changed.emit();
    }
  }
}
