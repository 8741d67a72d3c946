import { registerDecorator, type ValidationOptions } from 'class-validator';

import {
  describeDicProblem,
  describeEanProblem,
  dicProblem,
  eanProblem,
  isValidIco,
} from '@sdilna/shared/domain-core';

export { isValidIco } from '@sdilna/shared/domain-core';

/**
 * The days the product knows: EDC sharing began in 2024 and no record or query reaches back before 2000 or past
 * 2099. Dates outside (year 1, year 9999) overflowed the Prague calendar and answered 500 (issue 16).
 */
export const FIRST_LOCAL_DATE = '2000-01-01';
export const LAST_LOCAL_DATE = '2099-12-31';

/** `YYYY-MM-DD` naming a real calendar day (the Prague calendar of contract.md section 3) from 2000 to 2099. */
export function isLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  if (text < FIRST_LOCAL_DATE || text > LAST_LOCAL_DATE) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function stringRule(name: string, test: (value: string) => boolean, message: (value: unknown) => string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyName: string | symbol) => {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && test(value),
          defaultMessage: (args) => message(args?.value),
        },
      });
    };
}

export const IsIco = stringRule(
  'isIco',
  isValidIco,
  (value) => `IČO ${JSON.stringify(value)} is not 8 digits with a valid check digit`,
);

/** `YYYY-MM`, a month from 2000-01 to 2099-12 (the same bounds as `isLocalDate`). */
export function isLocalMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text) && isLocalDate(`${text}-01`);
}

export const IsLocalMonth = stringRule(
  'isLocalMonth',
  isLocalMonth,
  (value) =>
    `${JSON.stringify(value)} is not a month YYYY-MM between ${FIRST_LOCAL_DATE.slice(0, 7)} and ${LAST_LOCAL_DATE.slice(0, 7)}`,
);

export const IsLocalDate = stringRule(
  'isLocalDate',
  isLocalDate,
  (value) =>
    `${JSON.stringify(value)} is not a date YYYY-MM-DD between ${FIRST_LOCAL_DATE} and ${LAST_LOCAL_DATE}`,
);

/** A Czech metering-point EAN; the message says what is wrong (domain-core owns the check). */
export const IsEan = stringRule(
  'isEan',
  (value) => eanProblem(value) === undefined,
  (value) =>
    typeof value === 'string'
      ? describeEanProblem(value, eanProblem(value) ?? 'not-18-digits')
      : 'EAN must be a string of 18 digits',
);

/** A Czech DIČ: CZ + 8 to 10 digits, an 8-digit one a valid IČO (domain-core owns the check). */
export const IsDic = stringRule(
  'isDic',
  (value) => dicProblem(value) === undefined,
  (value) =>
    typeof value === 'string'
      ? describeDicProblem(value, dicProblem(value) ?? 'not-cz-digits')
      : 'DIČ must be a string CZ followed by 8 to 10 digits',
);
