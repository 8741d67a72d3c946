import { signal } from '@angular/core';
import { firstValueFrom, isObservable, type Observable } from 'rxjs';

/**
 * The API call behind a form's button: `busy` while it runs (the page disables its buttons), `error` for
 * `<sd-api-error>`. A new call clears the last error; `clear()` does it when the form stops a submit itself.
 */
export class ApiCall {
  readonly busy = signal(false);
  readonly error = signal<unknown>(undefined);

  /** Runs the call once; true when it answered, false when it failed (its error is kept in `error`). */
  async run(call: () => Observable<unknown> | Promise<unknown>): Promise<boolean> {
    this.error.set(undefined);
    this.busy.set(true);
    try {
      const pending = call();
      await (isObservable(pending) ? firstValueFrom(pending) : pending);
      return true;
    } catch (error) {
      this.error.set(error);
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  clear(): void {
    this.error.set(undefined);
  }
}
