/**
 * What a log line may not carry: credentials, tokens and personal data. pino removes these paths from every
 * line (request headers, and the `err`/`body` objects a handler might log); URLs are cleaned separately because
 * tokens and e-mail addresses travel in query strings (invitation and reset links).
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers["x-metrics-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
  '*.email',
  '*.iban',
  '*.accountNumber',
];

const SECRET_QUERY_KEYS = /^(token|refreshToken|accessToken|code|email|password|iban)$/i;

/** The URL with the values of secret or personal query parameters replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const query = url
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals < 0 ? pair : pair.slice(0, equals);
      return SECRET_QUERY_KEYS.test(decodeSafely(key)) ? `${key}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, question)}?${query}`;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const COMMUNITY_PATH =
  /^\/api\/communities\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?]|$)/i;

/** The community a request addresses, read from its path: every tenant route sits under /api/communities/:id. */
export function communityIdOfUrl(url: string): string | undefined {
  return COMMUNITY_PATH.exec(url)?.[1]?.toLowerCase();
}
