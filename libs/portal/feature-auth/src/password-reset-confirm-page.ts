import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';

import { Session } from '@sdilna/portal/data-access-auth';
import { ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';
import { AUTH_PAGES, PORTAL_AREAS } from '@sdilna/shared/util-portal-routes';

import { type LinkRefusal, linkRefusalOf } from './link-refusal';

import { PASSWORD_MIN_LENGTH } from './signup-page';

/** The link of a password-reset mail: `/auth/password-reset/confirm?token=…`. */
@Component({
  selector: 'sd-password-reset-confirm-page',
  imports: [ReactiveFormsModule, FORM_FIELD, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>{{ 'auth.resetConfirm.title' | t }}</h1>
      @if (!token()) {
        <p class="field-error" role="alert">{{ 'auth.tokenMissing' | t }}</p>
      } @else if (refusal(); as reason) {
        <p class="field-error" role="alert" data-testid="link-refused">
          {{ 'auth.resetConfirm.refused.' + reason | t }}
        </p>
        <p>{{ 'auth.resetConfirm.refused.forward' | t }}</p>
        <p class="forward">
          <a [routerLink]="resetPath" class="button primary">{{ 'auth.link.requestNew' | t }}</a>
          <a [routerLink]="loginPath">{{ 'auth.login.link' | t }}</a>
        </p>
      } @else if (done()) {
        <p class="notice" role="status">{{ 'auth.resetConfirm.done' | t }}</p>
        <p>
          <a [routerLink]="loginPath">{{ 'auth.login.link' | t }}</a>
        </p>
      } @else {
        <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="submit()" novalidate>
          <sd-field
            for="confirm-password"
            label="auth.newPassword"
            error="form.passwordRule"
            [errorParams]="{ min: minLength }"
          >
            <input sdFieldControl type="password" formControlName="password" autocomplete="new-password" />
          </sd-field>
          <sd-field
            for="confirm-repeat"
            label="auth.repeatPassword"
            error="form.passwordMismatch"
            [invalid]="mismatch()"
          >
            <input sdFieldControl type="password" formControlName="repeat" autocomplete="new-password" />
          </sd-field>
          <sd-api-error [error]="error()" />
          <button type="submit" class="primary" [disabled]="busy()">
            {{ 'auth.resetConfirm.submit' | t }}
          </button>
        </form>
      }
    </div>
  `,
  styles: `
    .forward {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1.5rem;
    }
  `,
})
export class PasswordResetConfirmPage {
  private readonly session = inject(Session);
  readonly token = input<string>();
  protected readonly loginPath = `/${PORTAL_AREAS.auth}/${AUTH_PAGES.login}`;
  protected readonly resetPath = `/${PORTAL_AREAS.auth}/${AUTH_PAGES.passwordReset}`;
  /** Set when the API refuses the link itself (used, expired): the form gives way to a new link. */
  protected readonly refusal = signal<LinkRefusal | undefined>(undefined);
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
    repeat: [''],
  });
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly done = signal(false);
  protected readonly error = signal<unknown>(undefined);

  protected mismatch(): boolean {
    const { password, repeat } = this.form.getRawValue();
    return (this.form.controls.repeat.touched || this.submitted()) && password !== repeat;
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.error.set(undefined);
    const token = this.token();
    if (this.form.invalid || this.mismatch() || !token) return;
    this.busy.set(true);
    try {
      await this.session.confirmPasswordReset(token, this.form.getRawValue().password);
      this.done.set(true);
    } catch (error) {
      const refusal = linkRefusalOf(error, 'RESET_TOKEN_INVALID');
      if (refusal) this.refusal.set(refusal);
      else this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
