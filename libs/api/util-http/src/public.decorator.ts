import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'sdilna:isPublic';

/** Routes are private by default; this marks the few that answer without a token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
