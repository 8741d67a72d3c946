import { describe, expect, it } from 'vitest';

import { edcOutOf, edcSign, measuredFromEdc, sharedFromEdc } from './edc-signs';

describe('EDC signs', () => {
  it('reads production as it stands and consumption negated', () => {
    expect(edcSign('production')).toBe(1);
    expect(edcSign('consumption')).toBe(-1);
    expect(measuredFromEdc('production', 125)).toBe(125);
    expect(measuredFromEdc('consumption', -125)).toBe(125);
  });

  it('takes shared energy as IN − OUT of a producer and OUT − IN of a consumer', () => {
    // a producer exports 1.25 kWh, 0.25 kWh are left after sharing: it shared 1.00 kWh
    expect(sharedFromEdc('production', 125, 25)).toBe(100);
    // a consumer imports 1.25 kWh (IN −1.25), 0.25 kWh are left to buy (OUT −0.25): it received 1.00 kWh
    expect(sharedFromEdc('consumption', -125, -25)).toBe(100);
    expect(sharedFromEdc('consumption', -125, -125)).toBe(0);
  });

  it('writes OUT back from IN and the shared energy, the inverse of sharedFromEdc', () => {
    expect(edcOutOf('production', 125, 100)).toBe(25);
    expect(edcOutOf('consumption', -125, 100)).toBe(-25);
    for (const role of ['production', 'consumption'] as const)
      for (const [edcIn, shared] of [
        [0, 0],
        [300, 7],
        [-300, 7],
      ] as const)
        expect(sharedFromEdc(role, edcIn, edcOutOf(role, edcIn, shared))).toBe(shared);
  });
});
