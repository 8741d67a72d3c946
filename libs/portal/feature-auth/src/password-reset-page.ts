import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';

import { Session } from '@sdilna/portal/data-access-auth';
import { ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-password-reset-page',
  imports: [ReactiveFormsModule, FORM_FIELD, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>{{ 'auth.reset.title' | t }}</h1>
      @if (sent()) {
        <p class="notice" role="status">{{ 'auth.reset.sent' | t }}</p>
      } @else {
        <p class="lead">{{ 'auth.reset.lead' | t }}</p>
        <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="submit()" novalidate>
          <sd-field for="reset-email" label="auth.email" error="form.emailInvalid">
            <input sdFieldControl type="email" formControlName="email" autocomplete="email" />
          </sd-field>
          <sd-api-error [error]="error()" />
          <button type="submit" class="primary" [disabled]="busy()">{{ 'auth.reset.submit' | t }}</button>
        </form>
      }
      <p>
        <a routerLink="/auth/login">{{ 'auth.login.link' | t }}</a>
      </p>
    </div>
  `,
})
export class PasswordResetPage {
  private readonly session = inject(Session);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
  });
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly sent = signal(false);
  protected readonly error = signal<unknown>(undefined);

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.error.set(undefined);
    if (this.form.invalid) return;
    this.busy.set(true);
    try {
      await this.session.requestPasswordReset(this.form.getRawValue().email.trim());
      this.sent.set(true);
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
