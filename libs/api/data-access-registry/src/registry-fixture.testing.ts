import { randomUUID } from 'node:crypto';

import { DataSource, type EntityManager } from 'typeorm';

import { TenantDatabase } from '@sdilna/api/data-access-db';
import { AuditLog } from './audit-log';
import { type Access, CommunityAccess } from './community-access';
import { CommunityEntity } from './entities/community.entity';
import { REGISTRY_ENTITIES } from './registry-data.module';
import { RegistryUseCase } from './registry-use-case';
import type { Principal, SessionClaims } from '@sdilna/api/util-auth';
import { eanWithCheckDigit } from '@sdilna/shared/domain-core';

/**
 * Caller access without sessions: the services' rules are what these tests are about, and sign-in has its own.
 * Administrators of every community, or a member who sees only the given members.
 */
class FixedAccess extends CommunityAccess {
  visible: ReadonlySet<string> | 'admin' = 'admin';

  override async resolve(
    manager: EntityManager,
    communityId: string,
    caller: SessionClaims,
  ): Promise<Access> {
    // The transaction's own community (RLS shows no other), for the rules that depend on its type.
    const [row] = (await manager.query(`SELECT type, territory_orp FROM communities`)) as Array<{
      type: CommunityEntity['type'];
      territory_orp: string[];
    }>;
    if (row === undefined) throw new Error(`no community ${communityId} in this transaction`);
    const community = Object.assign(new CommunityEntity(), {
      id: communityId,
      type: row.type,
      territoryOrp: row.territory_orp,
    });
    const admin = this.visible === 'admin';
    return {
      communityId,
      community,
      userId: caller.userId,
      roles: new Set([admin ? 'community-admin' : 'member']),
      isAdmin: admin,
      visibleMemberIds: admin ? new Set() : (this.visible as ReadonlySet<string>),
    };
  }
}

/** A registry over the integration database as the RLS-bound application role, with one caller. */
export class RegistryFixture {
  readonly dataSource = new DataSource({
    type: 'postgres',
    // eslint-disable-next-line no-restricted-syntax -- the integration tier's database as the RLS-bound app role
    url: process.env['DATABASE_URL'],
    entities: REGISTRY_ENTITIES,
    logging: ['error'],
  });
  readonly db = new TenantDatabase(this.dataSource);
  readonly access = new FixedAccess();
  readonly registry = new RegistryUseCase(this.db, this.access, new AuditLog());
  principal: Principal = { userId: '', sessionId: randomUUID(), email: '', platformAdmin: false };

  async start(): Promise<void> {
    await this.dataSource.initialize();
    const email = `fixture-${randomUUID()}@example.cz`;
    const [user] = await this.db.runGlobal((manager) =>
      manager.query(
        `INSERT INTO users (email, name, password_hash) VALUES ($1, 'Fixture', 'x') RETURNING id`,
        [email],
      ),
    );
    this.principal = { ...this.principal, userId: (user as { id: string }).id, email };
  }

  async stop(): Promise<void> {
    await this.dataSource.destroy();
  }

  /** The caller administers every community (the default) or is a member who sees only `memberIds`. */
  actAs(role: 'admin' | { member: readonly string[] }): void {
    this.access.visible = role === 'admin' ? 'admin' : new Set(role.member);
  }

  /** A new community with one sharing group and one member; answers their ids. */
  async community(
    type = 'energy-community',
  ): Promise<{ communityId: string; groupId: string; memberId: string }> {
    const [communityId, groupId, memberId] = [randomUUID(), randomUUID(), randomUUID()];
    await this.db.run(communityId, async (tx) => {
      await tx.query(`INSERT INTO communities (community_id, type, name) VALUES ($1, $2, 'Fixture')`, [
        communityId,
        type,
      ]);
      await tx.query(`INSERT INTO sharing_groups (community_id, id, name) VALUES ($1, $2, 'Group')`, [
        communityId,
        groupId,
      ]);
      await tx.query(
        `INSERT INTO members (community_id, id, kind, name, joined_on) VALUES ($1, $2, 'household', 'Member', '2026-01-01')`,
        [communityId, memberId],
      );
    });
    return { communityId, groupId, memberId };
  }
}

export function randomEan(): string {
  return eanWithCheckDigit(`8591824${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`);
}
