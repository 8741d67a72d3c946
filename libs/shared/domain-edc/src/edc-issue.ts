/** A problem found in an EDC file, positioned so a person can open the file and see it. */
export type EdcIssueSeverity = 'error' | 'warning';

export interface EdcIssue {
  readonly severity: EdcIssueSeverity;
  readonly file: string;
  /** 1-based line in the file (the header is line 1) */
  readonly line: number;
  /** 1-based field (column) index within the line; 0 when the problem concerns the whole line */
  readonly column: number;
  /** what is wrong and what was expected */
  readonly message: string;
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
