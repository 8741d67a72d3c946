import { NgTemplateOutlet } from '@angular/common';
import {
  booleanAttribute,
  ChangeDetectionStrategy,
  Component,
  computed,
  contentChild,
  Directive,
  inject,
  input,
  type Resource,
  TemplateRef,
} from '@angular/core';

import { TranslatePipe } from '@sdilna/portal/util-i18n';

import { ApiErrorMessage } from './api-error-message';
import { EmptyState } from './empty-state';

/** What `<ng-template [sdListRows]>` is given: the loaded, non-empty list. */
export interface ListRowsContext<T> {
  readonly $implicit: readonly T[];
}

/**
 * Marks the template that shows a loaded, non-empty list; `[sdListRows]` names the same resource as the
 * `<sd-resource-list>` around it so that `let-list` is typed.
 */
@Directive({ selector: 'ng-template[sdListRows]' })
export class ListRows<T> {
  readonly sdListRows = input.required<Resource<readonly T[] | undefined>>();
  readonly template = inject<TemplateRef<ListRowsContext<T>>>(TemplateRef);

  static ngTemplateContextGuard<T>(
    _directive: ListRows<T>,
    _context: unknown,
  ): _context is ListRowsContext<T> {
    return true;
  }
}

/**
 * The list pages' pattern in one place: the API error, then the empty state (heading plus the projected
 * `[sdEmpty]` content) or the rows template, and (when asked) a loading status while nothing is there yet.
 * With `columns` (heading message keys; `actionsColumn` adds one for the rows' buttons, named for screen readers
 * only) the rows template gives only the table's rows: the scrolling box, the table and its head are made here.
 *
 *     <sd-resource-list
 *       [resource]="members"
 *       [emptyHeading]="i18n.t('admin.members.emptyTitle')"
 *       [columns]="['member.name', 'member.kind']"
 *       actionsColumn
 *     >
 *       <p sdEmpty>{{ 'admin.members.emptyText' | t }}</p>
 *       <ng-template [sdListRows]="members" let-list>
 *         @for (member of list; track member.id) { <tr>…</tr> }
 *       </ng-template>
 *     </sd-resource-list>
 */
@Component({
  selector: 'sd-resource-list',
  imports: [ApiErrorMessage, EmptyState, NgTemplateOutlet, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <sd-api-error [error]="resource().error()" />
    @if (list(); as items) {
      @if (items.length === 0) {
        <sd-empty-state [heading]="emptyHeading()">
          <ng-content select="[sdEmpty]" />
        </sd-empty-state>
      } @else if (rows(); as rows) {
        @if (columns(); as columns) {
          <div class="table-wrap" [attr.tabindex]="scrollFocusable() ? 0 : null">
            <table [attr.data-testid]="tableTestId() ?? null">
              @if (caption(); as caption) {
                <caption class="visually-hidden">
                  {{
                    caption | t
                  }}
                </caption>
              }
              <thead>
                <tr>
                  @for (column of columns; track $index) {
                    <th scope="col">{{ column | t }}</th>
                  }
                  @if (actionsColumn()) {
                    <th scope="col">
                      <span class="visually-hidden">{{ 'common.actions' | t }}</span>
                    </th>
                  }
                </tr>
              </thead>
              <tbody>
                <ng-container *ngTemplateOutlet="rows.template; context: { $implicit: items }" />
              </tbody>
            </table>
          </div>
        } @else {
          <ng-container *ngTemplateOutlet="rows.template; context: { $implicit: items }" />
        }
      }
    } @else if (showLoading() && resource().isLoading()) {
      <p role="status">{{ 'common.loading' | t }}</p>
    }
  `,
  styles: `
    :host {
      display: contents;
    }
  `,
})
export class ResourceList<T> {
  readonly resource = input.required<Resource<readonly T[] | undefined>>();
  readonly emptyHeading = input.required<string>();
  /** whether to announce loading while the list has no value yet */
  readonly showLoading = input(false);
  /** the table's column headings (message keys; an unknown key such as `EAN` shows itself) */
  readonly columns = input<readonly string[]>();
  /** a last column for the rows' actions, its heading for screen readers only */
  readonly actionsColumn = input(false, { transform: booleanAttribute });
  /** the table's caption (a message key), for screen readers only */
  readonly caption = input<string>();
  readonly tableTestId = input<string>();
  /**
   * makes the scrolling box a tab stop, for tables without a link or button in them: a keyboard can then scroll
   * a table wider than a phone (WCAG 2.1.1; axe `scrollable-region-focusable`)
   */
  readonly scrollFocusable = input(false, { transform: booleanAttribute });
  protected readonly rows = contentChild<ListRows<T>>(ListRows);
  protected readonly list = computed(() => {
    const resource = this.resource();
    return resource.hasValue() ? resource.value() : undefined;
  });
}

/** What a list page's template imports: `imports: [RESOURCE_LIST, …]`. */
export const RESOURCE_LIST = [ResourceList, ListRows] as const;
