/**
 * How long a request waits for Redis to accept a job. The request has already stored its work (a `queued`
 * batch, a draft run waiting for computation); the worker's queued-work sweep enqueues whatever did not get
 * through, so an answer never waits for Redis to come back (issue 16, defect 5).
 */
export const ENQUEUE_DEADLINE_MS = 2000;

export class EnqueueDeadlineError extends Error {
  constructor(ms: number) {
    super(`The job queue did not answer within ${ms} ms`);
    this.name = 'EnqueueDeadlineError';
  }
}

/**
 * Settles with `work`, or rejects after `ms`. The producer's connection keeps commands while Redis is away
 * (BullMQ needs `maxRetriesPerRequest: null`), so without a bound an enqueue during an outage never settles.
 * A command that goes through later is harmless: job ids are deterministic and the worker skips finished work.
 */
export async function withinDeadline<T>(work: Promise<T>, ms = ENQUEUE_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueDeadlineError(ms)), ms);
  });
  // The late outcome of `work` is nobody's business once the deadline won; keep it from surfacing as unhandled.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
