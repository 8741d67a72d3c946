import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** What a page shows when there is nothing yet, and what to do next (the projected content). */
@Component({
  selector: 'sd-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="empty" data-testid="empty-state">
      <h2>{{ heading() }}</h2>
      <ng-content />
    </section>
  `,
  styles: `
    .empty {
      border: 2px dashed #b7c4bd;
      border-radius: 0.5rem;
      padding: 1.25rem;
      background: #fff;
      margin: 1rem 0;
    }
    h2 {
      margin-top: 0;
      font-size: 1.125rem;
    }
  `,
})
export class EmptyState {
  readonly heading = input.required<string>();
}
