import { describe, expect, it } from 'vitest';

import { communityIdOfUrl, redactUrl } from './log-redaction';

describe('log redaction', () => {
  it('hides tokens and e-mail addresses in query strings and keeps the other parameters', () => {
    expect(redactUrl('/api/auth/reset?token=abc123&lang=cs')).toBe(
      '/api/auth/reset?token=[redacted]&lang=cs',
    );
    expect(redactUrl('/api/x?email=jana%40example.cz&from=2026-01-01')).toBe(
      '/api/x?email=[redacted]&from=2026-01-01',
    );
    expect(redactUrl('/api/communities')).toBe('/api/communities');
  });

  it('reads the community id from a tenant route and nothing from other routes', () => {
    expect(communityIdOfUrl('/api/communities/0B3F6F4C-1111-4222-8333-444455556666/members?x=1')).toBe(
      '0b3f6f4c-1111-4222-8333-444455556666',
    );
    expect(communityIdOfUrl('/api/communities/0b3f6f4c-1111-4222-8333-444455556666')).toBe(
      '0b3f6f4c-1111-4222-8333-444455556666',
    );
    expect(communityIdOfUrl('/api/communities')).toBeUndefined();
    expect(communityIdOfUrl('/api/communities/not-a-uuid/members')).toBeUndefined();
  });
});
