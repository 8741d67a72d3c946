import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { type Me, Session } from '@sdilna/portal/data-access-auth';
import { ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-login-page',
  imports: [ReactiveFormsModule, FORM_FIELD, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>{{ 'auth.login.title' | t }}</h1>
      @if (expired()) {
        <p class="notice" role="status">{{ 'auth.login.expired' | t }}</p>
      }
      @if (challenge(); as challengeToken) {
        <form
          [formGroup]="second"
          [sdSubmitted]="secondSubmitted()"
          (ngSubmit)="submitCode(challengeToken)"
          novalidate
          data-testid="two-factor-form"
        >
          <p>{{ (useRecovery() ? 'auth.twoFactor.recoveryLead' : 'auth.twoFactor.codeLead') | t }}</p>
          <sd-field
            for="login-code"
            [label]="useRecovery() ? 'auth.twoFactor.recoveryCode' : 'auth.twoFactor.code'"
            error="form.required"
          >
            <input
              sdFieldControl
              type="text"
              formControlName="code"
              [attr.inputmode]="useRecovery() ? 'text' : 'numeric'"
              autocomplete="one-time-code"
            />
          </sd-field>
          <sd-api-error [error]="error()" />
          <button type="submit" class="primary" [disabled]="busy()">{{ 'auth.twoFactor.verify' | t }}</button>
          <button type="button" class="link" (click)="useRecovery.set(!useRecovery())">
            {{ (useRecovery() ? 'auth.twoFactor.useCode' : 'auth.twoFactor.useRecovery') | t }}
          </button>
        </form>
      } @else {
        <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="submit()" novalidate>
          <sd-field for="login-email" label="auth.email" error="form.emailInvalid">
            <input sdFieldControl type="email" formControlName="email" autocomplete="username" />
          </sd-field>
          <sd-field for="login-password" label="auth.password" error="form.required">
            <input
              sdFieldControl
              type="password"
              formControlName="password"
              autocomplete="current-password"
            />
          </sd-field>
          <sd-api-error [error]="error()" />
          <button type="submit" class="primary" [disabled]="busy()">{{ 'auth.login.submit' | t }}</button>
        </form>
      }
      <p>
        <a routerLink="/auth/password-reset">{{ 'auth.login.forgot' | t }}</a>
      </p>
      <p>
        {{ 'auth.login.noAccount' | t }} <a routerLink="/auth/signup">{{ 'auth.signup.link' | t }}</a>
      </p>
    </div>
  `,
})
export class LoginPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly second = inject(NonNullableFormBuilder).group({ code: ['', Validators.required] });
  /** the challenge of an account with two-factor sign-in, after a right password */
  protected readonly challenge = signal<string | undefined>(undefined);
  protected readonly useRecovery = signal(false);
  protected readonly secondSubmitted = signal(false);
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.error.set(undefined);
    if (this.form.invalid) return;
    this.busy.set(true);
    try {
      const { email, password } = this.form.getRawValue();
      const answer = await this.session.login(email.trim(), password);
      if (answer !== undefined && 'challengeToken' in answer) {
        this.challenge.set(answer.challengeToken);
        return;
      }
      await this.goOn(answer);
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected async submitCode(challengeToken: string): Promise<void> {
    this.secondSubmitted.set(true);
    this.error.set(undefined);
    if (this.second.invalid) return;
    this.busy.set(true);
    try {
      const code = this.second.getRawValue().code.replace(/\s+/g, '');
      const me = await this.session.completeTwoFactor(
        challengeToken,
        this.useRecovery() ? { recoveryCode: code } : { code },
      );
      await this.goOn(me);
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }

  private async goOn(me: Me | undefined): Promise<void> {
    const back = this.returnUrl();
    const home = this.session.homeUrl(me);
    await this.router.navigateByUrl(back?.startsWith('/') && me?.twoFactorRequired !== true ? back : home);
  }
}
