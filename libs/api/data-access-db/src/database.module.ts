import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig } from '@sdilna/api/util-config';

import { CrossTenantStore } from './cross-tenant-store';
import { TenantDatabase } from './tenant-database';

/** The application's connection pool (as the RLS-bound app role), the tenant transaction helper and the system store. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        type: 'postgres' as const,
        url: config.DATABASE_URL,
        synchronize: false,
        migrationsRun: false,
        autoLoadEntities: true,
        logging: ['error' as const],
        extra: { max: 20, application_name: 'sdilna' },
      }),
    }),
  ],
  providers: [TenantDatabase, CrossTenantStore],
  exports: [TenantDatabase, CrossTenantStore],
})
export class DatabaseModule {}
