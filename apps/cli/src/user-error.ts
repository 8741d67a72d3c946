/** A problem the user can fix (bad argument, unreadable or invalid file): one line on stderr, exit code 2. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export const EXIT_OK = 0;
export const EXIT_MISMATCH = 1;
export const EXIT_USER_ERROR = 2;
/** a defect in the CLI itself, not the user's input */
export const EXIT_INTERNAL_ERROR = 3;
