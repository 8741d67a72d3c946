import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';

import {
  AUDIT_ENTITIES,
  AuditApi,
  type AuditEntry,
  type AuditQuery,
} from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, EmptyState } from '@sdilna/portal/ui-kit';
import {
  formatLocalDate,
  formatLocalNumber,
  I18n,
  LocalDatePipe,
  TranslatePipe,
} from '@sdilna/portal/util-i18n';

import { auditDiff, type DiffRow } from './audit-diff';

const PAGE = 20;

/** The filter as the form holds it: empty strings for "any". */
interface Filter {
  entity: string;
  entityId: string;
  actorUserId: string;
  from: string;
  to: string;
}

const NO_FILTER: Filter = { entity: '', entityId: '', actorUserId: '', from: '', to: '' };

/** Where a value has its words: by entity, then field (`memberKind.household`, `settlementStatus.draft`). */
const VALUE_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  import: { status: 'importStatus' },
  // a run's computation goes through the same four states as an import
  'settlement-run': { status: 'settlementStatus', computeStatus: 'importStatus', kind: 'exports.runKind' },
  invitation: { status: 'invitationStatus', role: 'role' },
  member: { kind: 'memberKind' },
  'metering-point': { role: 'pointRole' },
  'generation-source': { kind: 'sourceKind' },
};

/**
 * Who changed what and when (issue 17 item 5, issue 18 item 6): every entry with its before/after as a short list
 * of the fields that changed, filtered by kind of record, one record, person and days. Entries are cards, not a
 * wide table, so a phone shows them without scrolling sideways.
 */
