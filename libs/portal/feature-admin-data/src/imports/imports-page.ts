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
import { filter, switchMap, takeWhile, timer } from 'rxjs';

import { ImportsApi, type ImportStatus, type ImportWarning } from '@sdilna/portal/data-access-community';
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
  `,
})
export class ImportsPage {
  private readonly api = inject(ImportsApi);
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
