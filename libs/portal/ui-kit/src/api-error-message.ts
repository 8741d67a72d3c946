import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { I18n } from '@sdilna/portal/util-i18n';

/** An API error in words next to the action that caused it; announced to screen readers. */
@Component({
  selector: 'sd-api-error',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (problem(); as p) {
      <div class="error" role="alert" data-testid="api-error">
        <p>{{ p.text }}</p>
        @if (p.details.length > 0) {
          <ul>
            @for (detail of p.details; track $index) {
              <li>{{ detail }}</li>
            }
          </ul>
        }
      </div>
    }
  `,
  styles: `
    .error {
      border-left: 4px solid var(--sd-danger);
      background: #fdecea;
      color: var(--sd-danger);
      padding: 0.5rem 0.75rem;
      margin: 0.75rem 0;
      border-radius: 0.25rem;
    }
    p {
      margin: 0;
      font-weight: 600;
    }
    ul {
      margin: 0.25rem 0 0;
      padding-left: 1.25rem;
    }
  `,
})
export class ApiErrorMessage {
  private readonly i18n = inject(I18n);
  readonly error = input<unknown>();
  protected readonly problem = computed(() => {
    const error = this.error();
    return error === undefined || error === null ? undefined : this.i18n.describeError(error);
  });
}
