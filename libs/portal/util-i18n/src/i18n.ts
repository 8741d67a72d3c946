import { DOCUMENT } from '@angular/common';
import { computed, effect, inject, Injectable, signal } from '@angular/core';
import { IntlMessageFormat } from 'intl-messageformat';

import { apiProblemOf } from './api-problem';
import { cs, type MessageKey } from './messages-cs';
import { en } from './messages-en';

export type Language = 'cs' | 'en';
export const LANGUAGES: readonly Language[] = ['cs', 'en'];
/** Placeholder values; null (e.g. a pipe's answer to an empty input) shows as nothing. */
export type MessageParams = Readonly<Record<string, string | number | null | undefined>>;

const STORAGE_KEY = 'sdilna.language';
const DICTIONARIES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { cs, en };

/** The portal's texts in Czech (default) and English; the language is a signal, so templates follow a switch. */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(readStoredLanguage());
  readonly language = this.current.asReadonly();
  private readonly dictionary = computed(() => DICTIONARIES[this.current()]);

  constructor() {
    effect(() => {
      const language = this.current();
      this.document.documentElement.lang = language;
      try {
        localStorage.setItem(STORAGE_KEY, language);
      } catch {
        // storage may be unavailable (private mode); the switch still works for this visit
      }
    });
  }

  use(language: Language): void {
    this.current.set(language);
  }

  /**
   * The text of `key` in the current language, with `{name}` placeholders filled from `params`. A text with an
   * ICU plural or select (`{count, plural, one {# import} few {# importy} other {# importů}}`) is formatted by
   * intl-messageformat with the language's plural rules (Czech: one, few, many, other).
   */
  t(key: MessageKey, params?: MessageParams): string {
    const language = this.current();
    const text = this.dictionary()[key];
    return isIcu(text) ? formatIcu(language, key, text, params) : interpolate(text, params);
  }

  /** An API or network failure in words: a known code in the current language, else the API's own message. */
  describeError(error: unknown): { readonly text: string; readonly details: readonly string[] } {
    const problem = apiProblemOf(error);
    if (problem.code === 'NETWORK') return { text: this.t('error.network'), details: [] };
    const codeKey = `error.${problem.code}`;
    // a party per line, each with what it lacks in words (an unknown problem code stays as the code)
    const details =
      problem.parties?.map(
        (party) =>
          `${party.name}: ${party.problems
            .map((code) =>
              this.has(`partyProblem.${code}`) ? this.t(`partyProblem.${code}` as MessageKey) : code,
            )
            .join(', ')}`,
      ) ?? problem.details;
    if (this.has(codeKey)) {
      return { text: withoutMissing(this.t(codeKey, problem.params)), details };
    }
    const base =
      problem.status === 404
        ? this.t('error.NOT_FOUND')
        : problem.status >= 500
          ? this.t('error.server')
          : this.t('error.request', { status: problem.status });
    return { text: problem.message ? `${base} ${problem.message}` : base, details };
  }

  /** Whether a dynamic key (e.g. an API error code) has a text. */
  has(key: string): key is MessageKey {
    return Object.prototype.hasOwnProperty.call(cs, key);
  }
}

/** Whether a text uses ICU plural/select syntax; plain `{name}` texts keep the cheap interpolation. */
export function isIcu(text: string): boolean {
  return /\{\s*\w+\s*,\s*(?:plural|select|selectordinal)\s*,/.test(text);
}

const formats = new Map<string, IntlMessageFormat>();

/** An ICU text in `language`; the parsed format is kept per language and key. */
export function formatIcu(language: Language, key: string, text: string, params?: MessageParams): string {
  const cacheKey = `${language}|${key}`;
  let format = formats.get(cacheKey);
  if (format === undefined) {
    format = new IntlMessageFormat(text, language);
    formats.set(cacheKey, format);
  }
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {}))
    values[name] = value === null || value === undefined ? '' : value;
  try {
    return String(format.format(values));
  } catch {
    // a parameter the caller did not pass: the text without the plural choice beats a broken page
    return interpolate(text, params);
  }
}

export function interpolate(text: string, params?: MessageParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return value === null || value === undefined ? '' : String(value);
  });
}

/** A placeholder the API did not fill is dropped with its parenthesis, never shown as `{limit}`. */
function withoutMissing(text: string): string {
  return text
    .replace(/\s*\([^()]*\{\w+\}[^()]*\)/g, '')
    .replace(/\{\w+\}/g, '…')
    .trim();
}

function readStoredLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'cs';
  } catch {
    return 'cs';
  }
}
