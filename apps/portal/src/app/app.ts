import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';

@Component({
  selector: 'sd-root',
  imports: [RouterOutlet, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="bar">
      <a routerLink="/" class="brand" aria-label="Sdílna, úvod">
        <img src="favicon.svg" alt="" width="28" height="28" />
        <span>Sdílna</span>
      </a>
    </header>
    <main id="main">
      <router-outlet />
    </main>
  `,
  styles: `
    .bar {
      display: flex;
      align-items: center;
      padding: 0.75rem 1.25rem;
      background: var(--sd-green);
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
    main {
      max-width: 72rem;
      margin: 0 auto;
      padding: 1.5rem 1.25rem;
    }
  `,
})
export class App {}
