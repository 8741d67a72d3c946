import { type ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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

function validationFailed(details: FieldProblem[]): BadRequestException {
  const message = details.map((detail) => `${detail.field}: ${detail.problems.join('; ')}`).join('. ');
  return new BadRequestException({ error: { code: 'VALIDATION_FAILED', message, details } });
}

/** The OpenAPI metadata of a DTO property (@ApiProperty): null is accepted only where it says `nullable`. */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

function nullableInContract(metatype: abstract new (...args: never[]) => unknown, field: string): boolean {
  const property = Reflect.getMetadata(API_MODEL_PROPERTIES, metatype.prototype as object, field) as
    { nullable?: boolean } | undefined;
  return property?.nullable === true;
}

/**
 * class-validator's @IsOptional lets null through as "absent", and services then handed null to queries that
 * expect an id (`memberId: null` answered 500). A body field is null only where the contract says it may be.
 */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    if (
      metadata.type === 'body' &&
      typeof metatype === 'function' &&
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value)
    ) {
      const nulls = Object.entries(value as Record<string, unknown>)
        .filter(([field, fieldValue]) => fieldValue === null && !nullableInContract(metatype, field))
        .map(([field]) => ({ field, problems: [`${field} must not be null; leave it out instead`] }));
      if (nulls.length > 0) throw validationFailed(nulls);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Validates DTOs and answers 400 VALIDATION_FAILED listing each field and what was expected. */
export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}
