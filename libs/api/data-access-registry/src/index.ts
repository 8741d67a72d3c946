export { AccessException } from './access.exception';
export type { AccessErrorCode } from './access.exception';
export { AuditLog } from './audit-log';
export type { AuditRecord } from './audit-log';
export { maskAccount } from './audit-log';
export { canSeeMember, CommunityAccess } from './community-access';
export type { Access, CallerAccessRow } from './community-access';
export {
  PG_CHECK_VIOLATION,
  PG_EXCLUSION_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  postgresError,
} from './database-error';
export type { PostgresErrorInfo } from './database-error';
export { AllocationKeyEntity, AllocationKeyPairEntity } from './entities/allocation-key.entity';
export { AuditEntryEntity } from './entities/audit-entry.entity';
export type { AuditAction, AuditEntity } from './entities/audit-entry.entity';
export { CommunityEntity } from './entities/community.entity';
export { GenerationSourceEntity } from './entities/generation-source.entity';
export { InvitationEntity } from './entities/invitation.entity';
export { MemberEntity } from './entities/member.entity';
export { MembershipEntity } from './entities/membership.entity';
export { MeteringPointPriceEntity } from './entities/metering-point-price.entity';
export type { PriceKind } from './entities/metering-point-price.entity';
export { MeteringPointEntity } from './entities/metering-point.entity';
export type { MeteringPointRole } from './entities/metering-point.entity';
export { SharingGroupEntity } from './entities/sharing-group.entity';
export { UserEntity } from './entities/user.entity';
export { REGISTRY_ENTITIES, RegistryDataModule } from './registry-data.module';
export { SharingGroupStore } from './sharing-group-store';
export type { GroupResolution } from './sharing-group-store';
export { emptyPage, mappingDatabaseErrors, pageOf, RegistryUseCase } from './registry-use-case';
export type { RegistryChange, RegistryList } from './registry-use-case';
export { CommunityStore } from './community-store';
export { runRows } from './import-rows';
export { firstDayOtherThan, IterationPeriodStore, iterationRequestedOn } from './iteration-periods';
export type { IterationPeriod } from './iteration-periods';
export type { RowOutcome } from './import-rows';
export { CommunityRolesGuard, RequireCommunityRole } from './community-roles.guard';
export { GroupRounds } from './group-rounds';
export { isValidOn, RegistryReader } from './registry-reader';
export type { RegisteredKeyVersion, RegisteredPoint } from './registry-reader';
export {
  checkPeriod,
  daysBetweenEnds,
  enqueueStaleRecompute,
  PeriodChangeStore,
  PeriodException,
  staleRanges,
  StaleRecompute,
  staleRecomputeJobIds,
  StaleMonthsStore,
} from './period-changes';
export type {
  DayRange,
  FinalDocument,
  PeriodChange,
  PeriodErrorCode,
  StaleMarks,
  StaleMonth,
} from './period-changes';
export { VatStatusStore } from './vat-status-store';
