import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SourceKind = 'pv' | 'chp' | 'wind' | 'hydro' | 'biogas' | 'battery' | 'other';

export const SOURCE_KINDS: readonly SourceKind[] = [
  'pv',
  'chp',
  'wind',
  'hydro',
  'biogas',
  'battery',
  'other',
];

@Entity({ name: 'generation_sources' })
export class GenerationSourceEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: SourceKind;

  /** numeric(12,2) arrives as text; kept exact. */
  @Column({ name: 'installed_kw', type: 'numeric' })
  installedKw!: string;

  /** Derived by the database from the kind (a generated column), never written. */
  @Column({ type: 'boolean', insert: false, update: false })
  renewable!: boolean;

  @Column({ name: 'metering_point_id', type: 'uuid' })
  meteringPointId!: string;
}
