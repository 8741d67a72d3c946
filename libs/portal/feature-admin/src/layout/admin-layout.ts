import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { CommunitiesApi } from '@sdilna/portal/data-access-community';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

const LINKS: readonly { readonly path: string; readonly key: string }[] = [
  { path: 'dashboard', key: 'admin.nav.dashboard' },
  { path: 'notifications', key: 'admin.nav.notifications' },
  { path: 'members', key: 'admin.nav.members' },
  { path: 'metering-points', key: 'admin.nav.points' },
  { path: 'sources', key: 'admin.nav.sources' },
  { path: 'sharing-groups', key: 'admin.nav.groups' },
  { path: 'invitations', key: 'admin.nav.invitations' },
  { path: 'join-requests', key: 'admin.nav.joinRequests' },
  { path: 'allocation-key', key: 'admin.nav.key' },
  { path: 'key-advice', key: 'advice.title' },
  { path: 'imports', key: 'admin.nav.imports' },
  { path: 'edc-connector', key: 'admin.nav.edcConnector' },
  { path: 'completeness', key: 'admin.nav.completeness' },
  { path: 'discrepancies', key: 'admin.nav.discrepancies' },
  { path: 'price-lists', key: 'prices.title' },
  { path: 'price-bands', key: 'admin.nav.bands' },
  { path: 'settlements', key: 'admin.nav.settlements' },
  { path: 'settlement-settings', key: 'admin.nav.settlementSettings' },
  { path: 'exports', key: 'admin.nav.exports' },
  { path: 'documents', key: 'admin.nav.documents' },
  { path: 'payments', key: 'admin.nav.payments' },
  { path: 'bank-statements', key: 'admin.nav.bankStatements' },
  { path: 'payouts', key: 'admin.nav.payouts' },
  { path: 'billing', key: 'admin.nav.billing' },
  { path: 'audit-log', key: 'admin.nav.audit' },
];

@Component({
  selector: 'sd-admin-layout',
  imports: [RouterLink, RouterLinkActive, RouterOutlet, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="layout">
      <nav class="side" [attr.aria-label]="'admin.nav.label' | t">
        <div class="side-head">
          <p class="community" data-testid="community-name">
            {{ (community.hasValue() ? community.value() : undefined)?.name ?? '…' }}
          </p>
          <button
            type="button"
            class="menu-toggle"
            aria-controls="admin-menu"
            [attr.aria-expanded]="open()"
            (click)="open.set(!open())"
            data-testid="admin-menu-toggle"
          >
            <span aria-hidden="true">☰</span> {{ 'admin.nav.menu' | t }}
          </button>
        </div>
        <ul id="admin-menu" [class.open]="open()" data-testid="admin-menu">
          @for (link of links; track link.path) {
            <li>
              <a
                [routerLink]="link.path"
                routerLinkActive="active"
                ariaCurrentWhenActive="page"
                (click)="open.set(false)"
                >{{ link.key | t }}</a
              >
            </li>
          }
        </ul>
      </nav>
      <div class="content">
        <router-outlet />
      </div>
    </div>
  `,
  styles: `
    .layout {
      display: grid;
      grid-template-columns: 13rem minmax(0, 1fr);
      gap: 1.5rem;
    }
    .side ul {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    .side a {
      display: block;
      padding: 0.375rem 0.5rem;
      border-radius: 0.25rem;
      text-decoration: none;
    }
    .side a.active {
      background: var(--sd-green);
      color: #fff;
    }
    .community {
      font-weight: 700;
      margin-top: 0;
    }
    .content {
      min-width: 0;
    }
    /* the routed page's host: a block as wide as the column, so its tables scroll inside it */
    .content > :not(router-outlet) {
      display: block;
      min-width: 0;
      max-width: 100%;
    }
    .menu-toggle {
      display: none;
    }
    /* On a phone the menu is one bar (community and a Menu button); the links open below it on demand. */
    @media (max-width: 48rem) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
        gap: 0.75rem;
      }
      .side {
        border-bottom: 1px solid #d0d7de;
        padding-bottom: 0.5rem;
      }
      .side-head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
      }
      .community {
        margin: 0;
      }
      .menu-toggle {
        display: inline-flex;
        gap: 0.375rem;
        align-items: center;
        min-height: 2.75rem;
        padding: 0 0.875rem;
      }
      .side ul {
        display: none;
      }
      .side ul.open {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
        gap: 0.25rem;
        margin-top: 0.5rem;
      }
      .side a {
        padding: 0.625rem 0.5rem;
      }
    }
  `,
})
export class AdminLayout {
  private readonly communities = inject(CommunitiesApi);
  readonly communityId = input.required<string>();
  protected readonly links = LINKS;
  /** The phone menu's state; on a wide screen the links are always shown. */
  protected readonly open = signal(false);
  protected readonly community = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.communities.get(params),
  });
}
