import { describe, expect, it } from 'vitest';

import { EnqueueDeadlineError, withinDeadline } from './enqueue-deadline';

describe('withinDeadline', () => {
  it('answers the work when it settles in time', async () => {
    await expect(withinDeadline(Promise.resolve('added'), 1000)).resolves.toBe('added');
  });

  it('passes on the work’s own failure', async () => {
    await expect(withinDeadline(Promise.reject(new Error('refused')), 1000)).rejects.toThrow('refused');
  });

  it('rejects when the work never settles (a Redis outage buffers the command forever)', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withinDeadline(never, 20)).rejects.toBeInstanceOf(EnqueueDeadlineError);
  });
});
