import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { firstValueFrom } from 'rxjs';

import { CONSENT_KINDS, type ConsentKind, PrivacyApi } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/** The member's consents (give or withdraw each, to the terms in force) and the download of all their data. */
@Component({
  selector: 'sd-privacy-page',
  imports: [TranslatePipe, ApiErrorMessage, LocalDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'privacy.title' | t }}</h1>
    <sd-api-error [error]="call.error()" />
    <h2>{{ 'privacy.consents' | t }}</h2>
    @if (consents.hasValue()) {
      <ul class="consents" data-testid="consents">
        @for (kind of kinds; track kind) {
          @let current = currentOf(kind);
          <li>
            <label>
              <input
                type="checkbox"
                [checked]="current?.granted === true"
                [disabled]="call.busy()"
                (change)="record(kind, $any($event.target).checked)"
              />
              {{ 'consentKind.' + kind | t }}
            </label>
            <small class="hint">
              {{ 'privacy.version' | t: { version: consents.value().termsVersions[kind] } }}
              @if (current) {
                · {{ (current.granted ? 'privacy.given' : 'privacy.withdrawn') | t }}
                {{ current.givenAt.slice(0, 10) | sdDate }}
              }
            </small>
          </li>
        }
      </ul>
    }
    <h2>{{ 'privacy.download' | t }}</h2>
    <p>{{ 'privacy.downloadHelp' | t }}</p>
    <button type="button" (click)="download()" [disabled]="call.busy()" data-testid="personal-data-download">
      {{ 'privacy.downloadButton' | t }}
    </button>
  `,
  styles: `
    .consents {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    .consents li {
      display: flex;
      flex-direction: column;
    }
  `,
})
export class PrivacyPage {
  private readonly api = inject(PrivacyApi);
  readonly communityId = input.required<string>();
  readonly memberId = input.required<string>();
  protected readonly kinds = CONSENT_KINDS;
  protected readonly call = new ApiCall();
  protected readonly consents = rxResource({
    params: () => ({ communityId: this.communityId(), memberId: this.memberId() }),
    stream: ({ params }) => this.api.consents(params.communityId, params.memberId),
  });
  private readonly current = computed(
    () => new Map((this.consents.hasValue() ? this.consents.value().current : []).map((c) => [c.kind, c])),
  );

  protected currentOf(kind: ConsentKind) {
    return this.current().get(kind);
  }

  protected async record(kind: ConsentKind, granted: boolean): Promise<void> {
    await this.call.run(() =>
      firstValueFrom(this.api.record(this.communityId(), this.memberId(), kind, granted)),
    );
    this.consents.reload();
  }

  protected async download(): Promise<void> {
    await this.call.run(() => this.api.downloadPersonalData(this.communityId(), this.memberId()));
  }
}
