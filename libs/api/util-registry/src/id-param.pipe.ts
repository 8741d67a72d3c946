import { Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

import { isUuid } from '@sdilna/api/util-auth';

import { isLocalDate } from './validators';

/**
 * Route ids are UUIDs; anything else names nothing that exists, so it answers 404 like a foreign id does
 * (a 400 would tell a prober which ids are well-formed).
 */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value))
      throw new NotFoundException({ error: { code: 'NOT_FOUND', message: 'No such resource' } });
    return value.toLowerCase();
  }
}

/** A `YYYY-MM-DD` route segment (a period's first day); anything else names no period: 404. */
@Injectable()
export class LocalDateParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isLocalDate(value))
      throw new NotFoundException({ error: { code: 'NOT_FOUND', message: 'No such period' } });
    return value;
  }
}
