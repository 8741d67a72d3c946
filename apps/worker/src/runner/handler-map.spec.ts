import { describe, expect, it } from 'vitest';

import { JOB_NAMES } from '@sdilna/api/util-jobs';

import { buildHandlerMap } from './handler-map';

const every = JOB_NAMES.map((job) => ({ job, handler: `${job}-handler`, name: `${job}Handler` }));

describe('buildHandlerMap', () => {
  it('maps each registered job to its one handler', () => {
    const map = buildHandlerMap(every);
    for (const job of JOB_NAMES) expect(map.get(job)).toBe(`${job}-handler`);
  });

  it('refuses a registry where a job has no handler', () => {
    expect(() => buildHandlerMap(every.slice(1))).toThrow(`job "${JOB_NAMES[0]}" has no handler`);
  });

  it('refuses two handlers for the same job', () => {
    const twice = [...every, { job: JOB_NAMES[0] as string, handler: 'other', name: 'OtherHandler' }];
    expect(() => buildHandlerMap(twice)).toThrow(/has 2 handlers/);
  });

  it('refuses a handler for a job the registry does not know', () => {
    expect(() => buildHandlerMap([...every, { job: 'nope.job', handler: 'x', name: 'NopeHandler' }])).toThrow(
      /not in the job registry/,
    );
  });
});
