import { HttpEventType } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  signal,
} from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { concatMap, filter, from, switchMap, takeWhile, tap, timer, toArray } from 'rxjs';

import {
  ImportsApi,
  MembersApi,
  MeteringPointsApi,
  type ImportStatus,
  type ImportWarning,
  type PointRole,
} from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import {
  describeImportIssue,
  I18n,
  LocalDatePipe,
  LocalPercentPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';

const POLL_MS = 1000;

/** EDC export upload: the upload's own progress, then the server's processing progress, then warnings. */
@Component({
  selector: 'sd-imports-page',
  imports: [TranslatePipe, LocalPercentPipe, ApiErrorMessage, LocalDatePipe, RESOURCE_LIST],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.imports.title' | t }}</h1>
    <p class="lead">{{ 'admin.imports.lead' | t }}</p>
    <form (submit)="$event.preventDefault(); upload()" class="narrow">
      <div class="field">
        <label for="edc-file">{{ 'admin.imports.file' | t }}</label>
        <input
          id="edc-file"
          type="file"
          accept=".csv,text/csv"
          (change)="pick($event)"
          aria-describedby="edc-file-error"
          data-testid="edc-file"
        />
        @if (missingFile()) {
          <p class="field-error" id="edc-file-error">{{ 'csvImport.pickFile' | t }}</p>
        }
      </div>
      <button type="submit" class="primary" [disabled]="active()">{{ 'admin.imports.submit' | t }}</button>
    </form>
    <sd-api-error [error]="error()" />

    @if (phase() !== 'idle') {
      <section class="progress" aria-live="polite" data-testid="import-progress">
        @if (phase() === 'uploading') {
          <label for="upload-progress"
            >{{ 'admin.imports.uploading' | t }} {{ uploaded() | sdPercent }}</label
          >
          <progress id="upload-progress" max="1" [value]="uploaded()"></progress>
        } @else if (status(); as s) {
          @if (s.status === 'queued' || s.status === 'running') {
            <label for="process-progress"
              >{{ 'importStatus.' + s.status | t }} {{ s.progress ?? 0 | sdPercent }}</label
            >
            <progress id="process-progress" max="1" [value]="s.progress ?? 0"></progress>
          } @else {
            <p class="status" data-testid="import-status">{{ 'importStatus.' + s.status | t }}</p>
          }
          @if (s.status === 'done') {
            <p class="ok" data-testid="import-done">
              {{ 'admin.imports.done' | t }}
              @if (s.period; as period) {
                {{ 'admin.imports.period' | t: { from: (period.from | sdDate), to: (period.to | sdDate) } }}
              }
            </p>
          }
          @if (s.status === 'failed') {
            <p class="field-error" role="alert" data-testid="import-failed">
              {{ 'admin.imports.failed' | t }} {{ text(s.error) }}
            </p>
            @if ((s.problems ?? []).length > 1) {
              <h2>{{ 'importIssue.problemsTitle' | t }}</h2>
              <ul class="warnings" data-testid="import-problems">
                @for (problem of s.problems ?? []; track $index) {
                  <li>{{ listed(problem) }}</li>
                }
              </ul>
            }
          }
          @if ((s.warnings ?? []).length > 0) {
            <h2>{{ 'admin.imports.warnings' | t: { count: (s.warnings ?? []).length } }}</h2>
            <ul class="warnings" data-testid="import-warnings">
              @for (warning of s.warnings ?? []; track $index) {
                <li>{{ text(warning) }}</li>
              }
            </ul>
          }
        }
      </section>
    }

    @if (unknown(); as target) {
      <section class="unknown" data-testid="unknown-points" aria-labelledby="unknown-title">
        <h2 id="unknown-title">{{ 'admin.imports.unknownTitle' | t }}</h2>
        <p>{{ 'admin.imports.unknownLead' | t }} ({{ target.fileName }})</p>
        <form (submit)="$event.preventDefault(); registerPoints(target)">
          <table>
            <thead>
              <tr>
                <th scope="col">{{ 'admin.imports.unknownEan' | t }}</th>
                <th scope="col">{{ 'admin.imports.unknownRole' | t }}</th>
                <th scope="col">{{ 'admin.imports.unknownMember' | t }}</th>
                <th scope="col">{{ 'admin.imports.unknownValidFrom' | t }}</th>
                <th scope="col">{{ 'admin.imports.unknownLabel' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (point of target.points; track point.ean) {
                <tr data-testid="unknown-point">
                  <th scope="row">{{ point.ean }}</th>
                  <td>{{ 'pointRole.' + point.role | t }}</td>
                  @if (registered().has(point.ean)) {
                    <td colspan="3" class="ok">{{ 'admin.imports.registered' | t }}</td>
                  } @else {
                    <td>
                      <select
                        [attr.aria-label]="('admin.imports.unknownMember' | t) + ' ' + point.ean"
                        [value]="draft(point.ean).memberId"
                        (change)="edit(point.ean, 'memberId', $event)"
                        data-testid="unknown-member"
                      >
                        <option value="">{{ 'admin.imports.chooseMember' | t }}</option>
                        @for (member of members.value() ?? []; track member.id) {
                          <option [value]="member.id">{{ member.name }}</option>
                        }
                      </select>
                    </td>
                    <td>
                      <input
                        type="date"
                        [attr.aria-label]="('admin.imports.unknownValidFrom' | t) + ' ' + point.ean"
                        [value]="draft(point.ean).validFrom || point.firstDay"
                        (change)="edit(point.ean, 'validFrom', $event)"
                        data-testid="unknown-valid-from"
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        [attr.aria-label]="('admin.imports.unknownLabel' | t) + ' ' + point.ean"
                        [value]="draft(point.ean).label"
                        (change)="edit(point.ean, 'label', $event)"
                        data-testid="unknown-label"
                      />
                    </td>
                  }
                </tr>
              }
            </tbody>
          </table>
          @if (missingMember()) {
            <p class="field-error" role="alert">{{ 'admin.imports.pickMembers' | t }}</p>
          }
          <div class="actions">
            @if (allRegistered(target)) {
              <p class="ok">{{ 'admin.imports.registeredAll' | t }}</p>
              <button
                type="button"
                class="primary"
                [disabled]="active()"
                (click)="retry(target.id)"
                data-testid="import-retry"
              >
                {{ 'admin.imports.retry' | t }}
              </button>
            } @else {
              <button type="submit" class="primary" [disabled]="busy()" data-testid="register-unknown">
                {{ 'admin.imports.registerPoints' | t }}
              </button>
            }
          </div>
        </form>
        <sd-api-error [error]="registerError()" />
      </section>
    }

    <h2>{{ 'admin.imports.history' | t }}</h2>
    <sd-resource-list
      [resource]="history"
      [emptyHeading]="i18n.t('admin.imports.emptyTitle')"
      [columns]="[
        'admin.imports.fileName',
        'admin.imports.uploadedAt',
        'admin.imports.periodHeading',
        'admin.imports.dataHeading',
        'csvImport.status',
        'admin.imports.warningCount',
      ]"
    >
      <p sdEmpty>{{ 'admin.imports.emptyText' | t }}</p>
      <ng-template [sdListRows]="history" let-list>
        @for (item of list; track item.id) {
          <tr>
            <th scope="row">{{ item.fileName ?? item.id }}</th>
            <td>{{ item.createdAt | sdDate: 'dateTime' }}</td>
            <td>
              @if (item.period; as period) {
                {{ period.from | sdDate }} – {{ period.to | sdDate }}
              } @else {
                –
              }
            </td>
            <td>
              {{ 'importKind.' + (item.kind ?? 'standard') | t }}
              @if (item.calculation; as calculation) {
                · {{ 'importCalculation.' + calculation | t }}
              }
            </td>
            <td>
              {{ 'importStatus.' + item.status | t }}
              @if (item.status === 'failed' && item.error) {
                <div class="field-error" data-testid="import-history-error">{{ text(item.error) }}</div>
              }
            </td>
            <td>{{ (item.warnings ?? []).length }}</td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
  styles: `
    progress {
      display: block;
      width: 100%;
      height: 1.25rem;
      accent-color: var(--sd-green);
    }
    .progress {
      background: #fff;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
      padding: 0.75rem;
      margin: 1rem 0;
    }
    .warnings {
      max-height: 16rem;
      overflow: auto;
    }
    .unknown {
      margin: 1rem 0;
      overflow-x: auto;
    }
  `,
})
export class ImportsPage {
  private readonly api = inject(ImportsApi);
  private readonly points = inject(MeteringPointsApi);
  private readonly membersApi = inject(MembersApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();

  protected readonly history = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  private readonly file = signal<File | undefined>(undefined);
  private readonly submitted = signal(false);
  protected readonly missingFile = computed(() => this.submitted() && !this.file());
  protected readonly phase = signal<'idle' | 'uploading' | 'processing' | 'finished'>('idle');
  protected readonly active = computed(() => this.phase() === 'uploading' || this.phase() === 'processing');
  protected readonly uploaded = signal(0);
  protected readonly status = signal<ImportStatus | undefined>(undefined);
  protected readonly error = signal<unknown>(undefined);

  protected readonly members = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.membersApi.list(params),
  });
  /**
   * The failed import whose only fault is unknown points: the one just uploaded, else the newest of the history
   * (so the offer is still there after leaving the page).
   */
  protected readonly unknown = computed(() => {
    const current = this.status();
    const candidate = current ?? this.history.value()?.[0];
    return candidate === undefined ? undefined : unknownPointsOf(candidate);
  });
  protected readonly registered = signal<ReadonlySet<string>>(new Set());
  protected readonly busy = signal(false);
  protected readonly missingMember = signal(false);
  protected readonly registerError = signal<unknown>(undefined);
  private readonly drafts = signal<ReadonlyMap<string, PointDraft>>(new Map());

  protected pick(event: Event): void {
    this.file.set((event.target as HTMLInputElement).files?.[0]);
  }

  protected upload(): void {
    this.submitted.set(true);
    const file = this.file();
    if (!file) return;
    this.error.set(undefined);
    this.status.set(undefined);
    this.uploaded.set(0);
    this.phase.set('uploading');
    this.api
      .upload(this.communityId(), file)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress && event.total)
            this.uploaded.set(event.loaded / event.total);
          if (event.type === HttpEventType.Response && event.body) this.follow(event.body);
        },
        error: (error: unknown) => {
          this.error.set(error);
          this.phase.set('idle');
        },
      });
  }

  protected draft(ean: string): PointDraft {
    return this.drafts().get(ean) ?? { memberId: '', validFrom: '', label: '' };
  }

  protected allRegistered(target: UnknownImport): boolean {
    const registered = this.registered();
    return target.points.every((point) => registered.has(point.ean));
  }

  protected edit(ean: string, field: keyof PointDraft, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    const drafts = new Map(this.drafts());
    drafts.set(ean, { ...this.draft(ean), [field]: value });
    this.drafts.set(drafts);
    this.missingMember.set(false);
  }

  /** Registers every listed point not registered yet, one after another, with the metering points API. */
  protected registerPoints(target: UnknownImport): void {
    const pending = target.points.filter((point) => !this.registered().has(point.ean));
    if (pending.some((point) => this.draft(point.ean).memberId === '')) {
      this.missingMember.set(true);
      return;
    }
    this.missingMember.set(false);
    this.registerError.set(undefined);
    this.busy.set(true);
    from(pending)
      .pipe(
        concatMap((point) => {
          const draft = this.draft(point.ean);
          const label = draft.label.trim();
          return this.points
            .create(this.communityId(), {
              ean: point.ean,
              role: point.role,
              memberId: draft.memberId,
              validFrom: draft.validFrom || point.firstDay,
              ...(label === '' ? {} : { label }),
            })
            .pipe(
              // marked one by one, so a refusal of a later point keeps the earlier ones shown as registered
              tap(() => this.registered.set(new Set([...this.registered(), point.ean]))),
            );
        }),
        toArray(),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => this.busy.set(false),
        error: (error: unknown) => {
          this.registerError.set(error);
          this.busy.set(false);
        },
      });
  }

  /** The failed import's stored file, imported again as a new import that this page follows. */
  protected retry(importId: string): void {
    this.error.set(undefined);
    this.phase.set('processing');
    this.api
      .retry(this.communityId(), importId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (accepted) => {
          this.registered.set(new Set());
          this.drafts.set(new Map());
          this.follow(accepted);
        },
        error: (error: unknown) => {
          this.error.set(error);
          this.phase.set('idle');
        },
      });
  }

  /** One problem of the full list: without "and N more problems", which the list itself shows. */
  protected listed(problem: ImportWarning): string {
    if (problem.params?.['more'] === undefined) return this.text(problem);
    const { more: _more, ...params } = problem.params;
    return this.text({ ...problem, params });
  }

  protected text(item: string | ImportWarning | null | undefined): string {
    return describeImportIssue(this.i18n, item);
  }

  private follow(accepted: ImportStatus): void {
    this.phase.set('processing');
    this.status.set(accepted);
    timer(0, POLL_MS)
      .pipe(
        switchMap(() => this.api.get(this.communityId(), accepted.id)),
        takeWhile((s) => s.status === 'queued' || s.status === 'running', true),
        filter(Boolean),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: (s) => {
          this.status.set(s);
          if (s.status === 'done' || s.status === 'failed') {
            this.phase.set('finished');
            this.history.reload();
          }
        },
        error: (error: unknown) => {
          this.error.set(error);
          this.phase.set('idle');
        },
      });
  }
}

