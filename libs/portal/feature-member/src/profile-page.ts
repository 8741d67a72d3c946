import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';

import { Session } from '@sdilna/portal/data-access-auth';
import { ApiCall, ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { I18n, LANGUAGES, TranslatePipe } from '@sdilna/portal/util-i18n';

/** Who is signed in, the language, and a password change through the mailed link (the API's only way). */
@Component({
  selector: 'sd-profile-page',
  imports: [TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'profile.title' | t }}</h1>
    @if (session.me(); as me) {
      <dl>
        <dt>{{ 'auth.name' | t }}</dt>
        <dd>{{ me.user.name }}</dd>
        <dt>{{ 'auth.email' | t }}</dt>
        <dd>{{ me.user.email }}</dd>
      </dl>
      <fieldset>
        <legend>{{ 'shell.language' | t }}</legend>
        @for (language of languages; track language) {
          <label class="choice-inline">
            <input
              type="radio"
              name="language"
              [checked]="i18n.language() === language"
              (change)="i18n.use(language)"
            />
            {{ 'language.' + language | t }}
          </label>
        }
      </fieldset>
      <h2>{{ 'profile.password' | t }}</h2>
      <p>{{ 'profile.passwordHelp' | t }}</p>
      @if (sent()) {
        <p class="notice" role="status">{{ 'auth.reset.sent' | t }}</p>
      } @else {
        <button type="button" (click)="sendLink(me.user.email)" [disabled]="call.busy()">
          {{ 'profile.passwordSubmit' | t }}
        </button>
      }
      <sd-api-error [error]="call.error()" />
    }
  `,
})
export class ProfilePage {
  protected readonly session = inject(Session);
  protected readonly i18n = inject(I18n);
  protected readonly languages = LANGUAGES;
  protected readonly call = new ApiCall();
  protected readonly sent = signal(false);

  protected async sendLink(email: string): Promise<void> {
    if (await this.call.run(() => this.session.requestPasswordReset(email))) this.sent.set(true);
  }
}
