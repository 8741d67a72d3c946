import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { Session } from '@sdilna/portal/data-access-auth';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-login-page',
  imports: [ReactiveFormsModule, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>{{ 'auth.login.title' | t }}</h1>
      @if (expired()) {
        <p class="notice" role="status">{{ 'auth.login.expired' | t }}</p>
      }
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <div class="field">
          <label for="login-email">{{ 'auth.email' | t }}</label>
          <input
            id="login-email"
            type="email"
            formControlName="email"
            autocomplete="username"
            [attr.aria-invalid]="invalid('email')"
            aria-describedby="login-email-error"
          />
          @if (invalid('email')) {
            <p class="field-error" id="login-email-error">{{ 'form.emailInvalid' | t }}</p>
          }
        </div>
        <div class="field">
          <label for="login-password">{{ 'auth.password' | t }}</label>
          <input
            id="login-password"
            type="password"
            formControlName="password"
            autocomplete="current-password"
            [attr.aria-invalid]="invalid('password')"
            aria-describedby="login-password-error"
          />
          @if (invalid('password')) {
            <p class="field-error" id="login-password-error">{{ 'form.required' | t }}</p>
          }
        </div>
        <sd-api-error [error]="error()" />
        <button type="submit" class="primary" [disabled]="busy()">{{ 'auth.login.submit' | t }}</button>
      </form>
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
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);

  protected invalid(name: 'email' | 'password'): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.error.set(undefined);
    if (this.form.invalid) return;
    this.busy.set(true);
    try {
      const { email, password } = this.form.getRawValue();
      const me = await this.session.login(email.trim(), password);
      const back = this.returnUrl();
      await this.router.navigateByUrl(back?.startsWith('/') ? back : this.session.homeUrl(me));
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
