import { describe, expect, it } from 'vitest';

import { priceFor, type CommunityPriceList } from './price-list';
import { SettlementError } from './settlement-error';

const producer = '859182400000000001';
const otherProducer = '859182400000000002';
const consumer = '859182400000000011';

const list: CommunityPriceList = {
  id: '2026',
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  bands: [
    { id: 'VT', label: 'vysoký tarif', weekdays: [1, 2, 3, 4, 5], windows: [{ from: '08:00', to: '20:00' }] },
  ],
  rules: [
    { price: 300_000, bandPrices: { VT: 350_000 } },
    { producerEan: producer, price: 280_000 },
    { producerEan: producer, consumerEan: consumer, price: 250_000 },
  ],
};

describe('priceFor', () => {
  it('takes the most specific rule: pair over producer over community default', () => {
    const monday10 = Date.parse('2026-06-01T08:00:00Z'); // 10:00 Prague (CEST)
    expect(priceFor([list], { producerEan: producer, consumerEan: consumer }, monday10)).toMatchObject({
      price: 250_000,
      level: 'pair',
    });
    expect(
      priceFor([list], { producerEan: producer, consumerEan: '859182400000000012' }, monday10),
    ).toMatchObject({
      price: 280_000,
      level: 'producer',
    });
    expect(priceFor([list], { producerEan: otherProducer, consumerEan: consumer }, monday10)).toMatchObject({
      price: 350_000,
      bandId: 'VT',
      level: 'default',
    });
  });

  it('decides the band by Prague wall-clock time, not UTC', () => {
    const pair = { producerEan: otherProducer, consumerEan: consumer };
    // 18:00 UTC on a summer Monday is 20:00 in Prague: outside VT although 18:00 is inside 08–20.
    expect(priceFor([list], pair, Date.parse('2026-06-01T18:00:00Z')).bandId).toBe('base');
    // 07:00 UTC in winter is 08:00 Prague: inside VT.
    expect(priceFor([list], pair, Date.parse('2026-01-05T07:00:00Z')).bandId).toBe('VT');
    // Saturday noon: not a VT weekday.
    expect(priceFor([list], pair, Date.parse('2026-06-06T10:00:00Z'))).toMatchObject({
      bandId: 'base',
      price: 300_000,
    });
  });

  it('uses the price list valid on the Prague day and refuses instants no list covers', () => {
    const next: CommunityPriceList = { id: '2027', validFrom: '2027-01-01', rules: [{ price: 320_000 }] };
    const pair = { producerEan: otherProducer, consumerEan: consumer };
    // 2026-12-31T23:30Z is already 1 January 2027 in Prague.
    expect(priceFor([list, next], pair, Date.parse('2026-12-31T23:30:00Z')).priceListId).toBe('2027');
    expect(() => priceFor([list], pair, Date.parse('2025-12-31T12:00:00Z'))).toThrow(SettlementError);
  });

  it('rejects overlapping price lists and a list without a default rule', () => {
    const overlapping: CommunityPriceList = { id: 'x', validFrom: '2026-06-01', rules: [{ price: 1 }] };
    expect(() => priceFor([list, overlapping], { producerEan: producer, consumerEan: consumer }, 0)).toThrow(
      /overlaps/,
    );
    const noDefault: CommunityPriceList = {
      id: 'y',
      validFrom: '2026-01-01',
      rules: [{ producerEan: producer, price: 1 }],
    };
    expect(() =>
      priceFor(
        [noDefault],
        { producerEan: producer, consumerEan: consumer },
        Date.parse('2026-02-01T00:00:00Z'),
      ),
    ).toThrow(/no default rule/);
  });
});
