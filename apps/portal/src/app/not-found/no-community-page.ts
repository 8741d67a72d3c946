import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

import { TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-no-community-page',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'noCommunity.title' | t }}</h1>
    <p>{{ 'noCommunity.text' | t }}</p>
    <p>
      <a routerLink="/auth/signup">{{ 'auth.signup.link' | t }}</a>
    </p>
  `,
})
export class NoCommunityPage {}
