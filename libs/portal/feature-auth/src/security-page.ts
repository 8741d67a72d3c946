import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, type OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { firstValueFrom } from 'rxjs';

import { Session, type SessionInfo, type TwoFactorEnrollment } from '@sdilna/portal/data-access-auth';
import { ApiErrorMessage, FORM_FIELD } from '@sdilna/portal/ui-kit';
import { LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

interface AdministeredCommunity {
  readonly id: string;
  readonly name: string;
  readonly required: boolean;
}

/**
 * The account's security: two-factor sign-in (enrol an authenticator app, recovery codes), the live sessions
 * (end any of them) and, for administrators, the communities' rule that administrators and accountants use a
 * second factor.
 */
@Component({
  selector: 'sd-security-page',
  imports: [ReactiveFormsModule, FORM_FIELD, TranslatePipe, LocalDatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // A browser's identification has long unbroken words ("HeadlessChrome/156.0.0.0"): let them break, so the
  // sessions table fits a phone and the narrow column instead of hiding its sign-out buttons sideways.
  styles: `
    .client {
      overflow-wrap: anywhere;
    }
  `,
  template: `
    <div class="narrow">
      <h1>{{ 'security.title' | t }}</h1>
      @if (session.me()?.twoFactorRequired) {
        <p class="notice" role="alert" data-testid="two-factor-required">{{ 'security.required' | t }}</p>
      }

      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{{ 'security.twoFactor.title' | t }}</h2>
        @if (recoveryCodes(); as codes) {
          <p class="notice" role="status">{{ 'security.recovery.lead' | t }}</p>
          <ul class="recovery-codes" data-testid="recovery-codes">
            @for (code of codes; track code) {
              <li>
                <code>{{ code }}</code>
              </li>
            }
          </ul>
        }
        @if (enabled()) {
          <p data-testid="two-factor-on">{{ 'security.twoFactor.on' | t }}</p>
          <form [formGroup]="regenerate" (ngSubmit)="newRecoveryCodes()" novalidate>
            <sd-field for="regenerate-code" label="auth.twoFactor.code">
              <input
                sdFieldControl
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                formControlName="code"
              />
            </sd-field>
            <button type="submit" [disabled]="busy()">{{ 'security.recovery.regenerate' | t }}</button>
          </form>
          <details class="disable-two-factor" data-testid="two-factor-disable">
            <summary>{{ 'security.disable.title' | t }}</summary>
            <p>{{ 'security.disable.lead' | t }}</p>
            <form [formGroup]="disableForm" (ngSubmit)="disable()" novalidate>
              <sd-field for="disable-password" label="security.disable.password">
                <input
                  sdFieldControl
                  type="password"
                  autocomplete="current-password"
                  formControlName="password"
                />
              </sd-field>
              <sd-field for="disable-code" label="security.disable.code" hint="security.disable.codeHint">
                <input sdFieldControl type="text" autocomplete="one-time-code" formControlName="code" />
              </sd-field>
              <button type="submit" class="danger" [disabled]="busy()">
                {{ 'security.disable.submit' | t }}
              </button>
              <sd-api-error [error]="disableError()" />
            </form>
          </details>
        } @else if (enrollment(); as started) {
          <p>{{ 'security.twoFactor.scan' | t }}</p>
          <img [src]="started.qrCode" width="220" height="220" [alt]="'security.twoFactor.qrAlt' | t" />
          <p>
            {{ 'security.twoFactor.secret' | t }}
            <code data-testid="two-factor-secret">{{ started.secret }}</code>
          </p>
          <form [formGroup]="confirmForm" (ngSubmit)="confirm()" novalidate>
            <sd-field for="confirm-code" label="auth.twoFactor.code">
              <input
                sdFieldControl
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                formControlName="code"
              />
            </sd-field>
            <button type="submit" class="primary" [disabled]="busy()">
              {{ 'security.twoFactor.confirm' | t }}
            </button>
          </form>
        } @else {
          @if (turnedOff()) {
            <p class="notice" role="status" data-testid="two-factor-turned-off">
              {{ 'security.disable.done' | t }}
            </p>
          }
          <p>{{ 'security.twoFactor.off' | t }}</p>
          <button type="button" class="primary" (click)="enroll()" [disabled]="busy()">
            {{ 'security.twoFactor.enroll' | t }}
          </button>
        }
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{{ 'security.sessions.title' | t }}</h2>
        <div class="table-wrap">
          <table data-testid="sessions">
            <thead>
              <tr>
                <th scope="col">{{ 'security.sessions.started' | t }}</th>
                <th scope="col">{{ 'security.sessions.client' | t }}</th>
                <th scope="col">{{ 'security.sessions.twoFactor' | t }}</th>
                <th scope="col">
                  <span class="visually-hidden">{{ 'security.sessions.end' | t }}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              @for (item of sessions(); track item.id) {
                <tr>
                  <td>{{ item.createdAt | sdDate: 'dateTime' }}</td>
                  <td>
                    {{ item.userAgent ?? '–' }}
                    @if (item.current) {
                      <strong>({{ 'security.sessions.current' | t }})</strong>
                    }
                  </td>
                  <td>{{ (item.twoFactor ? 'security.yes' : 'security.no') | t }}</td>
                  <td>
                    <button type="button" (click)="end(item)" [disabled]="busy()">
                      {{ 'security.sessions.end' | t }}
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </section>

      @if (administered().length > 0) {
        <section aria-labelledby="policy-heading">
          <h2 id="policy-heading">{{ 'security.policy.title' | t }}</h2>
          <p>{{ 'security.policy.lead' | t }}</p>
          @for (community of administered(); track community.id) {
            <label class="check">
              <input
                type="checkbox"
                [checked]="community.required"
                (change)="setPolicy(community, $any($event.target).checked)"
                [disabled]="busy()"
              />
              {{ community.name }}
            </label>
          }
        </section>
      }
      <sd-api-error [error]="error()" />
    </div>
  `,
})
export class SecurityPage implements OnInit {
  protected readonly session = inject(Session);
  private readonly http = inject(HttpClient);
  private readonly forms = inject(NonNullableFormBuilder);

  protected readonly enrollment = signal<TwoFactorEnrollment | undefined>(undefined);
  protected readonly recoveryCodes = signal<readonly string[] | undefined>(undefined);
  protected readonly sessions = signal<SessionInfo[]>([]);
  protected readonly administered = signal<AdministeredCommunity[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(undefined);
  protected readonly enabled = computed(() => this.session.me()?.twoFactorEnabled === true);
  protected readonly confirmForm = this.forms.group({
    code: ['', [Validators.required, Validators.pattern(/^\d{6}$/)]],
  });
  protected readonly regenerate = this.forms.group({
    code: ['', [Validators.required, Validators.pattern(/^\d{6}$/)]],
  });
  /** The code field takes the app's 6 digits or a recovery code (the phone may be the reason to turn it off). */
  protected readonly disableForm = this.forms.group({
    password: ['', Validators.required],
    code: ['', [Validators.required, Validators.pattern(/^\s*(\d{6}|[a-zA-Z0-9]{4}-?[a-zA-Z0-9]{4})\s*$/)]],
  });
  protected readonly turnedOff = signal(false);
  /** Shown under the disable form: on a phone the page's own error area is screens away from it. */
  protected readonly disableError = signal<unknown>(undefined);

  ngOnInit(): void {
    this.load().catch((error: unknown) => this.error.set(error));
  }

  protected enroll(): Promise<void> {
    return this.act(async () => this.enrollment.set(await this.session.startTwoFactorEnrollment()));
  }

  protected confirm(): Promise<void> {
    if (this.confirmForm.invalid) return Promise.resolve();
    return this.act(async () => {
      this.recoveryCodes.set(
        await this.session.confirmTwoFactorEnrollment(this.confirmForm.getRawValue().code),
      );
      this.enrollment.set(undefined);
      await this.load();
    });
  }

  protected newRecoveryCodes(): Promise<void> {
    if (this.regenerate.invalid) return Promise.resolve();
    return this.act(async () => {
      this.recoveryCodes.set(await this.session.regenerateRecoveryCodes(this.regenerate.getRawValue().code));
      this.regenerate.reset();
    });
  }

  protected disable(): Promise<void> {
    if (this.disableForm.invalid) {
      this.disableForm.markAllAsTouched();
      return Promise.resolve();
    }
    const { password, code } = this.disableForm.getRawValue();
    const typed = code.trim();
    return this.act(async () => {
      this.disableError.set(undefined);
      await this.session.disableTwoFactor(
        password,
        /^\d{6}$/.test(typed) ? { code: typed } : { recoveryCode: typed },
      );
      this.disableForm.reset();
      this.recoveryCodes.set(undefined);
      this.turnedOff.set(true);
      await this.load();
    }, this.disableError);
  }

  protected end(item: SessionInfo): Promise<void> {
    if (item.current) return this.session.logout();
    return this.act(async () => {
      await this.session.endSession(item.id);
      await this.load();
    });
  }

  protected setPolicy(community: AdministeredCommunity, required: boolean): Promise<void> {
    return this.act(async () => {
      await this.session.setTwoFactorPolicy(community.id, required);
      await this.load();
    });
  }

  private async act(work: () => Promise<void>, errorOf = this.error): Promise<void> {
    this.busy.set(true);
    this.error.set(undefined);
    try {
      await work();
    } catch (error) {
      errorOf.set(error);
      await this.load().catch(() => undefined);
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    const me = await this.session.ensureMe();
    this.sessions.set(await this.session.sessions());
    const adminOf = new Set(
      (me?.memberships ?? []).filter((m) => m.role === 'community-admin').map((m) => m.communityId),
    );
    if (adminOf.size === 0 || me?.twoFactorRequired === true) return;
    const communities = await firstValueFrom(
      this.http.get<Array<{ id: string; name: string }>>('/api/communities'),
    );
    const administered: AdministeredCommunity[] = [];
    for (const community of communities.filter((c) => adminOf.has(c.id))) {
      const policy = await this.session.twoFactorPolicy(community.id);
      administered.push({ id: community.id, name: community.name, required: policy.required });
    }
    this.administered.set(administered);
  }
}
