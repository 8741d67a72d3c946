import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditLog } from './audit-log';
import { CommunityAccess } from './community-access';
import { StaleRecompute } from './period-changes';
import { RegistryUseCase } from './registry-use-case';
import { CommunityRolesGuard } from './community-roles.guard';
import { AllocationKeyEntity, AllocationKeyPairEntity } from './entities/allocation-key.entity';
import { AuditEntryEntity } from './entities/audit-entry.entity';
import { CommunityEntity } from './entities/community.entity';
import { GenerationSourceEntity } from './entities/generation-source.entity';
import { InvitationEntity } from './entities/invitation.entity';
import { MemberEntity } from './entities/member.entity';
import { MembershipEntity } from './entities/membership.entity';
import { MeteringPointPriceEntity } from './entities/metering-point-price.entity';
import { MeteringPointEntity } from './entities/metering-point.entity';
import { SharingGroupEntity } from './entities/sharing-group.entity';
import { UserEntity } from './entities/user.entity';

export const REGISTRY_ENTITIES = [
  UserEntity,
  CommunityEntity,
  SharingGroupEntity,
  MemberEntity,
  MembershipEntity,
  InvitationEntity,
  MeteringPointEntity,
  MeteringPointPriceEntity,
  GenerationSourceEntity,
  AllocationKeyEntity,
  AllocationKeyPairEntity,
  AuditEntryEntity,
];

/** Registers the registry's entities with the shared connection and provides access checks and the audit log. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(REGISTRY_ENTITIES)],
  providers: [CommunityAccess, AuditLog, CommunityRolesGuard, RegistryUseCase, StaleRecompute],
  exports: [CommunityAccess, AuditLog, CommunityRolesGuard, RegistryUseCase, StaleRecompute],
})
export class RegistryDataModule {}
