import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  OnDestroy,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { AllocationKeysApi, KeyAdviceApi, saveBlob } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import {
  I18n,
  LocalDatePipe,
  LocalMoneyPipe,
  LocalNumberPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';
import type { KeyAdviceJobResponse, KeyAdviceRequest } from '@sdilna/shared/util-api-contract';

/** How many past months the page offers to fit on (the API takes up to 6 of them). */
const OFFERED_MONTHS = 12;
const MAX_PICKED = 6;
const POLL_MS = 1000;

/** `YYYY-MM` of the month `back` months before the current Prague month. */
export function monthBefore(now: Date, back: number): string {
  const [year, month] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Prague',
    year: 'numeric',
    month: '2-digit',
  })
    .format(now)
    .slice(0, 7)
    .split('-')
    .map(Number) as [number, number];
  const index = year * 12 + (month - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Key advice (issue 22): the administrator picks past months and constraints, the API searches a key as a job
 * (progress polled), and the page shows the proposal with its walk-forward backtest, each member's change in kWh
 * and Kč, the key file and EDC's registration table to download, and "register from next month".
 */
@Component({
  selector: 'sd-key-advice-page',
  imports: [TranslatePipe, ApiErrorMessage, LocalNumberPipe, LocalMoneyPipe, LocalDatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './key-advice-page.html',
  styleUrl: './key-advice-page.css',
})
export class KeyAdvicePage implements OnDestroy {
  private readonly adviceApi = inject(KeyAdviceApi);
  private readonly keysApi = inject(AllocationKeysApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();

  protected readonly offered = Array.from({ length: OFFERED_MONTHS }, (_, k) =>
    monthBefore(new Date(), k + 1),
  );
  /** the two months before this one, the usual "fit on the last months" */
  protected readonly picked = signal<ReadonlySet<string>>(new Set(this.offered.slice(0, 2)));
  protected readonly minPercent = signal('');
  protected readonly maxChange = signal('');
  protected readonly rounds = signal('');
  protected readonly tooMany = computed(() => this.picked().size > MAX_PICKED);

  protected readonly job = signal<KeyAdviceJobResponse | undefined>(undefined);
  protected readonly error = signal<unknown>(undefined);
  protected readonly busy = signal(false);
  protected readonly registered = signal<string | undefined>(undefined);
  protected readonly registerError = signal<unknown>(undefined);
  protected readonly result = computed(() => this.job()?.result ?? null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  ngOnDestroy(): void {
    clearTimeout(this.timer);
  }

  protected toggle(month: string, on: boolean): void {
    const next = new Set(this.picked());
    if (on) next.add(month);
    else next.delete(month);
    this.picked.set(next);
  }

  protected async start(): Promise<void> {
    clearTimeout(this.timer);
    this.error.set(undefined);
    this.registered.set(undefined);
    this.registerError.set(undefined);
    const number = (text: string) => (text.trim() === '' ? undefined : Number(text.replace(',', '.')));
    const request: KeyAdviceRequest = {
      months: [...this.picked()].sort(),
      ...(number(this.minPercent()) !== undefined ? { minPercent: number(this.minPercent()) } : {}),
      ...(number(this.maxChange()) !== undefined ? { maxChange: number(this.maxChange()) } : {}),
      ...(this.rounds() !== '' ? { rounds: Number(this.rounds()) } : {}),
    };
    this.busy.set(true);
    try {
      const job = await firstValueFrom(this.adviceApi.start(this.communityId(), request));
      this.follow(job);
    } catch (error) {
      this.error.set(error);
      this.busy.set(false);
    }
  }

  /** Polls the job until it is done or failed. */
  private follow(job: KeyAdviceJobResponse): void {
    this.job.set(job);
    if (job.state === 'done' || job.state === 'failed') {
      this.busy.set(false);
      return;
    }
    this.timer = setTimeout(async () => {
      try {
        this.follow(await firstValueFrom(this.adviceApi.get(this.communityId(), job.jobId)));
      } catch (error) {
        this.error.set(error);
        this.busy.set(false);
      }
    }, POLL_MS);
  }

  protected downloadKey(): void {
    const result = this.result();
    if (result)
      download(
        `${JSON.stringify(result.key, null, 2)}\n`,
        `navrh-klice-${result.validFrom}.json`,
        'application/json',
      );
  }

  protected downloadEdc(): void {
    const result = this.result();
    if (result) download(result.edcRegistrationCsv, `navrh-klice-${result.validFrom}.edc.csv`, 'text/csv');
  }

  /** "Register from next month": a key version from the first day of next month (the open one ends the day before). */
  protected async register(): Promise<void> {
    const result = this.result();
    if (!result || !result.registrable) return;
    this.registerError.set(undefined);
    this.busy.set(true);
    try {
      await firstValueFrom(
        this.keysApi.create(this.communityId(), {
          ...result.key,
          sharingGroupId: result.sharingGroupId,
          validFrom: result.validFrom,
        }),
      );
      this.registered.set(result.validFrom);
    } catch (error) {
      this.registerError.set(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected ratio(before: number | null, after: number): number | null {
    return before === null || before === 0 ? null : after / before - 1;
  }
}

function download(text: string, name: string, type: string): void {
  saveBlob(new Blob([text], { type }), name);
}