@Component({
  selector: 'sd-audit-log-page',
  imports: [FormsModule, TranslatePipe, LocalDatePipe, ApiErrorMessage, EmptyState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'audit.title' | t }}</h1>
    <p class="lead">{{ 'audit.lead' | t }}</p>
    <form class="filters" (ngSubmit)="apply()" data-testid="audit-filter">
      <fieldset>
        <legend>{{ 'audit.filters' | t }}</legend>
        <div class="field">
          <label for="audit-entity">{{ 'audit.filter.entity' | t }}</label>
          <select id="audit-entity" name="entity" [(ngModel)]="draft.entity">
            <option value="">{{ 'audit.filter.anyEntity' | t }}</option>
            @for (entity of entities; track entity) {
              <option [value]="entity">{{ 'audit.entity.' + entity | t }}</option>
            }
          </select>
        </div>
        <div class="field">
          <label for="audit-actor">{{ 'audit.filter.actor' | t }}</label>
          <select id="audit-actor" name="actorUserId" [(ngModel)]="draft.actorUserId">
            <option value="">{{ 'audit.filter.anyActor' | t }}</option>
            @for (actor of actors(); track actor.id) {
              <option [value]="actor.id">{{ actor.email }}</option>
            }
          </select>
        </div>
        <div class="field">
          <label for="audit-entity-id">{{ 'audit.filter.entityId' | t }}</label>
          <input id="audit-entity-id" name="entityId" maxlength="100" [(ngModel)]="draft.entityId" />
        </div>
        <div class="field">
          <label for="audit-from">{{ 'audit.filter.from' | t }}</label>
          <input id="audit-from" name="from" type="date" [(ngModel)]="draft.from" />
        </div>
        <div class="field">
          <label for="audit-to">{{ 'audit.filter.to' | t }}</label>
          <input id="audit-to" name="to" type="date" [(ngModel)]="draft.to" />
        </div>
        <div class="actions">
          <button type="submit" class="primary" data-testid="audit-apply">
            {{ 'audit.filter.apply' | t }}
          </button>
          <button type="button" (click)="reset()">{{ 'audit.filter.reset' | t }}</button>
        </div>
      </fieldset>
    </form>
    <sd-api-error [error]="page.error()" />
    @if (page.hasValue() ? page.value() : undefined; as p) {
      @if (p.total === 0) {
        <sd-empty-state [heading]="i18n.t('audit.empty')" />
      } @else {
        <p role="status" data-testid="audit-total">
          {{ 'audit.total' | t: { total: p.total } }},
          {{ 'audit.range' | t: { first: p.offset + 1, last: p.offset + p.items.length } }}
        </p>
        <ol class="entries" data-testid="audit-entries">
          @for (entry of p.items; track entry.id) {
            <li class="entry" [attr.data-testid]="'audit-entry-' + entry.entity">
              <p class="head">
                <strong>{{ 'audit.entity.' + entry.entity | t }}</strong>
                <span class="action">{{ 'audit.action.' + entry.action | t }}</span>
              </p>
              <p class="meta">
                <time [attr.datetime]="entry.at">{{ entry.at | sdDate: 'dateTime' }}</time> ·
                <span>{{ entry.actorEmail ?? ('audit.system' | t) }}</span> ·
                <button type="button" class="link" (click)="only(entry)">
                  {{ 'audit.showRecord' | t }}<span class="visually-hidden"> {{ entry.entityId }}</span>
                </button>
              </p>
              @if (rowsOf(entry); as rows) {
                @if (rows.length > 0) {
                  <table class="diff">
                    <caption class="visually-hidden">
                      {{
                        'audit.changes' | t
                      }}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{{ 'audit.field' | t }}</th>
                        <th scope="col">{{ 'audit.before' | t }}</th>
                        <th scope="col">{{ 'audit.after' | t }}</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (row of rows; track row.field) {
                        <tr>
                          <th scope="row">{{ fieldName(row.field) }}</th>
                          <td [class.empty]="row.before === undefined">
                            {{ show(entry, row.field, row.before) }}
                          </td>
                          <td [class.empty]="row.after === undefined">
                            {{ show(entry, row.field, row.after) }}
                          </td>
                        </tr>
                      }
                    </tbody>
                  </table>
                }
              }
            </li>
          }
        </ol>
        <div class="actions">
          <button type="button" (click)="offset.set(offset() - pageSize)" [disabled]="offset() === 0">
            {{ 'audit.newer' | t }}
          </button>
          <button type="button" (click)="offset.set(offset() + pageSize)" [disabled]="!hasMore()">
            {{ 'audit.older' | t }}
          </button>
        </div>
      }
    } @else if (page.isLoading()) {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    fieldset {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
      gap: 0.5rem 1rem;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
    }
    fieldset .actions {
      grid-column: 1 / -1;
    }
    .entries {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.75rem;
    }
    .entry {
      background: #fff;
      border: 1px solid #d0d7de;
      border-radius: 0.5rem;
      padding: 0.75rem;
      min-width: 0;
    }
    .head,
    .meta {
      margin: 0 0 0.375rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 0.5rem;
    }
    .meta {
      color: var(--sd-muted);
      overflow-wrap: anywhere;
    }
    .diff {
      width: 100%;
      table-layout: fixed;
      border-collapse: collapse;
    }
    .diff th,
    .diff td {
      text-align: left;
      vertical-align: top;
      padding: 0.25rem 0.375rem;
      border-top: 1px solid #eaeef2;
      overflow-wrap: anywhere;
    }
    .diff td.empty {
      color: var(--sd-muted);
    }
  `,
})
export class AuditLogPage {
  private readonly api = inject(AuditApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly entities = AUDIT_ENTITIES;
  protected readonly pageSize = PAGE;
  /** What the form shows; `filter` is what was applied. */
  protected draft: Filter = { ...NO_FILTER };
  private readonly filter = signal<Filter>({ ...NO_FILTER });
  protected readonly offset = signal(0);
  /** Everyone seen in the log so far, for the "who" choice (the API names people only in entries). */
  private readonly seen = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly actors = computed(() =>
    [...this.seen()].map(([id, email]) => ({ id, email })).sort((a, b) => a.email.localeCompare(b.email)),
  );

  protected readonly page = rxResource({
    params: () => ({ communityId: this.communityId(), filter: this.filter(), offset: this.offset() }),
    stream: ({ params }) => {
      const query: AuditQuery = {
        ...(params.filter.entity ? { entity: params.filter.entity as AuditQuery['entity'] } : {}),
        ...(params.filter.entityId ? { entityId: params.filter.entityId.trim() } : {}),
        ...(params.filter.actorUserId ? { actorUserId: params.filter.actorUserId } : {}),
        ...(params.filter.from ? { from: params.filter.from } : {}),
        ...(params.filter.to ? { to: params.filter.to } : {}),
        limit: PAGE,
        offset: params.offset,
      };
      return this.api.log(params.communityId, query);
    },
  });

  protected readonly hasMore = computed(() => {
    const p = this.page.hasValue() ? this.page.value() : undefined;
    return p !== undefined && this.offset() + PAGE < p.total;
  });

  constructor() {
    effect(() => {
      const p = this.page.hasValue() ? this.page.value() : undefined;
      if (p !== undefined) this.remember(p.items);
    });
  }

  protected apply(): void {
    this.filter.set({ ...this.draft });
    this.offset.set(0);
  }

  protected reset(): void {
    this.draft = { ...NO_FILTER };
    this.apply();
  }

  /** "This record only": the entries of the entry's record, of any date and person. */
  protected only(entry: AuditEntry): void {
    this.draft = { ...NO_FILTER, entity: entry.entity, entityId: entry.entityId };
    this.apply();
  }

  protected rowsOf(entry: AuditEntry): DiffRow[] {
    return auditDiff(entry.before, entry.after);
  }

  protected fieldName(field: string): string {
    const key = `audit.key.${field}`;
    return this.i18n.has(key) ? this.i18n.t(key) : field;
  }

  /** A value in the UI's words: dates and numbers the language's way, known words translated, lists compact. */
  protected show(entry: AuditEntry, field: string, value: unknown): string {
    const language = this.i18n.language();
    if (value === undefined || value === null || value === '') return this.i18n.t('audit.nothing');
    if (typeof value === 'boolean') return this.i18n.t(value ? 'audit.value.true' : 'audit.value.false');
    if (typeof value === 'number') return formatLocalNumber(value, language, 0, 2);
    if (typeof value === 'string') {
      const words = VALUE_WORDS[entry.entity]?.[field];
      const wordKey = `${words}.${value}`;
      if (words !== undefined && this.i18n.has(wordKey)) return this.i18n.t(wordKey);
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatLocalDate(value, language);
      if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatLocalDate(value, language, 'dateTime');
      if (/^\d{4}-\d{2}$/.test(value)) return formatLocalDate(value, language, 'month');
      // money travels as text with two decimals ("300.00"): written the language's way
      if (/^-?\d+\.\d{2}$/.test(value)) return formatLocalNumber(Number(value), language, 2, 2);
      return value;
    }
    // a list or a nested record (periods of a group, a run's totals): its filled fields in the same words
    const text = Array.isArray(value)
      ? value.map((item) => this.show(entry, field, item)).join('; ')
      : Object.entries(value as Record<string, unknown>)
          .filter(([, inner]) => inner !== null && inner !== undefined && inner !== '')
          .map(([name, inner]) => `${this.fieldName(name)}: ${this.show(entry, name, inner)}`)
          .join(', ');
    if (text === '') return this.i18n.t('audit.nothing');
    return text.length > 300 ? `${text.slice(0, 299)}…` : text;
  }

  private remember(items: readonly AuditEntry[]): void {
    const known = untracked(this.seen);
    const fresh = items.filter(
      (item) => item.actorUserId !== null && item.actorEmail !== null && !known.has(item.actorUserId),
    );
    if (fresh.length === 0) return;
    const next = new Map(known);
    for (const item of fresh) next.set(item.actorUserId as string, item.actorEmail as string);
    this.seen.set(next);
  }
}
