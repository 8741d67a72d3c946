import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

import { DEFAULT_EDC_MAX_KWH_PER_INTERVAL, MAX_EDC_MAX_KWH_PER_INTERVAL } from '@sdilna/shared/domain-edc';

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

/**
 * Defaults that make `npm run demo` and `npm test` work on a fresh machine.
 * They apply only outside production: a production process must be told everything.
 */
const DEVELOPMENT_DEFAULTS: Readonly<Record<string, string>> = {
  DATABASE_URL: 'postgres://sdilna_app@127.0.0.1:5432/sdilna',
  MIGRATION_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sdilna',
  REDIS_URL: 'redis://127.0.0.1:6379',
  PORT: '3000',
  JWT_ACCESS_SECRET: 'development-access-secret-change-me',
  JWT_REFRESH_SECRET: 'development-refresh-secret-change-me',
  PUBLIC_URL: 'http://localhost:3000',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  MAIL_FROM: 'Sdílna <noreply@sdilna.local>',
  INBOX_DIR: '.data/inbox',
  UPLOAD_DIR: '.data/uploads',
  PORTAL_DIR: 'dist/apps/portal/browser',
  QUEUE_PREFIX: 'sdilna',
  // A development key only, so the demo's connector works on a fresh clone; production must bring its own.
  EDC_CREDENTIALS_KEYS: 'dev1:c2RpbG5hLWRldmVsb3BtZW50LW9ubHktZWRjLWtleSE=',
};

/**
 * Delivery of mail through the queue and the platform's card fee, in every environment: production may tune them,
 * tests shorten the backoff.
 */
export const MAIL_AND_PAYMENT_DEFAULTS: Readonly<Record<string, string>> = {
  // 5 attempts, 30 s doubling: a relay that is down for ~8 minutes still gets every mail.
  MAIL_ATTEMPTS: '5',
  MAIL_BACKOFF_MS: '30000',
  // The platform's fee on a member's card payment to the community's connected Stripe account: 1 %.
  STRIPE_APPLICATION_FEE_BP: '100',
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The EDC portal connector's settings (docs/edc-portal.md), in every environment: the defaults are the real
 * portal's documented values, so production needs to set only what EDC changes. Kept in one place on purpose.
 */
export const EDC_PORTAL_DEFAULTS: Readonly<Record<string, string>> = {
  EDC_SSO_URL: 'https://sso.portal.edc-cr.cz/auth/realms/edc',
  EDC_CLIENT_ID: 'a63c22a3-6e1d-4eac-b383-d06373da046a',
  EDC_REDIRECT_URI: 'https://portal.edc-cr.cz/',
  EDC_SCOPE: 'openid',
  EDC_API_URL: 'https://api.portal.edc-cr.cz/api/v0',
  EDC_ORIGIN: 'https://portal.edc-cr.cz',
  EDC_CONTRACT_TYPE: 'STANDARD',
  // The public tools use only MONTHLY; the daily calculation's value is not confirmed (edc-portal.md).
  EDC_DAILY_CALCULATION_TYPE: 'DAILY',
  EDC_MONTHLY_CALCULATION_TYPE: 'MONTHLY',
  EDC_FINAL_AFTER_DAY: '12',
  EDC_DAILY_LOOKBACK_DAYS: '5',
  EDC_NIGHT_WINDOW: '01:00-05:00',
  EDC_HTTP_TIMEOUT_MS: '30000',
  EDC_REPORT_POLL_MS: '5000',
  EDC_REPORT_TIMEOUT_MS: '900000',
  EDC_RETRY_ATTEMPTS: '4',
  EDC_RETRY_DELAY_MS: '300000',
  EDC_NOTIFY_AFTER_FAILURES: '3',
};

const EDC_KEY_LIST = /^[A-Za-z0-9_-]{1,20}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,20}:[A-Za-z0-9+/]{43}=)*$/;

export const DEFAULT_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

const PROXY_ENTRY = String.raw`(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(?:\/\d{1,3})?)`;
const TRUSTED_PROXIES = new RegExp(`^\\s*${PROXY_ENTRY}(?:\\s*,\\s*${PROXY_ENTRY})*\\s*$`);
const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;
const REDIS_URL = /^rediss?:\/\/.+/;

