import { describe, expect, it } from 'vitest';

import { admittedInRenewableCommunity } from './source-kinds';

describe('admittedInRenewableCommunity', () => {
  it('admits renewable plants and storage', () => {
    for (const kind of ['pv', 'wind', 'hydro', 'biogas', 'battery'] as const)
      expect(admittedInRenewableCommunity(kind)).toBe(true);
  });

  it('refuses CHP and unspecified plants', () => {
    expect(admittedInRenewableCommunity('chp')).toBe(false);
    expect(admittedInRenewableCommunity('other')).toBe(false);
  });
});
