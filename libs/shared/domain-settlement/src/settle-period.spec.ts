import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { amountForEnergy, pricePerKwhFromText, pricePerMwhFromText } from './price';
import { settlePeriod } from './settle-period';
import { COMMUNITY_PARTY_ID } from './settlement-result';
import { aConsumer, aFlatPriceList, aPair, aProducer, aSettlementInput, intervalsOf } from './test-community';

const june = intervalsOf('2026-06-01', '2026-06-30');
const allYear = [{ validFrom: '2026-01-01', price: 0 }];
const dated = (price: number) => [{ validFrom: '2026-01-01', price }];

describe('settlePeriod', () => {
  it('saves a member 100 Kč on 100 kWh shared at 3.00 Kč when their supplier charges 4.00 Kč', () => {
    const producer = aProducer('p', { feedInPrices: allYear });
    const consumer = aConsumer('c', { supplierPrices: dated(pricePerKwhFromText('4.00')) });
    const result = settlePeriod(
      aSettlementInput({
        members: [producer, consumer],
        priceLists: [aFlatPriceList(pricePerKwhFromText('3.00'))],
        sharing: {
          ...june,
          pairs: [aPair(producer.ean, consumer.ean, june.intervalCount, { 40: 6_000, 41: 4_000 })],
        },
      }),
    );
    const summary = result.members.find((m) => m.memberId === 'c');
    expect(summary?.receivedEnergy).toBe(10_000);
    expect(summary?.consumerSaving).toBe(10_000); // 100.00 Kč
    expect(summary?.purchases.net).toBe(30_000); // 300.00 Kč
  });

  it('reports a missing supplier price once per member, as day ranges, and computes no savings for it', () => {
    const producer = aProducer('p', { name: 'ČOV', feedInPrices: allYear });
    const consumer = aConsumer('c', {
      name: 'Jana Nováková',
      supplierPrices: [{ validFrom: '2026-06-11', price: pricePerKwhFromText('6.50') }],
    });
    const day = (d: number) => (d - 1) * 96 + 40; // 10:00 on day d of June (no DST change)
    const result = settlePeriod(
      aSettlementInput({
        members: [producer, consumer],
        priceLists: [aFlatPriceList(pricePerKwhFromText('3.00'))],
        sharing: {
          ...june,
          pairs: [
            aPair(producer.ean, consumer.ean, june.intervalCount, {
              [day(1)]: 100,
              [day(2)]: 100,
              [day(3)]: 100,
              [day(5)]: 100,
              [day(20)]: 100,
            }),
          ],
        },
      }),
    );
    expect(result.warnings).toEqual([
      {
        code: 'PRICE_MISSING',
        params: {
          member: 'Jana Nováková',
          memberId: 'c',
          price: 'supplier',
          days: '2026-06-01 – 2026-06-03, 2026-06-05',
        },
        message:
          'Jana Nováková has no supplier price on 2026-06-01 – 2026-06-03, 2026-06-05: savings are not computed',
      },
    ]);
    expect(result.members.find((m) => m.memberId === 'c')?.consumerSaving).toBeUndefined();
  });

  it('reproduces the Lomnice prices: 3.00 shared vs 6.50 purchase and 2.00 feed-in', () => {
    const producer = aProducer('cov', { feedInPrices: dated(pricePerKwhFromText('2,00')) });
    const consumer = aConsumer('skola', { supplierPrices: dated(pricePerKwhFromText('6,50')) });
    const result = settlePeriod(
      aSettlementInput({
        members: [producer, consumer],
        priceLists: [aFlatPriceList(pricePerKwhFromText('3,00'))],
        sharing: { ...june, pairs: [aPair(producer.ean, consumer.ean, june.intervalCount, { 50: 100_000 })] }, // 1 000 kWh
      }),
    );
    const byId = new Map(result.members.map((m) => [m.memberId, m]));
    expect(byId.get('skola')?.consumerSaving).toBe(350_000); // 1 000 kWh × 3.50 Kč
    expect(byId.get('cov')?.producerGain).toBe(100_000); // 1 000 kWh × 1.00 Kč
    expect(byId.get('cov')?.sales.net).toBe(300_000);
  });

  it('reproduces the Kamenné vrchy prices: 4 500 Kč/MWh shared vs 8 000 purchase and 500 feed-in', () => {
    const producer = aProducer('hasici', { feedInPrices: dated(pricePerMwhFromText('500')) });
    const consumer = aConsumer('urad', { supplierPrices: dated(pricePerMwhFromText('8 000')) });
    const result = settlePeriod(
      aSettlementInput({
        members: [producer, consumer],
        priceLists: [aFlatPriceList(pricePerMwhFromText('4 500'))],
        sharing: { ...june, pairs: [aPair(producer.ean, consumer.ean, june.intervalCount, { 10: 71_300 })] }, // 713 kWh
      }),
    );
    const byId = new Map(result.members.map((m) => [m.memberId, m]));
    expect(byId.get('urad')?.purchases.net).toBe(320_850); // 713 × 4.50 = 3 208.50 Kč
    expect(byId.get('urad')?.consumerSaving).toBe(249_550); // 713 × 3.50 = 2 495.50 Kč
    expect(byId.get('hasici')?.producerGain).toBe(285_200); // 713 × 4.00 = 2 852.00 Kč
  });

  it('charges VAT only where the seller is a VAT payer', () => {
    const payer = aProducer('payer', { vatStatus: 'payer' });
    const nonPayer = aProducer('nonpayer', { vatStatus: 'non-payer' });
    const consumer = aConsumer('c');
    const result = settlePeriod(
      aSettlementInput({
        community: { vatStatus: 'payer' },
        members: [payer, nonPayer, consumer],
        sharing: {
          ...june,
          pairs: [
            aPair(payer.ean, consumer.ean, june.intervalCount, { 0: 1_000 }),
            aPair(nonPayer.ean, consumer.ean, june.intervalCount, { 1: 1_000 }),
          ],
        },
      }),
    );
    const sale = (id: string) => result.lines.find((line) => line.sellerId === id);
    expect(sale('payer')).toMatchObject({ net: 3_000, vatRate: 2100, vat: 630, gross: 3_630 });
    expect(sale('nonpayer')).toMatchObject({ net: 3_000, vatRate: 0, vat: 0, gross: 3_000 });
    expect(sale(COMMUNITY_PARTY_ID)).toMatchObject({ energy: 2_000, net: 6_000, vat: 1_260 });
  });

  it('prices high-tariff and low-tariff hours separately by Prague time', () => {
    const producer = aProducer('p');
    const consumer = aConsumer('c');
    // June 1st 2026 is a Monday; interval 40 starts 10:00 Prague, interval 90 starts 22:30.
    const result = settlePeriod(
      aSettlementInput({
        members: [producer, consumer],
        priceLists: [
          aFlatPriceList(200_000, {
            bands: [
              { id: 'VT', label: 'VT', weekdays: [1, 2, 3, 4, 5], windows: [{ from: '06:00', to: '22:00' }] },
            ],
            rules: [{ price: 200_000, bandPrices: { VT: 400_000 } }],
          }),
        ],
        sharing: {
          ...june,
          pairs: [aPair(producer.ean, consumer.ean, june.intervalCount, { 40: 1_000, 90: 1_000 })],
        },
      }),
    );
    const consumerLines = result.lines.filter((line) => line.buyerId === 'c');
    expect(consumerLines.map((line) => [line.bandId, line.net]).sort()).toEqual([
      ['VT', 4_000],
      ['base', 2_000],
    ]);
  });

  it('lets a municipality recharge its two units and pay nothing through the community', () => {
    const town = aProducer('obec', { kind: 'municipality', vatStatus: 'payer', name: 'Obec' });
    const school = aConsumer('zs', { kind: 'municipal-unit', parentMemberId: 'obec' });
    const hall = aConsumer('hala', { kind: 'municipal-unit', parentMemberId: 'obec' });
    const result = settlePeriod(
      aSettlementInput({
        members: [town, school, hall],
        sharing: {
          ...june,
          pairs: [
            aPair(town.ean, school.ean, june.intervalCount, { 0: 1_000 }),
            aPair(town.ean, hall.ean, june.intervalCount, { 0: 2_000 }),
          ],
        },
      }),
    );
    expect(
      result.lines.map((line) => [
        line.channel,
        line.sellerId,
        line.buyerId,
        line.issuerId,
        line.net,
        line.vat,
      ]),
    ).toEqual([
      ['internal', 'obec', 'hala', 'obec', 6_000, 1_260],
      ['internal', 'obec', 'zs', 'obec', 3_000, 630],
    ]);
    expect(result.totals).toMatchObject({
      consumersPayNet: 9_000,
      producersReceiveNet: 9_000,
      communityMarginNet: 0,
    });
  });

  it('balances: what consumers pay equals what producers receive plus the community margin', () => {
    const producers = [aProducer('p1'), aProducer('p2')];
    const consumers = [aConsumer('c1'), aConsumer('c2'), aConsumer('c3')];
    const result = settlePeriod(
      aSettlementInput({
        members: [...producers, ...consumers],
        priceLists: [aFlatPriceList(300_000, { communityMarginPerMwh: 20_000 })],
        sharing: {
          ...june,
          pairs: [
            aPair(producers[0]!.ean, consumers[0]!.ean, june.intervalCount, { 0: 12_345, 5: 1 }),
            aPair(producers[0]!.ean, consumers[1]!.ean, june.intervalCount, { 0: 777 }),
            aPair(producers[1]!.ean, consumers[2]!.ean, june.intervalCount, { 3: 50_001 }),
          ],
        },
      }),
    );
    const { consumersPayNet, producersReceiveNet, communityMarginNet } = result.totals;
    expect(consumersPayNet).toBe(producersReceiveNet + communityMarginNet);
    // 631.23 kWh × 0.20 Kč = 126.246 Kč; the margin also absorbs the lines' own roundings
    expect(Math.abs(communityMarginNet - 12_625)).toBeLessThanOrEqual(3);
    const received = result.members.reduce((sum, m) => sum + m.receivedEnergy, 0);
    const supplied = result.members.reduce((sum, m) => sum + m.suppliedEnergy, 0);
    expect(received).toBe(supplied);
  });

  it('rounds once per line: many small intervals are summed before pricing', () => {
    const producer = aProducer('p');
    const consumer = aConsumer('c');
    const energyAt: Record<number, number> = {};
    for (let i = 0; i < 1_000; i++) energyAt[i] = 1; // 1 000 × 0.01 kWh at 4.5 Kč/MWh: 0.045 Kč each
    const result = settlePeriod(
      aSettlementInput({
        members: [producer, consumer],
        priceLists: [aFlatPriceList(450_000)],
        sharing: { ...june, pairs: [aPair(producer.ean, consumer.ean, june.intervalCount, energyAt)] },
      }),
    );
    const line = result.lines.find((l) => l.buyerId === 'c');
    expect(line?.net).toBe(4_500); // 45.00 Kč, not 1 000 × 0.05 = 50 Kč
  });

  it('refuses sharing to a metering point that belongs to no member', () => {
    const producer = aProducer('p');
    expect(() =>
      settlePeriod(
        aSettlementInput({
          members: [producer],
          sharing: {
            ...june,
            pairs: [aPair(producer.ean, '859182400999999999', june.intervalCount, { 0: 1 })],
          },
        }),
      ),
    ).toThrow(/belongs to no member/);
  });

  it('keeps every line equal to round(energy × price) and VAT to round(net × rate) for any data', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 4 }),
            fc.integer({ min: 0, max: 2_879 }),
            fc.integer({ min: 1, max: 500_000 }),
          ),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.boolean(),
        (entries, price, communityPaysVat) => {
          const producers = [aProducer('p0', { vatStatus: 'payer' }), aProducer('p1')];
          const consumers = [aConsumer('c0'), aConsumer('c1'), aConsumer('c2')];
          const pairs = entries.map(([pairIndex, interval, energy]) =>
            aPair(producers[pairIndex % 2]!.ean, consumers[pairIndex % 3]!.ean, june.intervalCount, {
              [interval]: energy,
            }),
          );
          const result = settlePeriod(
            aSettlementInput({
              community: { vatStatus: communityPaysVat ? 'payer' : 'non-payer' },
              members: [...producers, ...consumers],
              priceLists: [aFlatPriceList(price)],
              sharing: { ...june, pairs },
            }),
          );
          for (const line of result.lines) {
            expect(line.net).toBe(amountForEnergy(line.energy, line.unitPrice));
            expect(line.gross).toBe(line.net + line.vat);
          }
          const total = entries.reduce((sum, [, , energy]) => sum + energy, 0);
          expect(result.totals.sharedEnergy).toBe(total);
          expect(result.totals.consumersPayNet - result.totals.producersReceiveNet).toBe(
            result.totals.communityMarginNet,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
