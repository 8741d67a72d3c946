import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';

import { MembersApi } from '@sdilna/portal/data-access-community';
import { RESOURCE_LIST } from '@sdilna/portal/ui-kit';
import { I18n, TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-members-page',
  imports: [RouterLink, TranslatePipe, RESOURCE_LIST],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page-head">
      <h1>{{ 'admin.members.title' | t }}</h1>
      <div class="actions">
        <a routerLink="new" class="button primary">{{ 'admin.members.add' | t }}</a>
        <a routerLink="import" class="button">{{ 'admin.members.import' | t }}</a>
        <a routerLink="onboarding" class="button">{{ 'admin.onboarding.link' | t }}</a>
      </div>
    </div>
    <sd-resource-list
      [resource]="members"
      [emptyHeading]="i18n.t('admin.members.emptyTitle')"
      [showLoading]="true"
      [columns]="['member.name', 'member.kind', 'auth.email', 'member.ico']"
      actionsColumn
      caption="admin.members.title"
      tableTestId="members-table"
    >
      <p sdEmpty>{{ 'admin.members.emptyText' | t }}</p>
      <ng-template [sdListRows]="members" let-list>
        @for (member of list; track member.id) {
          <tr>
            <th scope="row">{{ member.name }}</th>
            <td>{{ 'memberKind.' + member.kind | t }}</td>
            <td>{{ member.email ?? '–' }}</td>
            <td>{{ member.ico ?? '–' }}</td>
            <td class="row-actions">
              <a [routerLink]="member.id"
                >{{ 'common.edit' | t }}<span class="visually-hidden"> {{ member.name }}</span></a
              >
              <a [routerLink]="['/member', communityId(), member.id]"
                >{{ 'admin.members.view' | t }}<span class="visually-hidden"> {{ member.name }}</span></a
              >
            </td>
          </tr>
        }
      </ng-template>
    </sd-resource-list>
  `,
})
export class MembersPage {
  private readonly api = inject(MembersApi);
  protected readonly i18n = inject(I18n);
  readonly communityId = input.required<string>();
  protected readonly members = rxResource({
    params: () => this.communityId(),
    stream: ({ params }) => this.api.list(params),
  });
}
