import {
  ChangeDetectionStrategy,
  Component,
  inject,
  provideZonelessChangeDetection,
  signal,
} from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { FORM_FIELD } from './form-field';

@Component({
  selector: 'sd-field-host',
  imports: [ReactiveFormsModule, FORM_FIELD],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" [sdSubmitted]="submitted()" (ngSubmit)="submitted.set(true)" novalidate>
      <sd-field for="f-email" label="auth.email" error="form.emailInvalid">
        <input sdFieldControl type="email" formControlName="email" autocomplete="email" />
      </sd-field>
      <sd-field
        for="f-password"
        label="auth.password"
        hint="form.passwordRule"
        [hintParams]="{ min: 10 }"
        error="form.passwordRule"
        [errorParams]="{ min: 10 }"
      >
        <input sdFieldControl type="password" formControlName="password" />
      </sd-field>
      <sd-field
        for="f-repeat"
        label="auth.repeatPassword"
        error="form.passwordMismatch"
        [invalid]="mismatch()"
      >
        <input sdFieldControl type="password" formControlName="repeat" />
      </sd-field>
      <sd-field for="f-margin" label="prices.margin" unit="unit.czkPerKwh" optional>
        <input sdFieldControl formControlName="margin" />
      </sd-field>
      <sd-field for="f-vat" label="prices.vat" unit="%">
        <input sdFieldControl type="number" formControlName="vat" />
      </sd-field>
      <sd-field for="f-kind" label="member.kind">
        <select sdFieldControl formControlName="kind">
          <option value="household">household</option>
        </select>
      </sd-field>
      <button type="submit">Save</button>
    </form>
  `,
})
class FieldHost {
  readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(10)]],
    repeat: [''],
    margin: [''],
    vat: [21],
    kind: ['household'],
  });
  readonly submitted = signal(false);
  readonly mismatch = signal(false);
}

describe('FormField', () => {
  let fixture: ComponentFixture<FieldHost>;
  const element = () => fixture.nativeElement as HTMLElement;
  const control = (id: string) => element().querySelector<HTMLElement>(`#${id}`);
  const error = (id: string) => element().querySelector(`#${id}-error`);

  beforeEach(async () => {
    localStorage.setItem('sdilna.language', 'en');
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    fixture = TestBed.createComponent(FieldHost);
    await fixture.whenStable();
  });

  it('labels the projected control by its id with the translated text, as a .field block', () => {
    const field = element().querySelector('sd-field');
    expect(field?.classList).toContain('field');
    const label = field?.querySelector('label');
    expect(label?.getAttribute('for')).toBe('f-email');
    expect(label?.textContent?.trim()).toBe('E-mail');
    expect(control('f-email')?.tagName).toBe('INPUT');
    expect(control('f-email')?.getAttribute('autocomplete')).toBe('email');
    expect(control('f-kind')?.tagName).toBe('SELECT');
  });

  it('describes a control by its error (and hint) and marks it not invalid before anything happened', () => {
    expect(control('f-email')?.getAttribute('aria-describedby')).toBe('f-email-error');
    expect(control('f-email')?.getAttribute('aria-invalid')).toBe('false');
    expect(error('f-email')).toBeNull();
    expect(control('f-password')?.getAttribute('aria-describedby')).toBe('f-password-hint f-password-error');
    expect(element().querySelector('#f-password-hint')?.textContent).toContain('at least 10 characters');
  });

  it('gives a control without an error text neither aria-invalid nor aria-describedby', () => {
    expect(control('f-kind')?.hasAttribute('aria-invalid')).toBe(false);
    expect(control('f-kind')?.hasAttribute('aria-describedby')).toBe(false);
    expect(control('f-margin')?.hasAttribute('aria-invalid')).toBe(false);
  });

  it('adds the unit (a message key or the unit itself) and "optional" to the label', () => {
    expect(element().querySelector('label[for="f-vat"]')?.textContent?.trim()).toBe('VAT rate (%)');
    expect(element().querySelector('label[for="f-margin"]')?.textContent?.trim()).toBe(
      'Community margin (CZK/kWh, optional)',
    );
  });

  it('shows the errors with their parameters and aria-invalid once the form is submitted', async () => {
    element().querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
    expect(control('f-email')?.getAttribute('aria-invalid')).toBe('true');
    expect(error('f-email')?.textContent?.trim()).toBe('Enter an e-mail like name@example.com.');
    expect(error('f-email')?.className).toBe('field-error');
    expect(error('f-password')?.textContent).toContain('at least 10 characters');
    expect(element().querySelector('#f-margin-error')).toBeNull();
  });

  it('lets the page decide when a field shows its error', async () => {
    expect(control('f-repeat')?.getAttribute('aria-invalid')).toBe('false');
    fixture.componentInstance.mismatch.set(true);
    await fixture.whenStable();
    expect(control('f-repeat')?.getAttribute('aria-invalid')).toBe('true');
    expect(error('f-repeat')?.textContent?.trim()).toBe('The passwords do not match.');
  });

  it('hides the errors again when the page resets the form and its submitted flag', async () => {
    element().querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
    expect(error('f-email')).not.toBeNull();
    fixture.componentInstance.form.reset();
    fixture.componentInstance.submitted.set(false);
    await fixture.whenStable();
    expect(error('f-email')).toBeNull();
    expect(control('f-email')?.getAttribute('aria-invalid')).toBe('false');
  });

  it('shows a control’s error once the user leaves it, and hides it when the value is right', async () => {
    const input = control('f-email') as HTMLInputElement;
    input.value = 'not-an-address';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
    expect(error('f-email')).not.toBeNull();
    expect(error('f-password')).toBeNull();
    input.value = 'jana@example.cz';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(error('f-email')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });
});
