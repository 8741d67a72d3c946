import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';

/**
 * An e-mail address as it is stored (issue 21): surrounding spaces trimmed, lower case, then checked as an address of
 * at most 254 characters. Blank counts as absent (an optional address left empty). The transform runs before the
 * checks, so `" Jana@Example.CZ "` is accepted and stored as `jana@example.cz`.
 */
export function StoredEmail(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => {
      if (typeof value !== 'string') return value;
      const trimmed = value.trim().toLowerCase();
      return trimmed === '' ? undefined : trimmed;
    }),
    IsEmail({}, { message: 'email must be an e-mail address such as jana@example.cz' }),
    MaxLength(254),
  );
}
