import { Subject, of, throwError } from 'rxjs';

import { ApiCall } from './api-call';

describe('ApiCall', () => {
  it('is busy while the call runs and answers true when it succeeds', async () => {
    const call = new ApiCall();
    const answer = new Subject<string>();
    const done = call.run(() => answer);
    expect(call.busy()).toBe(true);
    answer.next('ok');
    answer.complete();
    expect(await done).toBe(true);
    expect(call.busy()).toBe(false);
    expect(call.error()).toBeUndefined();
  });

  it('keeps the error of a failed call and answers false', async () => {
    const call = new ApiCall();
    const failure = new Error('409');
    expect(await call.run(() => throwError(() => failure))).toBe(false);
    expect(call.error()).toBe(failure);
    expect(call.busy()).toBe(false);
  });

  it('takes a promise as well as an observable', async () => {
    const call = new ApiCall();
    expect(await call.run(() => Promise.resolve('sent'))).toBe(true);
    expect(await call.run(() => Promise.reject(new Error('mail down')))).toBe(false);
    expect((call.error() as Error).message).toBe('mail down');
  });

  it('clears the last error when the next call starts, or when asked', async () => {
    const call = new ApiCall();
    await call.run(() => throwError(() => new Error('first')));
    const next = call.run(() => of(1));
    expect(call.error()).toBeUndefined();
    await next;
    await call.run(() => throwError(() => new Error('again')));
    call.clear();
    expect(call.error()).toBeUndefined();
  });
});
