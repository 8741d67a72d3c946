import { ApiException } from './api-error';

/**
 * Deepest JSON body the API parses. No request of the contract nests deeper than a handful of levels; a body
 * nested thousands deep is refused by a byte scan before JSON.parse and class-transformer walk it.
 */
export const MAX_JSON_DEPTH = 32;

export type HostileInputCode = 'JSON_TOO_DEEP' | 'INPUT_CHARACTER_INVALID';

/** Input that no field of the contract accepts, refused before any handler, guard or database sees it. */
export class HostileInputException extends ApiException {
  readonly status = 400;

  constructor(code: HostileInputCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The nesting depth of a JSON text, read byte by byte (strings skipped); stops as soon as `limit` is passed. */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) depth--;
  }
  return false;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a text no field accepts: PostgreSQL stores neither a NUL nor a lone UTF-16 surrogate. */
export function unsafeTextProblem(text: string): string | undefined {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return `contains a NUL character at position ${nul + 1}`;
  const lone = LONE_SURROGATE.exec(text);
  if (lone) return `contains a lone UTF-16 surrogate at position ${lone.index + 1} (not valid Unicode text)`;
  return undefined;
}

/**
 * The first string (value or key) of a parsed body or query that no field accepts, with its path. Walks with
 * an explicit stack, so even a deep value cannot overflow the call stack.
 */
export function findUnsafeText(value: unknown, root: string): { field: string; problem: string } | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: string };
    if (typeof current === 'string') {
      const problem = unsafeTextProblem(current);
      if (problem !== undefined) return { field: path, problem };
    } else if (typeof current === 'object' && current !== null && !Buffer.isBuffer(current)) {
      for (const [key, child] of Object.entries(current as Record<string, unknown>)) {
        const childPath = Array.isArray(current) ? `${path}[${key}]` : `${path}.${key}`;
        const keyProblem = unsafeTextProblem(key);
        if (keyProblem !== undefined) return { field: childPath, problem: `its name ${keyProblem}` };
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return undefined;
}
