import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import { Session } from '@sdilna/portal/data-access-auth';
import { ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';
import { AUTH_PAGES, PORTAL_AREAS } from '@sdilna/shared/util-portal-routes';

import { type LinkRefusal, linkRefusalOf } from './link-refusal';

/** The link of an invitation mail: `/auth/invitation?token=…`. New users choose a name and a password. */
@Component({
  selector: 'sd-invitation-page',
  imports: [ReactiveFormsModule, FORM_FIELD, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>{{ 'auth.invitation.title' | t }}</h1>
      @if (!token()) {
        <p class="field-error" role="alert">{{ 'auth.tokenMissing' | t }}</p>
      } @else if (refusal(); as reason) {
        <p class="field-error" role="alert" data-testid="link-refused">
          {{ 'auth.invitation.refused.' + reason | t }}
        </p>
        <p>{{ 'auth.invitation.refused.forward' | t }}</p>
        <p class="forward">
          <a [routerLink]="loginPath">{{ 'auth.login.link' | t }}</a>
          <a [routerLink]="resetPath">{{ 'auth.login.forgot' | t }}</a>
        </p>
      } @else {
        <p class="lead">{{ 'auth.invitation.lead' | t }}</p>
        <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="submit()" novalidate>
          <sd-field for="invite-name" label="auth.name" hint="auth.invitation.nameHint">
            <input sdFieldControl formControlName="name" autocomplete="name" />
          </sd-field>
          <sd-field for="invite-password" label="auth.password" error="form.required">
            <input sdFieldControl type="password" formControlName="password" autocomplete="new-password" />
          </sd-field>
          <sd-api-error [error]="error()" />
          <button type="submit" class="primary" [disabled]="busy()">
            {{ 'auth.invitation.submit' | t }}
          </button>
        </form>
      }
    </div>
  `,
  styles: `
    .forward {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
    }
  `,
})
export class InvitationPage {
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  readonly token = input<string>();
  protected readonly loginPath = `/${PORTAL_AREAS.auth}/${AUTH_PAGES.login}`;
  protected readonly resetPath = `/${PORTAL_AREAS.auth}/${AUTH_PAGES.passwordReset}`;
  /** Set when the API refuses the link itself: the form gives way to what happened and what to do. */
  protected readonly refusal = signal<LinkRefusal | undefined>(undefined);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [''],
    password: ['', Validators.required],
  });
  protected readonly submitted = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    this.error.set(undefined);
    const token = this.token();
    if (this.form.invalid || !token) return;
    this.busy.set(true);
    try {
      const { name, password } = this.form.getRawValue();
      const me = await this.session.acceptInvitation({
        token,
        password,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      await this.router.navigateByUrl(this.session.homeUrl(me));
    } catch (error) {
      const refusal = linkRefusalOf(error, 'INVITATION_INVALID');
      if (refusal) this.refusal.set(refusal);
      else this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
