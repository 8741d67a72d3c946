import { Column, Entity, PrimaryColumn, VirtualColumn } from 'typeorm';

import type { MemberKind } from '@sdilna/shared/util-api-contract';

@Entity({ name: 'members' })
export class MemberEntity {
  @PrimaryColumn({ name: 'community_id', type: 'uuid' })
  communityId!: string;

  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: MemberKind;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'text', nullable: true })
  ico!: string | null;

  /** the VAT status in force today (Prague), from the member's dated rows; non-payer before the first */
  @VirtualColumn({ type: 'text', query: (alias) => todayRow(alias, `coalesce(%, 'non-payer')`, 'status') })
  vatStatus?: 'payer' | 'identified-person' | 'non-payer';

  /** the DIČ in force today, from the member's dated VAT rows */
  @VirtualColumn({ type: 'text', query: (alias) => todayRow(alias, '%', 'dic') })
  dic?: string | null;

  /** the day a producer agreed that the community issues its documents (§ 28 odst. 3 ZDPH) */
  @Column({ name: 'self_billing_agreed_on', type: 'date', nullable: true })
  selfBillingAgreedOn!: string | null;

  /** Voting weight in the community's assembly; 0 = no voting rights. */
  @Column({ type: 'integer' })
  votes!: number;

  /** The municipality a municipal unit (school, sports hall) belongs to. */
  @Column({ name: 'parent_member_id', type: 'uuid', nullable: true })
  parentMemberId!: string | null;

  /** The SME declaration: small or medium for kind sme, large for a large enterprise; null = not declared. */
  @Column({ name: 'enterprise_size', type: 'text', nullable: true })
  enterpriseSize!: 'small' | 'medium' | 'large' | null;

  /** The ORP where the member's points lie (the locality rule of a renewable community). */
  @Column({ type: 'text', nullable: true })
  orp!: string | null;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn!: string;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;
}

/** A column of the member's VAT row in force today, wrapped by `expression` (`%` stands for the column). */
function todayRow(alias: string, expression: string, column: 'status' | 'dic'): string {
  return `SELECT ${expression.replace(
    '%',
    `(SELECT s.${column} FROM member_vat_statuses s
      WHERE s.community_id = ${alias}.community_id AND s.member_id = ${alias}.id
        AND s.valid_from <= (now() AT TIME ZONE 'Europe/Prague')::date
      ORDER BY s.valid_from DESC LIMIT 1)`,
  )}`;
}
