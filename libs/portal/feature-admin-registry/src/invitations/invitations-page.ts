import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { tap } from 'rxjs';

import {
  type Invitation,
  type InvitationRole,
  InvitationsApi,
  MembersApi,
} from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, FORM_FIELD, RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-invitations-page',
  imports: [ReactiveFormsModule, FORM_FIELD, TranslatePipe, ApiErrorMessage, LocalDatePipe, RESOURCE_LIST],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.invitations.title' | t }}</h1>
    <p class="lead">{{ 'admin.invitations.lead' | t }}</p>
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="invite()" novalidate class="grid-form">
      <sd-field for="invite-email" label="auth.email" error="form.emailInvalid">
        <input sdFieldControl type="email" formControlName="email" />
      </sd-field>
      <sd-field for="invite-role" label="invitation.role">
        <select sdFieldControl formControlName="role">
          @for (role of roles; track role) {
            <option [value]="role">{{ 'role.' + role | t }}</option>
          }
        </select>
      </sd-field>
      @if (needsMember()) {
        <sd-field for="invite-member" label="point.member" error="form.required" [invalid]="memberMissing()">
          <select sdFieldControl formControlName="memberId">
            <option value="">{{ 'form.choose' | t }}</option>
            @for (member of (members.hasValue() ? members.value() : undefined) ?? []; track member.id) {
              <option [value]="member.id">{{ member.name }}</option>
            }
          </select>
        </sd-field>
      }
      <div class="field submit">
        <button type="submit" class="primary" [disabled]="call.busy()">
          {{ 'admin.invitations.submit' | t }}
        </button>
      </div>
    </form>
    <sd-api-error [error]="call.error()" />
    @if (sent(); as s) {
      <p role="status" class="notice">
        {{
          (s.mailQueued === false ? 'admin.invitations.mailFailed' : 'admin.invitations.sent')
            | t: { email: s.email }
        }}
      </p>
    }
    <sd-resource-list
      [resource]="invitations"
      [emptyHeading]="i18n.t('admin.invitations.emptyTitle')"
      [columns]="['auth.email', 'invitation.role', 'invitation.status', 'invitation.expires']"
      actionsColumn
    >
      <p sdEmpty>{{ 'admin.invitations.emptyText' | t }}</p>
      <ng-template [sdListRows]="invitations" let-list>
        @for (invitation of list; track invitation.id) {
          <tr>
            <th scope="row">{{ invitation.email }}</th>
            <td>{{ 'role.' + invitation.role | t }}</td>
            <td>{{ 'invitationStatus.' + invitation.status | t }}</td>
            <td>{{ invitation.expiresAt | sdDate: 'dateTime' }}</td>
            <td>
              @if (invitation.status === 'pending') {
                <button type="button" class="link" (click)="revoke(invitation)">
                  {{ 'admin.invitations.revoke' | t
                  }}<span class="visually-hidden"> {{ invitation.email }}</span>
                </button>
              }
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
})
export class InvitationsPage {
  private readonly api = inject(InvitationsApi);
  private readonly membersApi = inject(MembersApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly roles: readonly InvitationRole[] = [
    'member',
    'municipality-accountant',
    'community-admin',
  ];

  protected readonly invitations = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly members = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.membersApi.list(params),
  });
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    role: ['member' as InvitationRole],
    memberId: [''],
  });
  private readonly role = signal<InvitationRole>('member');
  protected readonly needsMember = computed(() => this.role() !== 'community-admin');
  protected readonly submitted = signal(false);
  protected readonly call = new ApiCall();
  protected readonly sent = signal<Invitation | undefined>(undefined);

  constructor() {
    this.form.controls.role.valueChanges.subscribe((role) => this.role.set(role));
  }

  protected memberMissing(): boolean {
    return this.submitted() && this.needsMember() && this.form.controls.memberId.value === '';
  }

  protected async invite(): Promise<void> {
    this.submitted.set(true);
    this.call.clear();
    if (this.form.invalid || this.memberMissing()) return;
    const value = this.form.getRawValue();
    const invited = await this.call.run(() =>
      this.api
        .create(this.communityId(), {
          email: value.email.trim(),
          role: value.role,
          ...(value.role !== 'community-admin' ? { memberId: value.memberId } : {}),
        })
        .pipe(tap((invitation) => this.sent.set(invitation))),
    );
    if (invited) {
      this.form.reset({ role: value.role });
      this.submitted.set(false);
      this.invitations.reload();
    }
  }

  protected async revoke(invitation: Invitation): Promise<void> {
    if (await this.call.run(() => this.api.revoke(this.communityId(), invitation.id)))
      this.invitations.reload();
  }
}
