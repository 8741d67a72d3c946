import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { catchError, firstValueFrom, map, of, switchMap } from 'rxjs';

import {
  AllocationKeysApi,
  CommunitiesApi,
  ImportsApi,
  MembersApi,
  MeteringPointsApi,
  saveBlob,
  SharingGroupsApi,
  sharingFreshness,
  type SimulationAnswer,
} from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, FreshnessBanner } from '@sdilna/portal/ui-kit';
import {
  formatLocalNumber,
  I18n,
  LocalDatePipe,
  localDecimalText,
  LocalMoneyPipe,
  LocalNumberPipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';
import {
  ALLOCATION_METHODS,
  type AllocationMethod,
  keyToFile,
  type KeyFile,
} from '@sdilna/shared/domain-allocation/keys';
import { basisPointsToPercent, rulesFor, sharingRounds } from '@sdilna/shared/domain-core';
import { edcRegistrationCsv } from '@sdilna/shared/domain-key-advice/edc-registration';

import {
  cellId,
  type DraftCell,
  type DraftIssue,
  draftFromFile,
  FULL_BASIS_POINTS,
  type KeyDraft,
  keyFileFromText,
  validateDraft,
} from './key-draft';
import { KeyPeriods } from './key-periods';

const PRIORITIES = [1, 2, 3, 4, 5] as const;

/** The allocation key as a producer × consumer table, checked live by the shared engine on every keystroke. */
@Component({
  selector: 'sd-key-editor-page',
  imports: [
    TranslatePipe,
    ApiErrorMessage,
    LocalNumberPipe,
    LocalMoneyPipe,
    LocalDatePipe,
    RouterLink,
    FreshnessBanner,
    KeyPeriods,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './key-editor-page.html',
  styleUrl: './key-editor-page.css',
})
export class KeyEditorPage {
  private readonly keysApi = inject(AllocationKeysApi);
  private readonly groupsApi = inject(SharingGroupsApi);
  private readonly pointsApi = inject(MeteringPointsApi);
  private readonly communitiesApi = inject(CommunitiesApi);
  private readonly membersApi = inject(MembersApi);
  private readonly importsApi = inject(ImportsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();

  protected readonly methods = ALLOCATION_METHODS;
  /** Whether the registered key's figures in the preview wait for a recompute (a key change marks its months). */
  protected readonly freshness = sharingFreshness(() => this.communityId());
  /** Bumped on every saved key or recorded request for iteration: the periods below list them. */
  protected readonly revision = signal(0);
  protected readonly priorities = PRIORITIES;
  protected readonly full = FULL_BASIS_POINTS;

  private readonly community = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.communitiesApi.get(params),
  });
  protected readonly points = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.pointsApi.list(params),
  });
  /** Member names beside the EANs: a failure leaves bare EANs, never an empty editor. */
  private readonly members = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.membersApi.list(params).pipe(catchError(() => of([]))),
  });
  /** The newest month with imported data, where the preview starts; null when nothing was imported yet. */
  protected readonly newestMonth = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) =>
      this.importsApi.list(params).pipe(
        map((imports) => {
          const ends = imports
            .filter((item) => item.status === 'done' && item.period)
            .map((item) => item.period!.to)
            .sort();
          return ends.length > 0 ? ends[ends.length - 1]!.slice(0, 7) : null;
        }),
        catchError(() => of(null)),
      ),
  });
  /** Label and member name of each EAN the community registered. */
  private readonly pointNames = computed(() => {
    const points = this.points.hasValue() ? this.points.value() : [];
    const members = this.members.hasValue() ? this.members.value() : [];
    const names = new Map(members.map((m) => [m.id, m.name]));
    return new Map(
      points.map((p) => [p.ean, { label: p.label ?? '', member: names.get(p.memberId) ?? '' }] as const),
    );
  });

  /** The key in force (newest version) as a key file; undefined when none is registered yet. */
  protected readonly registered = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) =>
      this.keysApi.list(params).pipe(
        switchMap((versions) => {
          const latest = [...versions].sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
          return latest
            ? this.keysApi
                .export(params, latest.id)
                .pipe(map((file) => ({ file, validFrom: latest.validFrom })))
            : of(undefined);
        }),
        catchError(() => of(undefined)),
      ),
  });

  protected readonly maxProducers = computed(() => {
    const type = (this.community.hasValue() ? this.community.value() : undefined)?.type;
    return type ? rulesFor(type, this.validFrom()).maxProducersPerConsumer : 5;
  });

  protected readonly draft = signal<KeyDraft>({
    method: 'static-iterative',
    producers: [],
    consumers: [],
    cells: new Map(),
  });
  protected readonly validFrom = signal(firstOfNextMonth());
  /** The (first) sharing group's recorded request for iteration at EDC, which the key's method must agree with. */
  protected readonly iteration = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) =>
      this.groupsApi
        .list(params)
        .pipe(
          switchMap((groups) => (groups[0] ? this.groupsApi.iteration(params, groups[0].id) : of(undefined))),
        ),
  });
  /**
   * Where the method says otherwise than the group's record on `validFrom` (`static-iterative` needs the request,
   * `static` needs none), the answer the API would give; the editor offers to record what the method says.
   */
  protected readonly iterationMismatch = computed(() => {
    const method = this.draft().method;
    const record = this.iteration.hasValue() ? this.iteration.value() : undefined;
    if (record === undefined || (method !== 'static' && method !== 'static-iterative')) return undefined;
    const day = this.validFrom();
    const requested = record.periods.some(
      (p) => p.requested && p.validFrom <= day && (p.validTo === null || day <= p.validTo),
    );
    const wanted = method === 'static-iterative';
    return requested === wanted ? undefined : { wanted, groupId: record.sharingGroupId };
  });
  protected readonly iterationError = signal<unknown>(undefined);
  /**
   * The rounds EDC runs from `validFrom` with this method (domain-core's one rule): the group's points valid that
   * day, and `static-iterative` as the group's request for iteration. Shown, never chosen.
   */
  protected readonly edcRounds = computed(() => {
    const type = (this.community.hasValue() ? this.community.value() : undefined)?.type;
    const points = this.points.hasValue() ? this.points.value() : undefined;
    if (type === undefined || points === undefined) return undefined;
    const day = this.validFrom();
    const valid = points.filter((p) => p.validFrom <= day && (p.validTo == null || day <= p.validTo));
    return sharingRounds(rulesFor(type, day), {
      iterationRequested: this.draft().method === 'static-iterative',
      groupPoints: valid.length,
      consumptionPoints: valid.filter((p) => p.role === 'consumption').length,
    });
  });
  protected readonly validation = computed(() => validateDraft(this.draft(), this.maxProducers()));
  protected readonly touched = signal(false);

  protected readonly newEan = signal('');
  protected readonly newRole = signal<'producer' | 'consumer'>('consumer');
  protected readonly newEanError = signal('');
  protected readonly importError = signal('');
  protected readonly saveError = signal<unknown>(undefined);
  protected readonly saved = signal(false);
  protected readonly busy = signal(false);
  protected readonly simulation = signal<SimulationAnswer | undefined>(undefined);
  protected readonly simulationError = signal<unknown>(undefined);
  protected readonly previewFrom = signal(firstOfPreviousMonth());
  protected readonly previewTo = signal(lastOfPreviousMonth());
  /** Once the administrator picks dates, the newest month no longer moves them. */
  private readonly previewChosen = signal(false);

  constructor() {
    // Start from the registered key (or an empty table) and every registered point, once both are known.
    effect(() => {
      const points = this.points.hasValue() ? this.points.value() : undefined;
      const registered = this.registered.hasValue() ? this.registered.value() : undefined;
      if (points === undefined || this.registered.isLoading()) return;
      const producers = points.filter((p) => p.role === 'production').map((p) => p.ean);
      const consumers = points.filter((p) => p.role === 'consumption').map((p) => p.ean);
      const file: KeyFile = registered?.file ?? { method: 'static-iterative', allocations: [] };
      this.draft.set(draftFromFile(file, producers, consumers));
    });
    effect(() => {
      const month = this.newestMonth.hasValue() ? this.newestMonth.value() : undefined;
      if (!month || this.previewChosen()) return;
      this.previewFrom.set(`${month}-01`);
      this.previewTo.set(lastDayOf(month));
    });
  }

  /** Who and what an EAN is: the point's label and its member's name, empty when unknown (a typed EAN). */
  protected pointName(ean: string): { readonly label: string; readonly member: string } {
    return this.pointNames().get(ean) ?? { label: '', member: '' };
  }

  /** A cell's percent with the UI language's decimal separator (typed text stays as typed otherwise). */
  protected shownPercent(text: string): string {
    return localDecimalText(text, this.i18n.language());
  }

  protected choosePreview(which: 'from' | 'to', value: string): void {
    this.previewChosen.set(true);
    (which === 'from' ? this.previewFrom : this.previewTo).set(value);
  }

  protected cell(producer: string, consumer: string): DraftCell {
    return this.draft().cells.get(cellId(producer, consumer)) ?? { percent: '', priority: 1 };
  }

  protected setPercent(producer: string, consumer: string, percent: string): void {
    this.touched.set(true);
    this.saved.set(false);
    this.updateCell(producer, consumer, { ...this.cell(producer, consumer), percent });
  }

  protected setPriority(producer: string, consumer: string, priority: string): void {
    this.saved.set(false);
    this.updateCell(producer, consumer, { ...this.cell(producer, consumer), priority: Number(priority) });
  }

  protected setMethod(method: string): void {
    this.draft.update((d) => ({ ...d, method: method as AllocationMethod }));
  }

  protected cellIssues(producer: string, consumer: string): DraftIssue[] {
    return this.validation().issues.filter((i) => i.producer === producer && i.consumer === consumer);
  }

  protected producerIssues(producer: string): DraftIssue[] {
    return this.validation().issues.filter((i) => i.producer === producer && i.consumer === undefined);
  }

  protected consumerIssues(consumer: string): DraftIssue[] {
    return this.validation().issues.filter((i) => i.consumer === consumer && i.producer === undefined);
  }

  protected sumPercent(producer: string): number {
    return basisPointsToPercent(this.validation().producerSums.get(producer) ?? 0);
  }

  protected overFull(producer: string): boolean {
    return (this.validation().producerSums.get(producer) ?? 0) > FULL_BASIS_POINTS;
  }

  protected issueText(issue: DraftIssue): string {
    if (this.i18n.language() === 'en' || issue.kind === 'other') return issue.message;
    return this.i18n.t(`key.issue.${issue.kind}` as 'key.issue.sum', {
      producer: issue.producer ?? '',
      consumer: issue.consumer ?? '',
      sum: formatLocalNumber(this.sumPercent(issue.producer ?? ''), this.i18n.language()),
      max: this.maxProducers(),
    });
  }

  protected cellDomId(producer: string, consumer: string): string {
    return `cell-${producer}-${consumer}`;
  }

  protected addEan(): void {
    const ean = this.newEan().trim();
    const problem = /^\d{18}$/.test(ean) ? undefined : 'not-18-digits';
    const draft = this.draft();
    if (problem) {
      this.newEanError.set(this.i18n.t('ean.not-18-digits'));
      return;
    }
    if (draft.producers.includes(ean) || draft.consumers.includes(ean)) {
      this.newEanError.set(this.i18n.t('key.eanPresent'));
      return;
    }
    this.newEanError.set('');
    this.newEan.set('');
    this.draft.update((d) =>
      this.newRole() === 'producer'
        ? { ...d, producers: [...d.producers, ean] }
        : { ...d, consumers: [...d.consumers, ean] },
    );
  }

  protected async importFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.importError.set('');
    try {
      const keyFile = keyFileFromText(await file.text());
      const current = this.draft();
      this.draft.set(draftFromFile(keyFile, current.producers, current.consumers));
      this.touched.set(true);
    } catch (error) {
      const reason = error instanceof Error ? error.message : '';
      this.importError.set(
        this.i18n.t(reason === 'not-json' ? 'key.import.notJson' : 'key.import.notKeyFile'),
      );
    } finally {
      input.value = '';
    }
  }

  protected exportFile(): void {
    const key = this.validation().key;
    if (!key) return;
    const blob = new Blob([JSON.stringify(keyToFile(key), null, 2) + '\n'], { type: 'application/json' });
    saveBlob(blob, `alokacni-klic-${this.validFrom()}.json`);
  }

  /** The key as EDC's registration table (docs/keys.md), next to the JSON key file. */
  protected exportEdc(): void {
    const key = this.validation().key;
    if (!key) return;
    saveBlob(
      new Blob([edcRegistrationCsv(key)], { type: 'text/csv' }),
      `alokacni-klic-${this.validFrom()}.edc.csv`,
    );
  }

  /** Records from the key's first day what its method says about the group's request for iteration. */
  protected async recordIteration(): Promise<void> {
    const mismatch = this.iterationMismatch();
    if (mismatch === undefined) return;
    this.iterationError.set(undefined);
    try {
      await firstValueFrom(
        this.groupsApi.setIteration(this.communityId(), mismatch.groupId, {
          requested: mismatch.wanted,
          validFrom: this.validFrom(),
        }),
      );
      this.iteration.reload();
      this.periodsChanged();
    } catch (error) {
      this.iterationError.set(error);
    }
  }

  /** A key or iteration period changed: list it and ask again whether the figures are current. */
  protected periodsChanged(): void {
    this.revision.update((count) => count + 1);
    this.iteration.reload();
    this.freshness.refresh();
  }

  protected async save(): Promise<void> {
    this.touched.set(true);
    this.saveError.set(undefined);
    this.saved.set(false);
    const key = this.validation().key;
    if (!key) return;
    this.busy.set(true);
    try {
      await firstValueFrom(
        this.keysApi.create(this.communityId(), { ...keyToFile(key), validFrom: this.validFrom() }),
      );
      this.saved.set(true);
      this.periodsChanged();
    } catch (error) {
      this.saveError.set(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected async preview(): Promise<void> {
    const key = this.validation().key;
    if (!key) return;
    this.simulationError.set(undefined);
    this.simulation.set(undefined);
    try {
      this.simulation.set(
        await firstValueFrom(
          this.keysApi.simulate(this.communityId(), {
            from: this.previewFrom(),
            to: this.previewTo(),
            key: keyToFile(key),
          }),
        ),
      );
    } catch (error) {
      this.simulationError.set(error);
    }
  }

  private updateCell(producer: string, consumer: string, cell: DraftCell): void {
    this.draft.update((d) => {
      const cells = new Map(d.cells);
      cells.set(cellId(producer, consumer), cell);
      return { ...d, cells };
    });
  }
}

function isoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function firstOfNextMonth(): string {
  const now = new Date();
  return isoDate(new Date(now.getFullYear(), now.getMonth() + 1, 1));
}

function firstOfPreviousMonth(): string {
  const now = new Date();
  return isoDate(new Date(now.getFullYear(), now.getMonth() - 1, 1));
}

function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return isoDate(new Date(year, m, 0));
}

function lastOfPreviousMonth(): string {
  const now = new Date();
  return isoDate(new Date(now.getFullYear(), now.getMonth(), 0));
}
