import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';

import { MeteringPointsApi } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage, EmptyState } from '@sdilna/portal/ui-kit';
import { I18n, LocalDatePipe, TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-member-points-page',
  imports: [TranslatePipe, ApiErrorMessage, EmptyState, LocalDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'memberNav.points' | t }}</h1>
    <sd-api-error [error]="points.error()" />
    @if (points.hasValue() ? points.value() : undefined) {
      @if (mine().length === 0) {
        <sd-empty-state [heading]="i18n.t('memberDash.noPointsTitle')">
          <p>{{ 'memberDash.noPointsText' | t }}</p>
        </sd-empty-state>
      } @else {
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">EAN</th>
                <th scope="col">{{ 'point.role' | t }}</th>
                <th scope="col">{{ 'point.label' | t }}</th>
                <th scope="col">{{ 'point.validFrom' | t }}</th>
              </tr>
            </thead>
            <tbody>
              @for (point of mine(); track point.id) {
                <tr>
                  <th scope="row" class="mono">{{ point.ean }}</th>
                  <td>{{ 'pointRole.' + point.role | t }}</td>
                  <td>{{ point.label ?? '–' }}</td>
                  <td>{{ point.validFrom | sdDate }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    }
  `,
})
export class MemberPointsPage {
  private readonly api = inject(MeteringPointsApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  readonly memberId = input.required<string>();
  protected readonly points = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly mine = computed(() =>
    ((this.points.hasValue() ? this.points.value() : undefined) ?? []).filter(
      (p) => p.memberId === this.memberId(),
    ),
  );
}
