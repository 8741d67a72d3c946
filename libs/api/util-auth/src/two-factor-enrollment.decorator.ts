import { SetMetadata } from '@nestjs/common';

export const TWO_FACTOR_ENROLLMENT_KEY = 'sdilna:twoFactorEnrollment';

/**
 * Routes a session restricted to enrolling a second factor may still call (who am I, enrol, sign out, list and
 * end sessions). Every other private route answers 403 TWO_FACTOR_REQUIRED to such a session.
 */
export const AllowedDuringTwoFactorEnrollment = (): MethodDecorator & ClassDecorator =>
  SetMetadata(TWO_FACTOR_ENROLLMENT_KEY, true);
