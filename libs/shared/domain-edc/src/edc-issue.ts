/** A problem found in an EDC file, positioned so a person can open the file and see it. */
export type EdcIssueSeverity = 'error' | 'warning';

/**
 * What kind of problem an issue is, so that a client tells it in its own language with `params` instead of
 * showing the English `message` (the import stores both; the portal has a text for every code).
 */
export const EDC_ISSUE_CODES = [
  'EMPTY_FILE',
  'UTF16_TEXT',
  'NOT_TEXT',
  'HEADER_LEADING',
  'HEADER_COLUMN',
  'HEADER_SUFFIX',
  'HEADER_EAN',
  'HEADER_ROLE_CONFLICT',
  'HEADER_DUPLICATE',
  'HEADER_NO_PARTNER',
  'PAIR_COLUMN',
  'PAIR_DUPLICATE',
  'FIELD_COUNT',
  'DATE_FORMAT',
  'DATE_ORDER',
  'DAYS_MISSING',
  'INTERVAL_SKIPPED',
  'INTERVAL_DUPLICATE',
  'INTERVAL_UNKNOWN',
  'TIME_FORMAT',
  'DAY_INCOMPLETE',
  'VALUE_FORMAT',
  'VALUE_TOO_LARGE',
  'VALUE_IMPLAUSIBLE',
  'NAN_VALUES',
  'PAIR_NEGATIVE',
  'OUT_WITHOUT_IN',
  'GROUP_BALANCE',
  'PRODUCTION_IN_NEGATIVE',
  'PRODUCTION_OUT_RANGE',
  'CONSUMPTION_IN_POSITIVE',
  'CONSUMPTION_OUT_RANGE',
  'NO_DATA',
  'NOT_EVALUATED',
] as const;
export type EdcIssueCode = (typeof EDC_ISSUE_CODES)[number];

/** The values a client puts into its text of the code (EANs, counts, dates, the offending cell). */
export type EdcIssueParams = Readonly<Record<string, string | number>>;

export interface EdcIssue {
  readonly severity: EdcIssueSeverity;
  readonly file: string;
  /** 1-based line in the file (the header is line 1) */
  readonly line: number;
  /** 1-based field (column) index within the line; 0 when the problem concerns the whole line */
  readonly column: number;
  /** what is wrong and what was expected */
  readonly message: string;
  readonly code: EdcIssueCode;
  readonly params: EdcIssueParams;
}

export function formatEdcIssue(issue: EdcIssue): string {
  const prefix = issue.severity === 'warning' ? 'warning: ' : '';
  return `${issue.file}:${issue.line}:${issue.column}: ${prefix}${issue.message}`;
}

/** Thrown when a file is rejected; `issues` holds every error found before reading stopped. */
export class EdcFormatError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly issues: readonly EdcIssue[];

  constructor(issues: readonly EdcIssue[]) {
    const first = issues[0];
    if (!first) throw new Error('EdcFormatError needs at least one issue');
    super(formatEdcIssue(first));
    this.name = 'EdcFormatError';
    this.file = first.file;
    this.line = first.line;
    this.column = first.column;
    this.issues = issues;
  }

  /** The issue's own message without the position prefix. */
  get reason(): string {
    return this.issues[0]?.message ?? this.message;
  }
}
