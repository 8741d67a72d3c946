import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { catchError, of } from 'rxjs';

import { KeyAdviceApi } from '@sdilna/portal/data-access-community';
import { LocalNumberPipe, TranslatePipe } from '@sdilna/portal/util-i18n';

/** How many members the card lists: the ones who missed most. */
const SHOWN = 5;

/**
 * The dashboard's "missed sharing" card (issue 22): per member, what its consumption points could have received
 * more in the group's month (GET .../missed-sharing), the largest first, and a way to the key advice. Its own
 * request and component, apart from the dashboard's read path.
 */
@Component({
  selector: 'sd-missed-sharing-card',
  imports: [TranslatePipe, LocalNumberPipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (top().length > 0) {
      <section aria-labelledby="missed-sharing" data-testid="missed-sharing">
        <h2 id="missed-sharing">{{ 'admin.dashboard.missedTitle' | t: { month: monthLabel() } }}</h2>
        <p class="hint">{{ 'admin.dashboard.missedHelp' | t }}</p>
        <div
          class="table-wrap"
          tabindex="0"
          role="region"
          [attr.aria-label]="'admin.dashboard.missedKwh' | t"
        >
          <table>
            <thead>
              <tr>
                <th scope="col">{{ 'key.preview.member' | t }}</th>
                <th scope="col">{{ 'admin.dashboard.missedKwh' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (member of top(); track member.memberId) {
                <tr>
                  <th scope="row">{{ member.name }}</th>
                  <td>{{ member.missedKwh | sdNumber: 2 : 2 }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <p>
          <a routerLink="../key-advice">{{ 'admin.dashboard.toAdvice' | t }}</a>
        </p>
      </section>
    }
  `,
})
export class MissedSharingCard {
  private readonly api = inject(KeyAdviceApi);
  readonly communityId = input.required<string>();
  /** `YYYY-MM` */
  readonly month = input.required<string>();
  readonly monthLabel = input.required<string>();

  private readonly missed = rxResource({
    params: () => ({ communityId: this.communityId(), month: this.month() }),
    stream: ({ params }) =>
      this.api.missedSharing(params.communityId, params.month).pipe(catchError(() => of(undefined))),
  });
  protected readonly top = computed(() =>
    ((this.missed.hasValue() ? this.missed.value() : undefined)?.members ?? [])
      .filter((member) => member.missedKwh > 0)
      .slice(0, SHOWN),
  );
}
