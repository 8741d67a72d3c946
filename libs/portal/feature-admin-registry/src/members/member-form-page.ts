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
import { ApiCall, ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

const ICO = /^\d{8}$/;

/** `members/new` creates, `members/:memberId` edits (and deletes) a member. */
@Component({
  selector: 'sd-member-form-page',
  imports: [ReactiveFormsModule, FORM_FIELD, RouterLink, TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p>
      <a routerLink="..">← {{ 'admin.members.title' | t }}</a>
    </p>
    <h1>{{ (isNew() ? 'admin.members.new' : 'admin.members.edit') | t }}</h1>
    <sd-api-error [error]="existing.error()" />
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="save()" novalidate class="narrow">
      <sd-field for="member-name" label="member.name" error="form.required">
        <input sdFieldControl formControlName="name" />
      </sd-field>
      <sd-field for="member-kind" label="member.kind">
        <select sdFieldControl formControlName="kind">
          @for (kind of kinds; track kind) {
            <option [value]="kind">{{ 'memberKind.' + kind | t }}</option>
          }
        </select>
      </sd-field>
      <sd-field for="member-email" label="auth.email" optional error="form.emailInvalid">
        <input sdFieldControl type="email" formControlName="email" />
      </sd-field>
      <sd-field for="member-ico" label="member.ico" optional error="form.icoInvalid">
        <input sdFieldControl formControlName="ico" inputmode="numeric" />
      </sd-field>
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
