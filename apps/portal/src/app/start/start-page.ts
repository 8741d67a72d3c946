import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';

import { TranslatePipe } from '@sdilna/portal/util-i18n';
import { AUTH_PAGES, PORTAL_AREAS } from '@sdilna/shared/util-portal-routes';

import { HealthApi } from './health-api';

/** The start page is for people: what Sdílna is, sign in, sign up; the service state is one line, no internals. */
@Component({
  selector: 'sd-start-page',
  imports: [TranslatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'start.title' | t }}</h1>
    <p class="lead">{{ 'start.lead' | t }}</p>
    <div class="actions">
      <a class="button primary" [routerLink]="loginUrl" data-testid="start-login">{{ 'start.login' | t }}</a>
      <a class="button" [routerLink]="signupUrl" data-testid="start-signup">{{ 'start.signup' | t }}</a>
    </div>
    <p class="hint">{{ 'start.invited' | t }}</p>
    <section aria-labelledby="features-heading">
      <h2 id="features-heading">{{ 'start.features' | t }}</h2>
      <ul class="features">
        <li>{{ 'start.forAdmins' | t }}</li>
        <li>{{ 'start.forMembers' | t }}</li>
        <li>{{ 'start.forMunicipality' | t }}</li>
      </ul>
    </section>
    <p class="status" aria-live="polite">
      {{ 'start.status' | t }}
      <span [class.down]="state() !== 'ok' && state() !== 'checking'" data-testid="service-status">{{
        'start.status.' + state() | t
      }}</span>
    </p>
  `,
  styles: `
    .lead {
      font-size: 1.125rem;
      color: var(--sd-muted);
      max-width: 48rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin: 1.25rem 0 0.5rem;
    }
    .features {
      max-width: 48rem;
      padding-left: 1.25rem;
    }
    .features li {
      margin: 0.375rem 0;
    }
    .status {
      margin-top: 2rem;
      color: var(--sd-muted);
      font-size: 0.9375rem;
    }
    .down {
      color: var(--sd-danger);
      font-weight: 600;
    }
  `,
})
export class StartPage {
  private readonly api = inject(HealthApi);
  protected readonly loginUrl = `/${PORTAL_AREAS.auth}/${AUTH_PAGES.login}`;
  protected readonly signupUrl = `/${PORTAL_AREAS.auth}/${AUTH_PAGES.signup}`;
  protected readonly health = rxResource({ stream: () => this.api.get() });
  protected readonly state = computed(() => {
    if (this.health.isLoading()) return 'checking';
    if (this.health.error()) return 'down';
    const report = this.health.hasValue() ? this.health.value() : undefined;
    return report?.status === 'ok' ? 'ok' : 'degraded';
  });
}
