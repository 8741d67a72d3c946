import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-member-layout',
  imports: [RouterLink, RouterLinkActive, RouterOutlet, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="tabs" [attr.aria-label]="'memberNav.label' | t">
      <a routerLink="dashboard" routerLinkActive="active" ariaCurrentWhenActive="page">{{
        'memberNav.dashboard' | t
      }}</a>
      <a routerLink="documents" routerLinkActive="active" ariaCurrentWhenActive="page">{{
        'memberNav.documents' | t
      }}</a>
      <a routerLink="metering-points" routerLinkActive="active" ariaCurrentWhenActive="page">{{
        'memberNav.points' | t
      }}</a>
      <a routerLink="notifications" routerLinkActive="active" ariaCurrentWhenActive="page">{{
        'memberNav.notifications' | t
      }}</a>
      <a routerLink="privacy" routerLinkActive="active" ariaCurrentWhenActive="page">{{
        'memberNav.privacy' | t
      }}</a>
      <a routerLink="profile" routerLinkActive="active" ariaCurrentWhenActive="page">{{
        'memberNav.profile' | t
      }}</a>
    </nav>
    <router-outlet />
  `,
})
export class MemberLayout {}
