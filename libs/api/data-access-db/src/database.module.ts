import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig } from '@sdilna/api/util-config';

import { TenantDatabase } from './tenant-database';

/** The application's connection pool (as the RLS-bound app role) and the tenant transaction helper. */
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
  providers: [TenantDatabase],
  exports: [TenantDatabase],
})
export class DatabaseModule {}
