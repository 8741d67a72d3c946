import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('fills safe defaults in development so a fresh clone starts', () => {
    const config = loadConfig({});
    expect(config.NODE_ENV).toBe('development');
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.stripeEnabled).toBe(false);
  });

  it('refuses a production start without secrets and names each missing variable', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toContain('DATABASE_URL is missing');
    expect(problems).toContain('JWT_ACCESS_SECRET is missing');
    expect(problems).toContain('REDIS_URL is missing');
  });

  it('names a malformed value and what was expected', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: .*PORT must be a whole number/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL must be a redis:\/\//);
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'pk_test_123' })).toThrow(
      /STRIPE_SECRET_KEY must start with sk_test_/,
    );
  });

  it('turns billing on when a Stripe key is configured', () => {
    expect(loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc' }).stripeEnabled).toBe(true);
  });

  it('uses the application connection for migrations when no owner connection is given', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@db/sdilna',
      REDIS_URL: 'redis://redis:6379',
      PORT: '8080',
      JWT_ACCESS_SECRET: 'a'.repeat(32),
      JWT_REFRESH_SECRET: 'b'.repeat(32),
      PUBLIC_URL: 'https://sdilna.example',
      SMTP_URL: 'smtp://mail:25',
      MAIL_FROM: 'noreply@sdilna.example',
      INBOX_DIR: '/var/sdilna/inbox',
      UPLOAD_DIR: '/var/sdilna/uploads',
      PORTAL_DIR: '/app/portal',
    });
    expect(config.MIGRATION_DATABASE_URL).toBe('postgres://app@db/sdilna');
    expect(config.PORT).toBe(8080);
  });

  it('limits uploads to 200 MB unless UPLOAD_MAX_BYTES says otherwise, and refuses a non-number', () => {
    expect(loadConfig({}).uploadMaxBytes).toBe(200 * 1024 * 1024);
    expect(loadConfig({ UPLOAD_MAX_BYTES: '5000' }).uploadMaxBytes).toBe(5000);
    expect(() => loadConfig({ UPLOAD_MAX_BYTES: '200MB' })).toThrow(
      /UPLOAD_MAX_BYTES must be a whole number of bytes/,
    );
  });
  it('limits one 15-minute EDC value to 10 000 kWh unless EDC_MAX_KWH_PER_INTERVAL says otherwise, within what can be stored', () => {
    expect(loadConfig({}).edcMaxKwhPerInterval).toBe(10_000);
    expect(loadConfig({ EDC_MAX_KWH_PER_INTERVAL: '250' }).edcMaxKwhPerInterval).toBe(250);
    expect(() => loadConfig({ EDC_MAX_KWH_PER_INTERVAL: '10 MWh' })).toThrow(
      /EDC_MAX_KWH_PER_INTERVAL must be a whole number of kWh/,
    );
    expect(() => loadConfig({ EDC_MAX_KWH_PER_INTERVAL: '0' })).toThrow(/must be at least 1/);
    expect(() => loadConfig({ EDC_MAX_KWH_PER_INTERVAL: '21474837' })).toThrow(
      /EDC_MAX_KWH_PER_INTERVAL must be at most 21474836/,
    );
  });
  it('points the EDC connector at the real portal by default and lets every URL be configured', () => {
    const config = loadConfig({});
    expect(config.EDC_SSO_URL).toBe('https://sso.portal.edc-cr.cz/auth/realms/edc');
    expect(config.EDC_CLIENT_ID).toBe('a63c22a3-6e1d-4eac-b383-d06373da046a');
    expect(config.EDC_REDIRECT_URI).toBe('https://portal.edc-cr.cz/');
    expect(config.EDC_API_URL).toBe('https://api.portal.edc-cr.cz/api/v0');
    expect(config.EDC_MONTHLY_CALCULATION_TYPE).toBe('MONTHLY');
    expect(config.EDC_FINAL_AFTER_DAY).toBe(12);
    expect(loadConfig({ EDC_API_URL: 'http://127.0.0.1:9999/api/v0' }).EDC_API_URL).toBe(
      'http://127.0.0.1:9999/api/v0',
    );
  });

  it('offers the EDC connector only with credential keys, and refuses a malformed key list', () => {
    expect(loadConfig({}).edcConnectorAvailable).toBe(true);
    expect(() => loadConfig({ EDC_CREDENTIALS_KEYS: 'k1:short' })).toThrow(
      /EDC_CREDENTIALS_KEYS must be id:base64/,
    );
    expect(() => loadConfig({ EDC_NIGHT_WINDOW: '1-5' })).toThrow(/EDC_NIGHT_WINDOW must be HH:MM-HH:MM/);
    expect(() => loadConfig({ EDC_FINAL_AFTER_DAY: '31' })).toThrow(/EDC_FINAL_AFTER_DAY/);
  });
});
