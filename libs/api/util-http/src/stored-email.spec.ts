import { plainToInstance } from 'class-transformer';
import { IsOptional, validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';

import { StoredEmail } from './stored-email';

class Required {
  @StoredEmail()
  email!: string;
}

class Optional {
  @IsOptional()
  @StoredEmail()
  email?: string;
}

function check<T extends object>(type: new () => T, email: unknown): { value: unknown; problems: string[] } {
  const dto = plainToInstance(type, { email });
  const problems = validateSync(dto).flatMap((error) => Object.values(error.constraints ?? {}));
  return { value: (dto as { email?: unknown }).email, problems };
}

describe('StoredEmail', () => {
  it('trims and lower-cases an address before checking it', () => {
    expect(check(Required, '  Jana.Novakova@Example.CZ \t')).toEqual({
      value: 'jana.novakova@example.cz',
      problems: [],
    });
  });

  it('refuses what is not an address, naming what is expected', () => {
    for (const bad of ['jana', 'jana@', 'ja na@example.cz', 'a@b', 42]) {
      expect(check(Required, bad).problems.join(' ')).toContain('e-mail address such as jana@example.cz');
    }
    expect(check(Required, `${'a'.repeat(250)}@example.cz`).problems.length).toBeGreaterThan(0);
  });

  it('reads a blank optional address as absent and still requires a required one', () => {
    expect(check(Optional, '   ')).toEqual({ value: undefined, problems: [] });
    expect(check(Required, '   ').problems.length).toBeGreaterThan(0);
  });
});
