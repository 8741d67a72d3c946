export { DatabaseModule } from './database.module';
export { ensureDatabase, runMigrations } from './migrate';
export { TenantDatabase } from './tenant-database';
