import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { JoiningApi } from '@sdilna/portal/data-access-community';
import { ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

@Component({
  selector: 'sd-join-confirm-page',
  imports: [TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="narrow">
      <h1>{{ 'join.confirm.title' | t }}</h1>
      @if (confirmed(); as name) {
        <p class="notice" role="status">{{ 'join.confirm.done' | t: { community: name } }}</p>
      } @else if (error() === undefined) {
        <p role="status">{{ 'join.confirm.busy' | t }}</p>
      }
      <sd-api-error [error]="error()" />
    </div>
  `,
})
export class JoinConfirmPage implements OnInit {
  private readonly api = inject(JoiningApi);
  readonly token = input<string>('');
  protected readonly confirmed = signal<string | undefined>(undefined);
  protected readonly error = signal<unknown>(undefined);

  ngOnInit(): void {
    void this.confirm();
  }

  private async confirm(): Promise<void> {
    try {
      const answer = await firstValueFrom(this.api.confirm(this.token()));
      this.confirmed.set(answer.communityName);
    } catch (error) {
      this.error.set(error);
    }
  }
}
