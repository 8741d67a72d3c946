import { NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';

import { ApiException } from './api-error';
import { ApiExceptionFilter } from './api-exception.filter';

class TestException extends ApiException {
  readonly status = 422;
}

function answer(exception: unknown): { status: number; body: unknown } {
  const sent: { status: number; body: unknown } = { status: 0, body: undefined };
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(exception, host);
  return sent;
}

function databaseError(code: string, constraint?: string): QueryFailedError {
  return new QueryFailedError('INSERT …', [], Object.assign(new Error('violates'), { code, constraint }));
}

describe('ApiExceptionFilter', () => {
  it('answers a module exception with its status, code and details', () => {
    expect(answer(new TestException('KEY_INVALID', 'Σ over 100 %', { producer: 'x' }))).toEqual({
      status: 422,
      body: { error: { code: 'KEY_INVALID', message: 'Σ over 100 %', details: { producer: 'x' } } },
    });
  });

  it('answers Nest HTTP exceptions in the contract body', () => {
    expect(answer(new NotFoundException('No such member'))).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'No such member' } },
    });
  });

  it('turns a check constraint the service missed into a 422 naming the constraint, not a 500', () => {
    expect(answer(databaseError('23514', 'members_check3'))).toEqual({
      status: 422,
      body: {
        error: {
          code: 'CONSTRAINT_VIOLATED',
          message: 'The data breaks a rule of the registry.',
          details: { constraint: 'members_check3' },
        },
      },
    });
  });

  it('answers a change to a final document with 409', () => {
    expect(answer(databaseError('SD001')).status).toBe(409);
  });

  it('hides the internals of unexpected errors behind a 500', () => {
    const sent = answer(new Error('connection string postgres://secret'));
    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('secret');
  });
});
