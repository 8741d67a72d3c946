import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { TranslatePipe } from '@sdilna/portal/util-i18n';

/** An honest placeholder for a page whose API does not exist yet: no invented figures. */
@Component({
  selector: 'sd-coming-soon',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ heading() }}</h1>
    <section class="coming" data-testid="coming-soon">
      <p class="badge">{{ 'coming.badge' | t }}</p>
      <p>{{ text() }}</p>
    </section>
  `,
  styles: `
    .coming {
      border: 2px dashed #b7c4bd;
      border-radius: 0.5rem;
      padding: 1.25rem;
      background: #fff;
    }
    .badge {
      display: inline-block;
      margin: 0 0 0.5rem;
      padding: 0.125rem 0.5rem;
      border-radius: 1rem;
      background: var(--sd-sun);
      font-weight: 600;
    }
  `,
})
export class ComingSoon {
  readonly heading = input.required<string>();
  readonly text = input.required<string>();
}
