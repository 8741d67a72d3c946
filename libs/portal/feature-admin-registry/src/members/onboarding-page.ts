import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { JoiningApi, type OnboardingReport } from '@sdilna/portal/data-access-community';
import { ApiCall, ApiErrorMessage } from '@sdilna/portal/ui-kit';
import { TranslatePipe } from '@sdilna/portal/util-i18n';

/** Bulk onboarding: members with points and consents from CSV or XLSX, previewed row by row before the import. */
@Component({
  selector: 'sd-onboarding-page',
  imports: [TranslatePipe, ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.onboarding.title' | t }}</h1>
    <p class="lead">{{ 'admin.onboarding.lead' | t }}</p>
    <div class="field">
      <label for="onboarding-file">{{ 'admin.onboarding.file' | t }}</label>
      <input id="onboarding-file" type="file" accept=".csv,.xlsx,text/csv" (change)="choose($event)" />
    </div>
    <sd-api-error [error]="call.error()" />
    @if (report(); as r) {
      <p [class.notice]="r.imported" role="status" data-testid="onboarding-summary">
        {{
          (r.imported
            ? 'admin.onboarding.imported'
            : ok(r)
              ? 'admin.onboarding.ready'
              : 'admin.onboarding.problems'
          ) | t: { members: r.members, points: r.points }
        }}
      </p>
      @for (problem of r.problems; track $index) {
        <p class="field-error">{{ problem.message }}</p>
      }
      <div class="table-wrap" tabindex="0" role="region" [attr.aria-label]="'admin.onboarding.preview' | t">
        <table>
          <caption>
            {{
              'admin.onboarding.preview' | t
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ 'admin.onboarding.line' | t }}</th>
              <th scope="col">{{ 'join.name' | t }}</th>
              <th scope="col">EAN</th>
              <th scope="col">{{ 'admin.onboarding.result' | t }}</th>
            </tr>
          </thead>
          <tbody>
            @for (row of r.rows; track row.line) {
              <tr>
                <td>{{ row.line }}</td>
                <th scope="row">{{ row.member }}</th>
                <td>{{ row.ean ?? '–' }}</td>
                <td>
                  @if (row.problems.length === 0) {
                    {{ 'admin.onboarding.rowOk' | t }}
                  } @else {
                    @for (problem of row.problems; track $index) {
                      <span class="field-error">{{ problem.message }}</span>
                    }
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (!r.imported && ok(r)) {
        <button type="button" class="primary" [disabled]="call.busy()" (click)="store()">
          {{ 'admin.onboarding.import' | t }}
        </button>
      }
    }
  `,
})
export class OnboardingPage {
  private readonly api = inject(JoiningApi);
  readonly communityId = input.required<string>();
  protected readonly call = new ApiCall();
  protected readonly report = signal<OnboardingReport | undefined>(undefined);
  private file: File | undefined;

  protected ok(report: OnboardingReport): boolean {
    return report.problems.length === 0 && report.rows.every((row) => row.status === 'ok');
  }

  protected async choose(event: Event): Promise<void> {
    this.file = (event.target as HTMLInputElement).files?.[0];
    this.report.set(undefined);
    const file = this.file;
    if (file === undefined) return;
    await this.call.run(async () =>
      this.report.set(await firstValueFrom(this.api.onboarding(this.communityId(), file, false))),
    );
  }

  protected async store(): Promise<void> {
    const file = this.file;
    if (file === undefined) return;
    await this.call.run(async () =>
      this.report.set(await firstValueFrom(this.api.onboarding(this.communityId(), file, true))),
    );
  }
}
