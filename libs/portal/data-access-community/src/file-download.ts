import { HttpErrorResponse } from '@angular/common/http';

/** Saves a fetched file under `name` (the API wants the token, so a plain link would not do). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * A failed file download's error with its body read as JSON: asked for a Blob, Angular hands the API's
 * `{ error: { code } }` over as a Blob too, and the page could then only say "error 409", not what went wrong.
 */
export async function readableError(error: unknown): Promise<unknown> {
  if (!(error instanceof HttpErrorResponse) || !(error.error instanceof Blob)) return error;
  try {
    return new HttpErrorResponse({
      error: JSON.parse(await error.error.text()) as unknown,
      headers: error.headers,
      status: error.status,
      statusText: error.statusText,
      ...(error.url ? { url: error.url } : {}),
    });
  } catch {
    return error;
  }
}
