import {
  type AfterContentInit,
  booleanAttribute,
  ChangeDetectionStrategy,
  Component,
  computed,
  contentChild,
  DestroyRef,
  Directive,
  inject,
  input,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NgControl } from '@angular/forms';

import { I18n, type MessageParams, TranslatePipe } from '@sdilna/portal/util-i18n';

/**
 * Tells the `<sd-field>`s of a form whether it has been submitted (the page's own flag, which it clears when it
 * resets the form after a success): from then on they show every error, not only those of the controls left.
 *
 *     <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="save()" novalidate>
 */
@Directive({ selector: 'form[sdSubmitted]' })
export class FormSubmitted {
  readonly sdSubmitted = input.required<boolean>();
}

/**
 * A labelled form field: the label, the projected control (marked `sdFieldControl`), a hint, and the error text
 * while the control is invalid and was left or its form submitted (`[invalid]` overrides that rule, e.g. for a
 * repeated password). Label, hint and error are message keys; an unknown key (`EAN`) shows itself. The ids follow
 * `for`: the control is `for`, the hint `for-hint` and the error `for-error`; the control is described by the hint
 * and the error and, when the field has an error text, carries `aria-invalid`.
 *
 *     <sd-field for="login-email" label="auth.email" error="form.emailInvalid">
 *       <input sdFieldControl type="email" formControlName="email" autocomplete="username" />
 *     </sd-field>
 */
@Component({
  selector: 'sd-field',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'field' },
  template: `
    <label [for]="controlId()">{{ label() | t }}{{ notes() }}</label>
    <ng-content />
    @if (hint(); as hint) {
      <p class="hint" [id]="controlId() + '-hint'">{{ hint | t: hintParams() }}</p>
    }
    @if (ariaInvalid() && error(); as error) {
      <p class="field-error" [id]="controlId() + '-error'">{{ error | t: errorParams() }}</p>
    }
  `,
})
export class FormField implements AfterContentInit {
  private readonly i18n = inject(I18n);
  private readonly form = inject(FormSubmitted, { optional: true });
  /** the control's id (as a label's `for`); the hint's and the error's ids are derived from it */
  readonly for = input.required<string>();
  readonly label = input.required<string>();
  /** a unit shown in parentheses after the label: a message key (`unit.czkPerKwh`) or the unit itself (`%`) */
  readonly unit = input<string>();
  /** adds "(optional)" to the label, after the unit */
  readonly optional = input(false, { transform: booleanAttribute });
  readonly hint = input<string>();
  readonly hintParams = input<MessageParams>();
  /** the error's text; a field without one shows no error and its control has no `aria-invalid` */
  readonly error = input<string>();
  readonly errorParams = input<MessageParams>();
  /** whether the error shows, when the page decides it rather than the control's validity */
  readonly invalid = input<boolean>();

  readonly controlId = computed(() => this.for());
  private readonly destroyRef = inject(DestroyRef);
  private readonly ngControl = contentChild(NgControl);
  /** Bumped on every event of the control: its validity and touched state are not signals. */
  private readonly controlChanged = signal(0);

  protected readonly notes = computed(() => {
    const unit = this.unit();
    const notes = [
      unit === undefined ? undefined : this.i18n.has(unit) ? this.i18n.t(unit) : unit,
      this.optional() ? this.i18n.t('form.optional') : undefined,
    ].filter((note) => note !== undefined);
    return notes.length > 0 ? ` (${notes.join(', ')})` : '';
  });

  /** the control's `aria-describedby`: the hint and the error (also while the error is not shown) */
  readonly describedBy = computed(() => {
    const parts = [this.hint() ? 'hint' : undefined, this.error() ? 'error' : undefined];
    const ids = parts.filter((part) => part !== undefined).map((part) => `${this.controlId()}-${part}`);
    return ids.length > 0 ? ids.join(' ') : null;
  });
  /** the control's `aria-invalid`: whether its error shows; none without an error text */
  readonly ariaInvalid = computed(() => {
    if (!this.error()) return null;
    const given = this.invalid();
    if (given !== undefined) return given;
    this.controlChanged();
    const control = this.ngControl()?.control;
    if (!control) return false;
    return control.invalid && (control.touched || (this.form?.sdSubmitted() ?? false));
  });

  ngAfterContentInit(): void {
    // The projected control's directive has its FormControl by now (set when its inputs were first set).
    this.ngControl()
      ?.control?.events.pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.controlChanged.update((count) => count + 1));
  }
}

/** The `input`, `select` or `textarea` of an `<sd-field>`: takes its id and its ARIA links from the field. */
@Directive({
  selector: '[sdFieldControl]',
  host: {
    '[attr.id]': 'field.controlId()',
    '[attr.aria-invalid]': 'field.ariaInvalid()',
    '[attr.aria-describedby]': 'field.describedBy()',
  },
})
export class FieldControl {
  protected readonly field = inject(FormField);
}

/** What a form's template imports for its fields: `imports: [ReactiveFormsModule, FORM_FIELD, …]`. */
export const FORM_FIELD = [FormField, FieldControl, FormSubmitted] as const;
