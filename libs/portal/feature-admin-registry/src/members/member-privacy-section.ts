import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { type MemberErasure, PrivacyApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage, pragueToday } from '@sdilna/portal/ui-kit';
import { LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/**
 * A member's personal data on the administrator's member page: the download of everything stored about them, and
 * erasure once they have left (issue 23; the API refuses it earlier). Erasing asks once more in place: it cannot
 * be undone, and a dialog box would hide what is erased from a phone's screen reader order.
 */
@Component({
  selector: 'sd-member-privacy-section',
  imports: [TranslatePipe, LocalDatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section data-testid="member-privacy" aria-labelledby="member-privacy-title">
      <h2 id="member-privacy-title">{{ 'admin.members.privacy' | t }}</h2>
      <button type="button" (click)="download()" [disabled]="call.busy()" data-testid="member-data-download">
        {{ 'admin.members.privacyDownload' | t }}
      </button>
      <sd-api-error [error]="call.error()" />
      @if (erased(); as done) {
        <p role="status" data-testid="member-erased">
          {{
            'admin.members.erased'
              | t: { date: (done.erasedAt.slice(0, 10) | sdDate), count: done.documentsKept }
          }}
          @if (done.retainedUntil) {
            {{ 'admin.members.retainedUntil' | t: { date: (done.retainedUntil | sdDate) } }}
          }
        </p>
      } @else if (hasLeft()) {
        <p>{{ 'admin.members.eraseLead' | t }}</p>
        @if (confirming()) {
          <p class="warning" role="alert">{{ 'admin.members.eraseConfirm' | t }}</p>
          <div class="actions">
            <button type="button" class="danger" (click)="erase()" [disabled]="call.busy()">
              {{ 'admin.members.eraseYes' | t }}
            </button>
            <button type="button" (click)="confirming.set(false)">{{ 'common.cancel' | t }}</button>
          </div>
        } @else {
          <button type="button" class="danger" (click)="confirming.set(true)" data-testid="member-erase">
            {{ 'admin.members.erase' | t }}
          </button>
        }
      } @else {
        <p class="hint">{{ 'admin.members.eraseNotYet' | t }}</p>
      }
    </section>
  `,
  styles: `
    section {
      margin-top: 2rem;
    }
    .warning {
      font-weight: 600;
    }
  `,
})
export class MemberPrivacySection {
  private readonly api = inject(PrivacyApi);
  readonly communityId = input.required<string>();
  readonly memberId = input.required<string>();
  /** The member's stored last day of membership (what the API checks, not the unsaved form). */
  readonly leftOn = input<string | null | undefined>(null);
  readonly erasedNow = output<MemberErasure>();
  protected readonly hasLeft = computed(() => {
    const leftOn = this.leftOn();
    return leftOn !== null && leftOn !== undefined && leftOn <= pragueToday();
  });
  protected readonly confirming = signal(false);
  protected readonly erased = signal<MemberErasure | undefined>(undefined);
  protected readonly call = new ApiCall();

  protected async download(): Promise<void> {
    await this.call.run(() => this.api.downloadPersonalData(this.communityId(), this.memberId()));
  }

  protected async erase(): Promise<void> {
    await this.call.run(async () => {
      const done = await firstValueFrom(this.api.erase(this.communityId(), this.memberId()));
      this.erased.set(done);
      this.confirming.set(false);
      this.erasedNow.emit(done);
    });
  }
}