interface PointDraft {
  readonly memberId: string;
  readonly validFrom: string;
  readonly label: string;
}

interface UnknownPoint {
  readonly ean: string;
  readonly role: PointRole;
  /** the file's first day (the API adds it to the problem), the default start of the validity */
  readonly firstDay: string;
}

interface UnknownImport {
  readonly id: string;
  readonly fileName: string;
  readonly points: readonly UnknownPoint[];
}

const UNREGISTERED: ReadonlySet<string> = new Set(['EAN_NOT_REGISTERED', 'PAIR_EAN_NOT_REGISTERED']);

/** The EANs of a failed import whose every problem is an unregistered point (with its role); else undefined. */
export function unknownPointsOf(batch: ImportStatus): UnknownImport | undefined {
  if (batch.status !== 'failed') return undefined;
  const problems = batch.problems ?? [];
  if (problems.length === 0 || !problems.every((problem) => UNREGISTERED.has(problem.code ?? '')))
    return undefined;
  const points = new Map<string, UnknownPoint>();
  for (const problem of problems) {
    const ean = String(problem.params?.['ean'] ?? problem.ean ?? '');
    const role = problem.params?.['role'];
    if (ean === '' || (role !== 'production' && role !== 'consumption')) return undefined;
    if (!points.has(ean))
      points.set(ean, { ean, role, firstDay: String(problem.params?.['firstDay'] ?? '') });
  }
  return { id: batch.id, fileName: batch.fileName ?? batch.id, points: [...points.values()] };
}
