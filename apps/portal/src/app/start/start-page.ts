import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';

import { HealthApi } from './health-api';

@Component({
  selector: 'sd-start-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Sdílení elektřiny pro vaše společenství</h1>
    <p class="lead">
      Sdílna vede členy, odběrná a předávací místa, alokační klíče a data z EDC, počítá sdílenou elektřinu
      přesně jako EDC a připravuje vyúčtování.
    </p>
    <section class="status" aria-live="polite" aria-labelledby="status-heading">
      <h2 id="status-heading">Stav služby</h2>
      @if (health.isLoading()) {
        <p>Ověřuji spojení se serverem…</p>
      } @else if (health.error()) {
        <p class="down" data-testid="service-status">Server neodpovídá: {{ errorText() }}</p>
      } @else if (health.hasValue() ? health.value() : undefined; as report) {
        <p [class.down]="report.status !== 'ok'" data-testid="service-status">
          {{ report.status === 'ok' ? 'Vše v provozu' : 'Omezený provoz' }}
        </p>
        <ul>
          <li>Databáze: {{ report.database.up ? 'dostupná' : 'nedostupná' }}</li>
          <li>Fronta úloh (Redis): {{ report.redis.up ? 'dostupná' : 'nedostupná' }}</li>
        </ul>
      }
    </section>
  `,
  styles: `
    .lead {
      font-size: 1.125rem;
      color: var(--sd-muted);
      max-width: 48rem;
    }
    .status {
      background: #fff;
      border-radius: 0.5rem;
      padding: 1rem 1.25rem;
      border: 1px solid #d0d7de;
    }
    .down {
      color: var(--sd-danger);
      font-weight: 600;
    }
  `,
})
export class StartPage {
  private readonly api = inject(HealthApi);
  protected readonly health = rxResource({ stream: () => this.api.get() });

  protected errorText(): string {
    const error = this.health.error();
    // A 503 still carries the report body; anything else is shown in words, never a blank page.
    if (error instanceof HttpErrorResponse && error.status === 0) return 'není spojení';
    return error instanceof HttpErrorResponse ? `chyba ${error.status}` : 'neznámá chyba';
  }
}
