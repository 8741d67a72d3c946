import { describe, expect, it } from 'vitest';

import { daysInRange } from '@sdilna/shared/domain-core';

import { profileWeights, scaleProfile } from './typical-load-profile';

describe('typical load profiles', () => {
  it('scale a year to the consumption exactly, to the hundredth of a kWh', () => {
    const days = daysInRange('2025-11-01', '2026-10-31');
    const demand = scaleProfile('household', days, 350_037);
    let total = 0;
    for (const values of demand.values()) for (const value of values) total += value;
    expect(total).toBe(350_037);
    // The DST days keep their 92 and 100 quarter hours.
    expect(demand.get('2026-03-29')?.length).toBe(92);
    expect(demand.get('2025-10-26') ?? demand.get('2026-10-25')).toHaveLength(100);
  });

  it('draw a household more on a winter evening than on a summer night, and an SME on a working day', () => {
    const january = profileWeights('household', '2026-01-14');
    const july = profileWeights('household', '2026-07-15');
    expect(january[19 * 4] as number).toBeGreaterThan(july[3 * 4] as number);
    const monday = profileWeights('sme', '2026-01-12');
    const sunday = profileWeights('sme', '2026-01-11');
    expect(monday[10 * 4] as number).toBeGreaterThan(3 * (sunday[10 * 4] as number));
  });
});
