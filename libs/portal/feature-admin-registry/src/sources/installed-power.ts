import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { Validators } from '@angular/forms';

/** The API's rule for installed power: kW (kWp for PV), more than 0, at most 2 decimals, at most 10 GW. */
function atMostTwoDecimals(control: AbstractControl<number | null>): ValidationErrors | null {
  const value = control.value;
  if (value === null || !Number.isFinite(value)) return null;
  // Compared in hundredths, rounded, so that 31.9 (31.899999…) passes and 31.925 does not.
  return Math.abs(Math.round(value * 100) - value * 100) < 1e-6 ? null : { decimals: true };
}

export const INSTALLED_KW_VALIDATORS: readonly ValidatorFn[] = [
  Validators.required,
  Validators.min(0.01),
  Validators.max(10_000_000),
  atMostTwoDecimals,
];
