import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { Session } from '@sdilna/portal/data-access-auth';
import { I18n, LANGUAGES, TranslatePipe } from '@sdilna/portal/util-i18n';

interface AreaLink {
  readonly url: string;
  readonly key: string;
}

@Component({
  selector: 'sd-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip" href="#main">{{ 'shell.skip' | t }}</a>
    <header class="bar">
      <a routerLink="/" class="brand" [attr.aria-label]="'shell.home' | t">
        <img src="favicon.svg" alt="" width="28" height="28" />
        <span>Sdílna</span>
      </a>
      @if (areas().length > 0) {
        <nav class="areas" [attr.aria-label]="'shell.areas' | t">
          @for (area of areas(); track area.url) {
            <a [routerLink]="area.url" routerLinkActive="active" ariaCurrentWhenActive="page">{{
              area.key | t
            }}</a>
          }
        </nav>
      }
      <div class="tools">
        <div class="languages" role="group" [attr.aria-label]="'shell.language' | t">
          @for (language of languages; track language) {
            <button
              type="button"
              [attr.aria-pressed]="i18n.language() === language"
              (click)="i18n.use(language)"
              [attr.lang]="language"
            >
              {{ language.toUpperCase() }}
            </button>
          }
        </div>
        @if (session.me(); as me) {
          <span class="user" data-testid="user-name">{{ me.user.name }}</span>
          <a routerLink="/auth/security" class="security">{{ 'shell.security' | t }}</a>
          <button type="button" class="logout" (click)="logout()">{{ 'shell.logout' | t }}</button>
        } @else {
          <a routerLink="/auth/login" class="login">{{ 'auth.login.link' | t }}</a>
        }
      </div>
    </header>
    <main id="main" tabindex="-1">
      <router-outlet />
    </main>
  `,
  styles: `
    .skip {
      position: absolute;
      left: -999px;
    }
    .skip:focus {
      left: 0.5rem;
      top: 0.5rem;
      background: #fff;
      padding: 0.5rem;
      z-index: 10;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: center;
      padding: 0.75rem 1.25rem;
      background: var(--sd-green);
      color: #fff;
    }
    .brand {
      display: inline-flex;
      gap: 0.5rem;
      align-items: center;
      color: #fff;
      text-decoration: none;
      font-weight: 700;
      font-size: 1.25rem;
    }
    .areas {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
    }
    .areas a {
      color: #fff;
      padding: 0.25rem 0.5rem;
      border-radius: 0.25rem;
      text-decoration: none;
    }
    .areas a.active {
      background: var(--sd-green-dark);
      text-decoration: underline;
    }
    .tools {
      margin-left: auto;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
    .languages button,
    .logout {
      background: transparent;
      color: #fff;
      border: 1px solid #fff;
      border-radius: 0.25rem;
      padding: 0.25rem 0.5rem;
      cursor: pointer;
      font: inherit;
    }
    .languages button[aria-pressed='true'] {
      background: #fff;
      color: var(--sd-green-dark);
      font-weight: 700;
    }
    .login {
      color: #fff;
    }
    main {
      max-width: 72rem;
      margin: 0 auto;
      padding: 1.5rem 1.25rem;
    }
    main:focus {
      outline: none;
    }
  `,
})
export class App {
  protected readonly session = inject(Session);
  protected readonly i18n = inject(I18n);
  protected readonly languages = LANGUAGES;

  /** One link per role the user holds: administration, own member page, municipal recharges. */
  protected readonly areas = computed<AreaLink[]>(() =>
    this.session.memberships().flatMap((m): AreaLink[] => {
      switch (m.role) {
        case 'community-admin':
          return [{ url: `/admin/${m.communityId}`, key: 'shell.area.admin' }];
        case 'member':
          return m.memberId
            ? [{ url: `/member/${m.communityId}/${m.memberId}`, key: 'shell.area.member' }]
            : [];
        case 'municipality-accountant':
          return m.memberId
            ? [{ url: `/municipality/${m.communityId}/${m.memberId}`, key: 'shell.area.municipality' }]
            : [];
      }
    }),
  );

  constructor() {
    // A reload with stored tokens shows the user and their areas without waiting for a guard.
    void this.session.ensureMe();
  }

  protected logout(): void {
    void this.session.logout();
  }
}
