import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { SourceKind } from '@sdilna/shared/util-api-contract';

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
