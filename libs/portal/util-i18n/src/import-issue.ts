import type { I18n } from './i18n';

/** A problem of an EDC import as the API stores it (`ImportWarning` of the contract). */
export interface ImportIssueLike {
  readonly message: string;
  readonly code?: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly ean?: string;
}

type Params = Record<string, string | number>;

/**
 * Problems stored before the API gave them a code (English text only): the known ones are recognised by their
 * wording and told in the UI's language with their parameters; an unknown one keeps the API's text. A problem
 * with a `code` is told by `importIssue.code.<code>` with its `params`.
 */
const PATTERNS: readonly {
  readonly pattern: RegExp;
  readonly key: string;
  readonly params: (match: RegExpMatchArray, i18n: I18n) => Params;
}[] = [
  {
    pattern: /^pair (\S+): EAN (\d+) is not a registered metering point of this community/,
    key: 'importIssue.unregisteredPair',
    params: (m) => ({ pair: m[1] ?? '', ean: m[2] ?? '' }),
  },
  {
    pattern: /^EAN (\d+)(?: \(\w+\))? is not a registered metering point of this community/,
    key: 'importIssue.unregistered',
    params: (m) => ({ ean: m[1] ?? '' }),
  },
  {
    pattern:
      /^EAN (\d+) is registered as (production|consumption) but the file has it as (production|consumption)/,
    key: 'importIssue.roleMismatch',
    params: (m, i18n) => ({
      ean: m[1] ?? '',
      registered: role(i18n, m[2]),
      file: role(i18n, m[3]),
    }),
  },
  {
    pattern: /^(\d+) has values in (\d+) intervals outside its registered validity/,
    key: 'importIssue.outsideValidity',
    params: (m) => ({ ean: m[1] ?? '', count: m[2] ?? '' }),
  },
  {
    pattern: /^The import could not be completed/,
    key: 'importIssue.notCompleted',
    params: () => ({}),
  },
];

const MORE = /\s*\(and (\d+) more problems with the header\)$/;

export function describeImportIssue(i18n: I18n, issue: string | ImportIssueLike | null | undefined): string {
  if (!issue) return '';
  const item: ImportIssueLike = typeof issue === 'string' ? { message: issue } : issue;
  const where = [
    item.file ? i18n.t('error.where.file', { file: item.file }) : '',
    item.line ? i18n.t('error.where.line', { line: item.line }) : '',
    item.column ? i18n.t('error.where.column', { column: item.column }) : '',
  ]
    .filter(Boolean)
    .join(', ');
  const text = issueText(i18n, item);
  return where ? `${capitalise(where)}: ${text}` : text;
}

/** Parameters whose value is a word of the API (a role, a kind of EAN problem), said in the UI's language. */
const WORD_PARAMS: Readonly<Record<string, string>> = {
  role: 'importIssue.role.',
  registered: 'importIssue.role.',
  file: 'importIssue.role.',
  expected: 'importIssue.role.',
  problem: 'importIssue.eanProblem.',
};

function issueText(i18n: I18n, item: ImportIssueLike): string {
  const codeKey = `importIssue.code.${item.code ?? ''}`;
  if (item.code && i18n.has(codeKey)) {
    const params: Params = { ean: item.ean ?? '' };
    for (const [name, value] of Object.entries(item.params ?? {})) {
      const prefix = WORD_PARAMS[name];
      const wordKey = `${prefix ?? ''}${value}`;
      params[name] = prefix !== undefined && i18n.has(wordKey) ? i18n.t(wordKey) : value;
    }
    const text = i18n.t(codeKey, params);
    const more = item.params?.['more'];
    return more ? `${text} ${i18n.t('importIssue.more', { count: more })}` : text;
  }
  const more = MORE.exec(item.message);
  const message = more ? item.message.slice(0, more.index) : item.message;
  for (const { pattern, key, params } of PATTERNS) {
    const match = message.match(pattern);
    if (match && i18n.has(key)) {
      const text = i18n.t(key, params(match, i18n));
      return more ? `${text} ${i18n.t('importIssue.more', { count: more[1] ?? '' })}` : text;
    }
  }
  return item.message;
}

function role(i18n: I18n, value: string | undefined): string {
  const key = `importIssue.role.${value ?? ''}`;
  return i18n.has(key) ? i18n.t(key) : (value ?? '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
