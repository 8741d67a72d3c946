import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PriceKind = 'supplier-energy' | 'feed-in';

@Entity({ name: 'metering_point_prices' })
export class MeteringPointPriceEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'metering_point_id', type: 'uuid' })
  meteringPointId!: string;

  @Column({ type: 'text' })
  kind!: PriceKind;

  /** Hundredths of a haléř per kWh (4.50 Kč/kWh = 45 000), the unit domain-core prices energy with. */
  @Column({ name: 'price_centi_halere_per_kwh', type: 'integer' })
  priceCentiHalerePerKwh!: number;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;
}
