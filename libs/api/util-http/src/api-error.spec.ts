import { describe, expect, it } from 'vitest';

import { ApiException, moduleException } from './api-error';

const TEST_ERRORS = {
  404: ['THING_NOT_FOUND'],
  409: ['THING_IN_USE', 'THING_FINAL'],
  422: ['THING_INVALID'],
} as const;

class ThingException extends moduleException(TEST_ERRORS) {}

describe('moduleException', () => {
  it('answers each code with the status it is listed under', () => {
    expect(new ThingException('THING_NOT_FOUND', 'No such thing').status).toBe(404);
    expect(new ThingException('THING_IN_USE', 'In use').status).toBe(409);
    expect(new ThingException('THING_FINAL', 'Final').status).toBe(409);
    expect(new ThingException('THING_INVALID', 'Invalid').status).toBe(422);
  });

  it('is an ApiException of the module, with code, message and details', () => {
    const error = new ThingException('THING_INVALID', 'Invalid', { field: 'name' });
    expect(error).toBeInstanceOf(ApiException);
    expect(error).toBeInstanceOf(ThingException);
    expect({ code: error.code, message: error.message, details: error.details }).toEqual({
      code: 'THING_INVALID',
      message: 'Invalid',
      details: { field: 'name' },
    });
  });

  it('refuses a table that lists a code under two statuses', () => {
    expect(() => moduleException({ 400: ['TWICE'], 422: ['TWICE'] })).toThrow(
      'Error code TWICE is listed under two statuses',
    );
  });

  it('takes only the codes of its table', () => {
    // @ts-expect-error: not a code of the table
    expect(new ThingException('OTHER', 'x').status).toBe(500);
  });
});
