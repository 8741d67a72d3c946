import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type Observable, of } from 'rxjs';

import {
  MEMBER_KINDS,
  type MemberInput,
  type MemberKind,
  MembersApi,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

const ICO = /^\d{8}$/;

/** `members/new` creates, `members/:memberId` edits (and deletes) a member. */
@Component({
  selector: 'sd-member-form-page',
  imports: [ReactiveFormsModule, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← {{ 'admin.members.title' | t }}</a>
    </p>
    <h1>{{ (isNew() ? 'admin.members.new' : 'admin.members.edit') | t }}</h1>
    <sd-api-error [error]="existing.error()" />
    <form [formGroup]="form" (ngSubmit)="save()" novalidate class="narrow">
      <div class="field">
        <label for="member-name">{{ 'member.name' | t }}</label>
        <input
          id="member-name"
          formControlName="name"
          [attr.aria-invalid]="invalid('name')"
          aria-describedby="member-name-error"
        />
        @if (invalid('name')) {
          <p class="field-error" id="member-name-error">{{ 'form.required' | t }}</p>
        }
      </div>
      <div class="field">
        <label for="member-kind">{{ 'member.kind' | t }}</label>
        <select id="member-kind" formControlName="kind">
          @for (kind of kinds; track kind) {
            <option [value]="kind">{{ 'memberKind.' + kind | t }}</option>
          }
        </select>
      </div>
      <div class="field">
        <label for="member-email">{{ 'auth.email' | t }} ({{ 'form.optional' | t }})</label>
        <input
          id="member-email"
          type="email"
          formControlName="email"
          [attr.aria-invalid]="invalid('email')"
          aria-describedby="member-email-error"
        />
        @if (invalid('email')) {
          <p class="field-error" id="member-email-error">{{ 'form.emailInvalid' | t }}</p>
        }
      </div>
      <div class="field">
        <label for="member-ico">{{ 'member.ico' | t }} ({{ 'form.optional' | t }})</label>
        <input
          id="member-ico"
          formControlName="ico"
          inputmode="numeric"
          [attr.aria-invalid]="invalid('ico')"
          aria-describedby="member-ico-error"
        />
        @if (invalid('ico')) {
          <p class="field-error" id="member-ico-error">{{ 'form.icoInvalid' | t }}</p>
        }
      </div>
      <sd-api-error [error]="call.error()" />
      <div class="actions">
        <button type="submit" class="primary" [disabled]="call.busy()">{{ 'common.save' | t }}</button>
        @if (!isNew()) {
          <button type="button" class="danger" (click)="remove()" [disabled]="call.busy()">
            {{ 'common.delete' | t }}
          </button>
        }
      </div>
    </form>
  `,
})
export class MemberFormPage {
  private readonly api = inject(MembersApi);
  private readonly router = inject(Router);
  readonly communityId = input.required<string>();
  readonly memberId = input.required<string>();
  protected readonly kinds = MEMBER_KINDS;
  protected readonly isNew = computed(() => this.memberId() === 'new');

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    kind: ['household' as MemberKind],
    email: ['', Validators.email],
    ico: ['', Validators.pattern(ICO)],
  });
  protected readonly existing = rxResource({
    params: () => ({ communityId: this.communityId(), memberId: this.memberId() }),
    stream: ({ params }) =>
      params.memberId === 'new' ? of(undefined) : this.api.get(params.communityId, params.memberId),
  });
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();

  constructor() {
    effect(() => {
      const member = this.existing.hasValue() ? this.existing.value() : undefined;
      if (member) {
        this.form.setValue({
          name: member.name,
          kind: member.kind,
          email: member.email ?? '',
          ico: member.ico ?? '',
        });
      }
    });
  }

  protected invalid(name: keyof typeof this.form.controls): boolean {
    const control = this.form.controls[name];
    return control.invalid && (control.touched || this.submitted());
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    const input: MemberInput = {
      name: value.name.trim(),
      kind: value.kind,
      ...(value.email.trim() ? { email: value.email.trim() } : {}),
      ...(value.ico.trim() ? { ico: value.ico.trim() } : {}),
    };
    await this.runThenList(() =>
      this.isNew()
        ? this.api.create(this.communityId(), input)
        : this.api.update(this.communityId(), this.memberId(), input),
    );
  }

  protected async remove(): Promise<void> {
    await this.runThenList(() => this.api.remove(this.communityId(), this.memberId()));
  }

  private async runThenList(request: () => Observable<unknown>): Promise<void> {
    if (await this.call.run(request)) await this.router.navigate(['/admin', this.communityId(), 'members']);
  }
}
