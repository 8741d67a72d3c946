import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { findUnsafeText, HostileInputException } from './hostile-input';

/**
 * Refuses a NUL character or a lone UTF-16 surrogate anywhere in the query or the parsed body, before guards,
 * pipes and handlers: no field of the contract accepts them and PostgreSQL stores neither (it answered 500).
 * Bodies that are not parsed here (CSV uploads) are checked by their reader, with line and column.
 */
@Injectable()
export class UnsafeTextMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const found =
      findUnsafeText(request.query, 'query') ??
      (typeof request.body === 'object' || typeof request.body === 'string'
        ? findUnsafeText(request.body, 'body')
        : undefined);
    if (found === undefined) return next();
    next(
      new HostileInputException('INPUT_CHARACTER_INVALID', `${found.field} ${found.problem}`, {
        field: found.field,
      }),
    );
  }
}
