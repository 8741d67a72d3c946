import { describe, expect, it } from 'vitest';

import {
  edcConnectorLink,
  invitationLink,
  MAILED_ROUTES,
  passwordResetLink,
  portalLink,
  settlementsLink,
} from './portal-routes';

const COMMUNITY = '0b7c3f0e-8d55-4c1e-9b8a-2f0d3a5e6c71';

describe('portal links of the mails', () => {
  it('builds the pages the portal serves, from a public URL with or without a trailing slash or a prefix', () => {
    expect(invitationLink('https://sdilna.example', 'c.i.s3cr3t')).toBe(
      'https://sdilna.example/auth/invitation?token=c.i.s3cr3t',
    );
    expect(passwordResetLink('https://sdilna.example/', 'r.s')).toBe(
      'https://sdilna.example/auth/password-reset/confirm?token=r.s',
    );
    expect(edcConnectorLink('https://example.cz/sdilna//', COMMUNITY)).toBe(
      `https://example.cz/sdilna/admin/${COMMUNITY}/edc-connector`,
    );
    expect(settlementsLink('http://localhost:3000', COMMUNITY)).toBe(
      `http://localhost:3000/admin/${COMMUNITY}/settlements`,
    );
  });

  it('encodes what it puts in the URL', () => {
    expect(invitationLink('https://x.cz', 'a b&c=d/é')).toBe(
      'https://x.cz/auth/invitation?token=a%20b%26c%3Dd%2F%C3%A9',
    );
    expect(portalLink('https://x.cz', MAILED_ROUTES.settlements, { communityId: '../x' })).toBe(
      'https://x.cz/admin/..%2Fx/settlements',
    );
  });

  it('refuses a half-built link', () => {
    expect(() => portalLink('https://x.cz', MAILED_ROUTES.settlements)).toThrow(/:communityId/);
    expect(() => portalLink('https://x.cz', MAILED_ROUTES.invitation)).toThrow(/\?token/);
    expect(() =>
      portalLink('https://x.cz', MAILED_ROUTES.invitation, { communityId: 'x' }, { token: 't' }),
    ).toThrow(/no segment for communityId/);
    expect(() => portalLink('https://x.cz', MAILED_ROUTES.passwordReset, {}, { token: 't' })).toThrow(
      /reads no/,
    );
  });

  it('names absolute paths without a legacy route', () => {
    for (const route of Object.values(MAILED_ROUTES)) {
      expect(route.path.startsWith('/')).toBe(true);
      expect(route.path).not.toMatch(/invitations\/accept|reset-password|\/communities\//);
    }
  });
});