/** The one place that reads the environment (house-style: no `process.env` elsewhere). */
export class AppConfig {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV!: NodeEnvironment;

  /** The application's connection: a role without BYPASSRLS, so row-level security applies. */
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  /** The schema owner's connection, used only to run migrations. */
  @Matches(POSTGRES_URL, { message: 'MIGRATION_DATABASE_URL must be a postgres:// URL' })
  MIGRATION_DATABASE_URL!: string;

  @Matches(REDIS_URL, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL!: string;

  @Transform(toInt)
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsString()
  @MinLength(16, { message: 'JWT_ACCESS_SECRET must be at least 16 characters' })
  JWT_ACCESS_SECRET!: string;

  @IsString()
  @MinLength(16, { message: 'JWT_REFRESH_SECRET must be at least 16 characters' })
  JWT_REFRESH_SECRET!: string;

  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'PUBLIC_URL must be an http(s) URL' },
  )
  PUBLIC_URL!: string;

  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL!: string;

  @IsString()
  MAIL_FROM!: string;

  @IsString()
  INBOX_DIR!: string;

  @IsString()
  UPLOAD_DIR!: string;

  /** Largest accepted EDC upload in bytes; a 1 000-point month is ~36 MB. Default 200 MB in every environment. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'UPLOAD_MAX_BYTES must be a whole number of bytes' })
  @Min(1024, { message: 'UPLOAD_MAX_BYTES must be at least 1024' })
  UPLOAD_MAX_BYTES?: number;

  get uploadMaxBytes(): number {
    return this.UPLOAD_MAX_BYTES ?? DEFAULT_UPLOAD_MAX_BYTES;
  }

  /**
   * Plausibility limit of one 15-minute EDC value in kWh: an import with a larger value fails at its line and
   * column. Default 10 000 kWh (40 MW); at most 21 474 836, the largest value that can be stored.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'EDC_MAX_KWH_PER_INTERVAL must be a whole number of kWh' })
  @Min(1, { message: 'EDC_MAX_KWH_PER_INTERVAL must be at least 1' })
  @Max(MAX_EDC_MAX_KWH_PER_INTERVAL, {
    message: `EDC_MAX_KWH_PER_INTERVAL must be at most ${MAX_EDC_MAX_KWH_PER_INTERVAL} (the largest value that can be stored)`,
  })
  EDC_MAX_KWH_PER_INTERVAL?: number;

  get edcMaxKwhPerInterval(): number {
    return this.EDC_MAX_KWH_PER_INTERVAL ?? DEFAULT_EDC_MAX_KWH_PER_INTERVAL;
  }

  /** The built portal that the API serves in production; absent in development (the portal has its own server). */
  @IsString()
  PORTAL_DIR!: string;

  /** Redis key prefix of every queue; separate test runs and stacks sharing one Redis use their own. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1-40 letters, digits, - or _' })
  QUEUE_PREFIX!: string;

  /** Billing stays off until a Stripe key is configured. */
  @IsOptional()
  @Matches(/^sk_(test|live)_\w+/, { message: 'STRIPE_SECRET_KEY must start with sk_test_ or sk_live_' })
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Matches(/^whsec_\w+/, { message: 'STRIPE_WEBHOOK_SECRET must start with whsec_' })
  STRIPE_WEBHOOK_SECRET?: string;

  /** Points the Stripe client at a local stub in tests; unset in production. */
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'STRIPE_API_BASE must be an http(s) URL' },
  )
  STRIPE_API_BASE?: string;

  /** The Stripe price of one active metering point per month: the community subscription's unit. */
  @IsOptional()
  @Matches(/^price_\w+/, { message: 'STRIPE_PRICE_ID must start with price_' })
  STRIPE_PRICE_ID?: string;

  /** pino level of the JSON logs; `info` by default, `warn` under test so that runs print problems only. */
  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  get logLevel(): LogLevel {
    return this.LOG_LEVEL ?? (this.NODE_ENV === 'test' ? 'warn' : 'info');
  }

  /** Bearer token that unlocks `GET /metrics`; while unset the route answers 404. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /**
   * The reverse proxies in front of the API whose X-Forwarded-For is believed (Express `trust proxy`): comma-
   * separated IP addresses, CIDR ranges or `loopback`, `linklocal`, `uniquelocal`. Unset, no header is believed
   * and the client address is the connection's, so a caller cannot pick the address the sign-in limits count.
   */
  @IsOptional()
  @Matches(TRUSTED_PROXIES, {
    message:
      'TRUSTED_PROXIES must be comma-separated IP addresses, CIDR ranges or loopback, linklocal, uniquelocal',
  })
  TRUSTED_PROXIES?: string;

  /**
   * Wrong passwords one client address may send in 15 minutes, over any accounts (password spraying), before
   * its sign-ins are refused. An office behind one NAT address shares it. Default 30.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SIGN_IN_ADDRESS_LIMIT must be a whole number' })
  @Min(1, { message: 'SIGN_IN_ADDRESS_LIMIT must be at least 1' })
  SIGN_IN_ADDRESS_LIMIT?: number;

  get signInAddressLimit(): number {
    return this.SIGN_IN_ADDRESS_LIMIT ?? 30;
  }

  get trustedProxies(): string[] {
    return (this.TRUSTED_PROXIES ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }

  get stripeEnabled(): boolean {
    return this.STRIPE_SECRET_KEY !== undefined;
  }

  /**
   * Keys that encrypt the EDC credentials at rest: `id:base64,id:base64` of 32-byte AES-256 keys, the LAST one
   * encrypts new writes, every listed one still decrypts (so a key rotates by appending a new one). Without it the
   * connector is unavailable on this server.
   */
  @IsOptional()
  @Matches(EDC_KEY_LIST, {
    message: 'EDC_CREDENTIALS_KEYS must be id:base64 pairs of 32-byte keys separated by commas',
  })
  EDC_CREDENTIALS_KEYS?: string;

  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'EDC_SSO_URL must be an http(s) URL' },
  )
  EDC_SSO_URL!: string;

  @IsString()
  @MinLength(1)
  EDC_CLIENT_ID!: string;

  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'EDC_REDIRECT_URI must be an http(s) URL' },
  )
  EDC_REDIRECT_URI!: string;

  @IsString()
  @MinLength(1)
  EDC_SCOPE!: string;

  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'EDC_API_URL must be an http(s) URL' },
  )
  EDC_API_URL!: string;

  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'] },
    { message: 'EDC_ORIGIN must be an http(s) URL' },
  )
  EDC_ORIGIN!: string;

  @Matches(/^[A-Z_]{1,40}$/, { message: 'EDC_CONTRACT_TYPE must be capital letters, e.g. STANDARD' })
  EDC_CONTRACT_TYPE!: string;

  @Matches(/^[A-Z_]{1,40}$/, { message: 'EDC_DAILY_CALCULATION_TYPE must be capital letters, e.g. DAILY' })
  EDC_DAILY_CALCULATION_TYPE!: string;

  @Matches(/^[A-Z_]{1,40}$/, {
    message: 'EDC_MONTHLY_CALCULATION_TYPE must be capital letters, e.g. MONTHLY',
  })
  EDC_MONTHLY_CALCULATION_TYPE!: string;

  /** From this day of the next month a month's final (monthly) calculation is fetched. */
  @Transform(toInt)
  @IsInt({ message: 'EDC_FINAL_AFTER_DAY must be a day of the month (1-28)' })
  @Min(1)
  @Max(28)
  EDC_FINAL_AFTER_DAY!: number;

  @Transform(toInt)
  @IsInt({ message: 'EDC_DAILY_LOOKBACK_DAYS must be a whole number of days (1-31)' })
  @Min(1)
  @Max(31)
  EDC_DAILY_LOOKBACK_DAYS!: number;

  /** Prague wall-clock window in which each community's nightly fetch gets its own minute, e.g. 01:00-05:00. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
    message: 'EDC_NIGHT_WINDOW must be HH:MM-HH:MM, e.g. 01:00-05:00',
  })
  EDC_NIGHT_WINDOW!: string;

  @Transform(toInt)
  @IsInt({ message: 'EDC_HTTP_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  EDC_HTTP_TIMEOUT_MS!: number;

  @Transform(toInt)
  @IsInt({ message: 'EDC_REPORT_POLL_MS must be a whole number of milliseconds' })
  @Min(10)
  EDC_REPORT_POLL_MS!: number;

  /** How long a requested report may stay unfinished before the attempt gives up. */
  @Transform(toInt)
  @IsInt({ message: 'EDC_REPORT_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100)
  EDC_REPORT_TIMEOUT_MS!: number;

  @Transform(toInt)
  @IsInt({ message: 'EDC_RETRY_ATTEMPTS must be a whole number (1-10)' })
  @Min(1)
  @Max(10)
  EDC_RETRY_ATTEMPTS!: number;

  /** First retry delay; each next one doubles (BullMQ exponential backoff). */
  @Transform(toInt)
  @IsInt({ message: 'EDC_RETRY_DELAY_MS must be a whole number of milliseconds' })
  @Min(0)
  EDC_RETRY_DELAY_MS!: number;

  /** After this many failed runs in a row the community's administrators get an e-mail (once, until a success). */
  @Transform(toInt)
  @IsInt({ message: 'EDC_NOTIFY_AFTER_FAILURES must be a whole number (1-100)' })
  @Min(1)
  @Max(100)
  EDC_NOTIFY_AFTER_FAILURES!: number;

  /** How many times the worker tries one mail before its delivery is `failed` (1-20). */
  @Transform(toInt)
  @IsInt({ message: 'MAIL_ATTEMPTS must be a whole number (1-20)' })
  @Min(1, { message: 'MAIL_ATTEMPTS must be at least 1' })
  @Max(20, { message: 'MAIL_ATTEMPTS must be at most 20' })
  MAIL_ATTEMPTS!: number;

  /** The first retry's delay in ms; each further retry waits twice as long (BullMQ's exponential backoff). */
  @Transform(toInt)
  @IsInt({ message: 'MAIL_BACKOFF_MS must be a whole number of milliseconds' })
  @Min(0, { message: 'MAIL_BACKOFF_MS must be at least 0' })
  @Max(3_600_000, { message: 'MAIL_BACKOFF_MS must be at most 3600000 (one hour)' })
  MAIL_BACKOFF_MS!: number;

  /** The platform's application fee on a card payment of a document, in basis points of the amount (0-10000). */
  @Transform(toInt)
  @IsInt({ message: 'STRIPE_APPLICATION_FEE_BP must be a whole number of basis points (0-10000)' })
  @Min(0, { message: 'STRIPE_APPLICATION_FEE_BP must be at least 0' })
  @Max(10_000, { message: 'STRIPE_APPLICATION_FEE_BP must be at most 10000 (100 %)' })
  STRIPE_APPLICATION_FEE_BP!: number;

  get edcConnectorAvailable(): boolean {
    return this.EDC_CREDENTIALS_KEYS !== undefined;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a ConfigError naming every bad or missing variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const nodeEnv = env['NODE_ENV'] ?? 'development';
  const defaults = nodeEnv === 'production' ? {} : DEVELOPMENT_DEFAULTS;
  const raw: Record<string, string | undefined> = { NODE_ENV: nodeEnv };
  for (const key of Object.keys(DEVELOPMENT_DEFAULTS).concat([
    'STRIPE_SECRET_KEY',
    'STRIPE_WEBHOOK_SECRET',
    'STRIPE_API_BASE',
    'STRIPE_PRICE_ID',
    'UPLOAD_MAX_BYTES',
    'EDC_MAX_KWH_PER_INTERVAL',
    'LOG_LEVEL',
    'METRICS_TOKEN',
    'TRUSTED_PROXIES',
    'SIGN_IN_ADDRESS_LIMIT',
  ])) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : value;
  }
  for (const [key, fallback] of Object.entries({ ...EDC_PORTAL_DEFAULTS, ...MAIL_AND_PAYMENT_DEFAULTS })) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? fallback : value;
  }
  if (raw['MIGRATION_DATABASE_URL'] === undefined) raw['MIGRATION_DATABASE_URL'] = raw['DATABASE_URL'];
  // Safe everywhere, production included: only stacks sharing one Redis need to set it.
  raw['QUEUE_PREFIX'] ??= 'sdilna';
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      const messages = Object.values(error.constraints ?? {});
      return raw[error.property] === undefined
        ? `${error.property} is missing`
        : `${error.property}: ${messages.join('; ')}`;
    });
    throw new ConfigError(problems);
  }
  return config;
}
