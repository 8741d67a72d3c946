export { DatabaseModule } from './database.module';
export { ensureDatabase, runMigrations, syncApplicationRolePassword } from './migrate';
export { TenantDatabase } from './tenant-database';
