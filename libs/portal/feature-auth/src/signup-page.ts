import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { type CommunityType, Session } from '@sdilna/portal/data-access-auth';
import { ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';
import { COMMUNITY_TYPES } from '@sdilna/shared/util-api-contract';

export const PASSWORD_MIN_LENGTH = 10;

@Component({
  selector: 'sd-signup-page',
  imports: [ReactiveFormsModule, FORM_FIELD, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>{{ 'auth.signup.title' | t }}</h1>
      <p class="lead">{{ 'auth.signup.lead' | t }}</p>
      <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="submit()" novalidate>
        <fieldset>
          <legend>{{ 'auth.signup.community' | t }}</legend>
          <sd-field for="signup-community" label="auth.signup.communityName" error="form.required">
            <input sdFieldControl formControlName="communityName" autocomplete="organization" />
          </sd-field>
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
          <sd-field for="signup-name" label="auth.name" error="form.required">
            <input sdFieldControl formControlName="name" autocomplete="name" />
          </sd-field>
          <sd-field for="signup-email" label="auth.email" error="form.emailInvalid">
            <input sdFieldControl type="email" formControlName="email" autocomplete="email" />
          </sd-field>
          <sd-field
            for="signup-password"
            label="auth.password"
            hint="form.passwordRule"
            [hintParams]="{ min: minLength }"
            error="form.passwordRule"
            [errorParams]="{ min: minLength }"
          >
            <input sdFieldControl type="password" formControlName="password" autocomplete="new-password" />
          </sd-field>
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
