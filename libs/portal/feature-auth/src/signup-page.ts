import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { type CommunityType, Session } from '@sdilna/portal/data-access-auth';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';
import { COMMUNITY_TYPES } from '@sdilna/shared/util-api-contract';

export const PASSWORD_MIN_LENGTH = 10;

@Component({
  selector: 'sd-signup-page',
  imports: [ReactiveFormsModule, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>{{ 'auth.signup.title' | t }}</h1>
      <p class="lead">{{ 'auth.signup.lead' | t }}</p>
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <fieldset>
          <legend>{{ 'auth.signup.community' | t }}</legend>
          <div class="field">
            <label for="signup-community">{{ 'auth.signup.communityName' | t }}</label>
            <input
              id="signup-community"
              formControlName="communityName"
              autocomplete="organization"
              [attr.aria-invalid]="invalid('communityName')"
              aria-describedby="signup-community-error"
            />
            @if (invalid('communityName')) {
              <p class="field-error" id="signup-community-error">{{ 'form.required' | t }}</p>
            }
          </div>
          <fieldset class="choices">
            <legend>{{ 'auth.signup.communityType' | t }}</legend>
            @for (type of types; track type) {
              <label class="choice">
                <input type="radio" formControlName="communityType" [value]="type" />
                <span>
                  <strong>{{ 'communityType.' + type | t }}</strong>
                  <small>{{ 'communityType.' + type + '.hint' | t }}</small>
                </span>
              </label>
            }
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>{{ 'auth.signup.you' | t }}</legend>
          <div class="field">
            <label for="signup-name">{{ 'auth.name' | t }}</label>
            <input
              id="signup-name"
              formControlName="name"
              autocomplete="name"
              [attr.aria-invalid]="invalid('name')"
              aria-describedby="signup-name-error"
            />
            @if (invalid('name')) {
              <p class="field-error" id="signup-name-error">{{ 'form.required' | t }}</p>
            }
          </div>
          <div class="field">
            <label for="signup-email">{{ 'auth.email' | t }}</label>
            <input
              id="signup-email"
              type="email"
              formControlName="email"
              autocomplete="email"
              [attr.aria-invalid]="invalid('email')"
              aria-describedby="signup-email-error"
            />
            @if (invalid('email')) {
              <p class="field-error" id="signup-email-error">{{ 'form.emailInvalid' | t }}</p>
            }
          </div>
          <div class="field">
            <label for="signup-password">{{ 'auth.password' | t }}</label>
            <input
              id="signup-password"
              type="password"
              formControlName="password"
              autocomplete="new-password"
              [attr.aria-invalid]="invalid('password')"
              aria-describedby="signup-password-hint signup-password-error"
            />
            <p class="hint" id="signup-password-hint">{{ 'form.passwordRule' | t: { min: minLength } }}</p>
            @if (invalid('password')) {
              <p class="field-error" id="signup-password-error">
                {{ 'form.passwordRule' | t: { min: minLength } }}
              </p>
            }
          </div>
        </fieldset>
        <sd-api-error [error]="error()" />
        <button type="submit" class="primary" [disabled]="busy()">{{ 'auth.signup.submit' | t }}</button>
      </form>
      <p>
        {{ 'auth.signup.haveAccount' | t }} <a routerLink="/auth/login">{{ 'auth.login.link' | t }}</a>
      </p>
    </div>
  `,
})
export class SignupPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly types: readonly CommunityType[] = COMMUNITY_TYPES;

  protected readonly form = inject(NonNullableFormBuilder).group({
    communityName: ['', [Validators.required, Validators.maxLength(200)]],
    communityType: ['active-customer' as CommunityType, Validators.required],
    name: ['', [Validators.required, Validators.maxLength(200)]],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);

  protected invalid(name: keyof typeof this.form.controls): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.error.set(undefined);
    if (this.form.invalid) return;
    this.busy.set(true);
    try {
      const value = this.form.getRawValue();
      const { communityId } = await this.session.signup({
        email: value.email.trim(),
        password: value.password,
        name: value.name.trim(),
        community: { name: value.communityName.trim(), type: value.communityType },
      });
      await this.router.navigate(['/admin', communityId]);
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
