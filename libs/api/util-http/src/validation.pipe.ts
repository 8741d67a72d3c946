import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own =
      error.constraints === undefined ? [] : [{ field, problems: Object.values(error.constraints) }];
    return own.concat(flatten(error.children ?? [], field));
  });
}

/** Validates DTOs and answers 400 VALIDATION_FAILED listing each field and what was expected. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.map((detail) => `${detail.field}: ${detail.problems.join('; ')}`).join('. ');
      return new BadRequestException({ error: { code: 'VALIDATION_FAILED', message, details } });
    },
  });
}
