import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';

import { Session } from '@sdilna/portal/data-access-auth';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-not-found-page',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 data-testid="not-found">{{ 'notFound.title' | t }}</h1>
    <p>{{ 'notFound.text' | t }}</p>
    <p>
      <a [routerLink]="home()">{{ 'notFound.home' | t }}</a>
    </p>
  `,
})
export class NotFoundPage {
  private readonly session = inject(Session);
  protected home(): string {
    return this.session.signedIn() ? this.session.homeUrl() : '/';
  }
}
