export { CrossTenantStore } from './cross-tenant-store';
export { DatabaseModule } from './database.module';
export {
  dropDatabase,
  ensureDatabase,
  pendingMigrations,
  revertMigrations,
  runMigrations,
  syncApplicationRolePassword,
} from './migrate';
export { prepareStatement, queryPrepared, type PreparedStatement } from './prepared-statement';
export { TenantDatabase } from './tenant-database';
export type { TenantStoreClass, TenantTransaction } from './tenant-transaction';
