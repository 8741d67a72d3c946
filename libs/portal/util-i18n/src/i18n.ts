import { DOCUMENT } from '@angular/common';
import { computed, effect, inject, Injectable, signal } from '@angular/core';

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

  /** The text of `key` in the current language, with `{name}` placeholders filled from `params`. */
  t(key: MessageKey, params?: MessageParams): string {
    return interpolate(this.dictionary()[key], params);
  }

  /** An API or network failure in words: a known code in the current language, else the API's own message. */
  describeError(error: unknown): { readonly text: string; readonly details: readonly string[] } {
    const problem = apiProblemOf(error);
    if (problem.code === 'NETWORK') return { text: this.t('error.network'), details: [] };
    const codeKey = `error.${problem.code}`;
    if (this.has(codeKey)) {
      return { text: withoutMissing(this.t(codeKey, problem.params)), details: problem.details };
    }
    const base =
      problem.status === 404
        ? this.t('error.NOT_FOUND')
        : problem.status >= 500
          ? this.t('error.server')
          : this.t('error.request', { status: problem.status });
    return { text: problem.message ? `${base} ${problem.message}` : base, details: problem.details };
  }

  /** Whether a dynamic key (e.g. an API error code) has a text. */
  has(key: string): key is MessageKey {
    return Object.prototype.hasOwnProperty.call(cs, key);
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
