import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { firstValueFrom, switchMap, takeWhile, timer } from 'rxjs';

import {
  EdcConnectorApi,
  type EdcConnectorStatus,
  type EdcGroup,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

const POLL_MS = 2000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The EDC portal connector (docs/edc.md): the representative's credentials with the community's consent, the
 * status of the nightly fetch, the mapping of EDC groups to Sdílna groups, and "fetch now" with its progress.
 * Upload and the inbox stay the supported paths; this page only adds the automatic one.
 */
@Component({
  selector: 'sd-edc-connector-page',
  imports: [ReactiveFormsModule, FORM_FIELD, TranslatePipe, ApiErrorMessage, LocalDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'edc.title' | t }}</h1>
    <p class="lead">{{ 'edc.lead' | t }}</p>
    <sd-api-error [error]="status.error()" />

    @if (current(); as s) {
      <section class="status" aria-live="polite" data-testid="edc-status">
        <h2>{{ 'edc.status' | t }}</h2>
        <p>
          <strong data-testid="edc-state">{{ 'edc.state.' + s.state | t }}</strong>
        </p>
        @if (s.state === 'unavailable') {
          <p>{{ 'edc.unavailable' | t }}</p>
        }
        <dl>
          @if (s.nightlyAt) {
            <dt>{{ 'edc.nightly' | t }}</dt>
            <dd>{{ s.nightlyAt }} ({{ 'edc.next' | t }} {{ s.nextRunAt | sdDate: 'dateTime' }})</dd>
          }
          <dt>{{ 'edc.lastSuccess' | t }}</dt>
          <dd>{{ s.lastSuccessAt ? (s.lastSuccessAt | sdDate: 'dateTime') : ('edc.never' | t) }}</dd>
          @if (s.finalMonths.length > 0) {
            <dt>{{ 'edc.finalMonths' | t }}</dt>
            <dd>{{ s.finalMonths.join(', ') }}</dd>
          }
        </dl>
        @if (s.lastError) {
          <p class="field-error" role="alert" data-testid="edc-error">
            {{ s.lastErrorAt | sdDate: 'dateTime' }}: {{ s.lastError }}
          </p>
        }
        @if (s.progress; as p) {
          <label for="edc-progress"
            >{{ 'edc.progress' | t: { from: p.from, to: p.to, done: p.done, total: p.total } }}
            @if (p.current) {
              ({{ p.current }})
            }
          </label>
          <progress id="edc-progress" [max]="p.total || 1" [value]="p.done"></progress>
        }
      </section>

      @if (s.state !== 'unavailable') {
        <h2>{{ 'edc.credentials' | t }}</h2>
        @if (s.credentials && !replacing()) {
          <p data-testid="edc-credentials">
            {{
              'edc.credentialsSet'
                | t: { username: s.credentials.username, since: (s.credentials.since | sdDate) }
            }}
          </p>
          <div class="actions">
            <button type="button" (click)="replacing.set(true)">{{ 'edc.replace' | t }}</button>
            <button type="button" class="danger" (click)="remove()" [disabled]="call.busy()">
              {{ 'edc.remove' | t }}
            </button>
          </div>
        } @else {
          <form
            [formGroup]="credentials"
            [sdSubmitted]="submitted()"
            (ngSubmit)="save()"
            novalidate
            class="narrow"
          >
            <sd-field for="edc-username" label="edc.username" error="form.required">
              <input sdFieldControl formControlName="username" autocomplete="off" />
            </sd-field>
            <sd-field for="edc-password" label="edc.password" error="form.required">
              <input sdFieldControl type="password" formControlName="password" autocomplete="new-password" />
            </sd-field>
            <div class="field">
              <label class="choice"
                ><input
                  type="checkbox"
                  formControlName="consent"
                  [attr.aria-invalid]="invalid('consent')"
                  aria-describedby="edc-consent-error"
                />
                {{ 'edc.consent' | t }}</label
              >
              @if (invalid('consent')) {
                <p class="field-error" id="edc-consent-error">{{ 'edc.consentRequired' | t }}</p>
              }
            </div>
            <p class="hint">{{ 'edc.storedHow' | t }}</p>
            <div class="actions">
              <button type="submit" class="primary" [disabled]="call.busy()">{{ 'edc.save' | t }}</button>
              @if (s.credentials) {
                <button type="button" (click)="replacing.set(false)">{{ 'edc.cancel' | t }}</button>
              }
            </div>
          </form>
        }
        <sd-api-error [error]="call.error()" />

        @if (s.credentials) {
          <h2>{{ 'edc.groups' | t }}</h2>
          <p>{{ 'edc.groupsLead' | t }}</p>
          <button
            type="button"
            (click)="loadGroups()"
            [disabled]="groupsCall.busy()"
            data-testid="edc-load-groups"
          >
            {{ 'edc.loadGroups' | t }}
          </button>
          <sd-api-error [error]="groupsCall.error()" />
          @if (edcGroups(); as list) {
            @if (list.length === 0) {
              <p>{{ 'edc.noGroups' | t }}</p>
            } @else {
              <form (submit)="$event.preventDefault(); saveMapping()" class="mapping">
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{{ 'edc.edcGroup' | t }}</th>
                        <th scope="col">{{ 'edc.sdilnaGroup' | t }}</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (group of list; track group.edcGroupId) {
                        <tr>
                          <th scope="row">
                            <label [for]="'map-' + group.edcGroupId"
                              >{{ group.name }} ({{ group.edcGroupId }})</label
                            >
                          </th>
                          <td>
                            <select
                              [id]="'map-' + group.edcGroupId"
                              [value]="mapping()[group.edcGroupId] ?? ''"
                              (change)="choose(group.edcGroupId, $event)"
                            >
                              <option value="">{{ 'edc.notMapped' | t }}</option>
                              @for (
                                mine of sharingGroups.hasValue() ? sharingGroups.value() : [];
                                track mine.id
                              ) {
                                <option [value]="mine.id">{{ mine.name }}</option>
                              }
                            </select>
                          </td>
                        </tr>
                      }
                    </tbody>
                  </table>
                </div>
                <button type="submit" class="primary" [disabled]="groupsCall.busy()">
                  {{ 'edc.saveMapping' | t }}
                </button>
                @if (mappingSaved()) {
                  <p class="ok" role="status">{{ 'edc.mappingSaved' | t }}</p>
                }
              </form>
            }
          }

          <h2>{{ 'edc.fetchNow' | t }}</h2>
          <p>{{ 'edc.fetchLead' | t }}</p>
          <form [formGroup]="range" (ngSubmit)="fetchNow()" novalidate class="grid-form">
            <sd-field for="edc-from" label="edc.from">
              <input sdFieldControl type="date" formControlName="from" [max]="yesterday" />
            </sd-field>
            <sd-field for="edc-to" label="edc.to">
              <input sdFieldControl type="date" formControlName="to" [max]="yesterday" />
            </sd-field>
            <div class="field submit">
              <button type="submit" class="primary" [disabled]="fetchCall.busy() || s.progress !== null">
                {{ 'edc.fetch' | t }}
              </button>
            </div>
          </form>
          <sd-api-error [error]="fetchCall.error()" />
        }
      }
    }
  `,
  styles: `
    .status {
      background: #fff;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
      padding: 0.75rem 1rem;
      margin: 1rem 0;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 1rem;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    progress {
      display: block;
      width: 100%;
      height: 1.25rem;
      accent-color: var(--sd-green);
    }
    .mapping select {
      min-width: 14rem;
    }
  `,
})
export class EdcConnectorPage {
  private readonly api = inject(EdcConnectorApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();

  protected readonly status = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.status(params),
  });
  private readonly polled = signal<EdcConnectorStatus | undefined>(undefined);
  protected readonly current = computed(
    () => this.polled() ?? (this.status.hasValue() ? this.status.value() : undefined),
  );
  protected readonly sharingGroups = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.sharingGroups(params),
  });
  protected readonly replacing = signal(false);
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();
  protected readonly groupsCall = new ApiCall();
  protected readonly fetchCall = new ApiCall();
  protected readonly edcGroups = signal<readonly EdcGroup[] | undefined>(undefined);
  protected readonly mapping = signal<Record<string, string>>({});
  protected readonly mappingSaved = signal(false);
  protected readonly yesterday = isoDay(new Date(Date.now() - 86_400_000));

  private readonly form = inject(NonNullableFormBuilder);
  protected readonly credentials = this.form.group({
    username: ['', Validators.required],
    password: ['', Validators.required],
    consent: [false, Validators.requiredTrue],
  });
  protected readonly range = this.form.group({
    from: [isoDay(new Date(Date.now() - 31 * 86_400_000)), Validators.required],
    to: [this.yesterday, Validators.required],
  });

  private following = false;

  constructor() {
    // A run already in progress when the page opens (the nightly one, or a fetch started elsewhere) is followed too.
    effect(() => {
      const status = this.status.hasValue() ? this.status.value() : undefined;
      if (status?.progress && !this.following) this.follow();
    });
  }

  protected invalid(name: keyof typeof this.credentials.controls): boolean {
    const control = this.credentials.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    if (this.credentials.invalid) return;
    const value = this.credentials.getRawValue();
    const saved = await this.call.run(() =>
      this.api.saveCredentials(this.communityId(), {
        username: value.username.trim(),
        password: value.password,
        consent: value.consent,
      }),
    );
    // The password leaves the page's memory as soon as the server has it.
    this.credentials.reset();
    this.submitted.set(false);
    if (saved) {
      this.replacing.set(false);
      this.refresh();
    }
  }

  protected async remove(): Promise<void> {
    if (!confirm(this.i18n.t('edc.removeConfirm'))) return;
    if (await this.call.run(() => this.api.removeCredentials(this.communityId()))) {
      this.edcGroups.set(undefined);
      this.refresh();
    }
  }

  protected async loadGroups(): Promise<void> {
    this.mappingSaved.set(false);
    let groups: readonly EdcGroup[] = [];
    const loaded = await this.groupsCall.run(async () => {
      groups = await firstValueFrom(this.api.groups(this.communityId()));
    });
    if (!loaded) {
      this.refresh();
      return;
    }
    this.edcGroups.set(groups);
    this.mapping.set(
      Object.fromEntries(
        groups
          .filter((group) => group.sharingGroupId !== null)
          .map((group) => [group.edcGroupId, group.sharingGroupId as string]),
      ),
    );
  }

  protected choose(edcGroupId: string, event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.mappingSaved.set(false);
    this.mapping.update((mapping) => {
      const next = { ...mapping };
      if (value === '') delete next[edcGroupId];
      else next[edcGroupId] = value;
      return next;
    });
  }

  protected async saveMapping(): Promise<void> {
    const groups = Object.entries(this.mapping()).map(([edcGroupId, sharingGroupId]) => ({
      edcGroupId,
      sharingGroupId,
    }));
    if (await this.groupsCall.run(() => this.api.saveMapping(this.communityId(), groups))) {
      this.mappingSaved.set(true);
      this.refresh();
    }
  }

  protected async fetchNow(): Promise<void> {
    const { from, to } = this.range.getRawValue();
    if (await this.fetchCall.run(() => this.api.fetch(this.communityId(), from, to))) this.follow();
  }

  private refresh(): void {
    this.polled.set(undefined);
    this.status.reload();
  }

  /** Polls the status while a run is in progress, so the bar moves. */
  private follow(): void {
    if (this.following) return;
    this.following = true;
    timer(0, POLL_MS)
      .pipe(
        switchMap(() => this.api.status(this.communityId())),
        takeWhile((status) => status.progress !== null, true),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (status) => this.polled.set(status),
        error: () => {
          this.following = false;
          this.refresh();
        },
        complete: () => (this.following = false),
      });
  }
}
