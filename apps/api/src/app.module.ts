import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';

import { DatabaseModule } from '@sdilna/api/data-access-db';
import { ReadingsDataModule } from '@sdilna/api/data-access-readings';
import { RegistryDataModule } from '@sdilna/api/data-access-registry';
import { AllocationKeysModule } from '@sdilna/api/feature-allocation-keys';
import { AuthModule } from '@sdilna/api/feature-auth';
import { BillingModule } from '@sdilna/api/feature-billing';
import { CommunitiesModule } from '@sdilna/api/feature-communities';
import { EdcConnectorModule } from '@sdilna/api/feature-edc-connector';
import { HealthModule } from '@sdilna/api/feature-health';
import { ImportsModule } from '@sdilna/api/feature-imports';
import { JoiningModule } from '@sdilna/api/feature-joining';
import { MembersModule } from '@sdilna/api/feature-members';
import { NotificationsModule } from '@sdilna/api/feature-notifications';
import { PrivacyModule } from '@sdilna/api/feature-privacy';
import { MeteringPointsModule } from '@sdilna/api/feature-metering-points';
import { MunicipalityModule } from '@sdilna/api/feature-municipality';
import { PaymentsModule } from '@sdilna/api/feature-payments';
import { SettlementsModule } from '@sdilna/api/feature-settlements';
import { SharingModule } from '@sdilna/api/feature-sharing';
import { SourcesModule } from '@sdilna/api/feature-sources';
import { ConfigModule } from '@sdilna/api/util-config';
import { ApiExceptionFilter, UnsafeTextMiddleware } from '@sdilna/api/util-http';
import { JobsModule } from '@sdilna/api/util-jobs';
import { MailModule } from '@sdilna/api/util-mail';
import { LoggingModule, ObservabilityModule } from '@sdilna/api/util-observability';

@Module({
  imports: [
    ConfigModule,
    LoggingModule.forRoot(),
    DatabaseModule,
    JobsModule.forRoot({ role: 'producer' }),
    MailModule,
    ObservabilityModule,
    RegistryDataModule,
    HealthModule,
    // AuthModule registers the global guard: every route below is private unless marked @Public().
    AuthModule,
    CommunitiesModule,
    MembersModule,
    NotificationsModule,
    PrivacyModule,
    MeteringPointsModule,
    SourcesModule,
    AllocationKeysModule,
    ReadingsDataModule,
    ImportsModule,
    SharingModule,
    SettlementsModule,
    PaymentsModule,
    MunicipalityModule,
    BillingModule,
    EdcConnectorModule,
    JoiningModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
})
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // After the body parsers, before every guard: credentials guards read the body too.
    consumer.apply(UnsafeTextMiddleware).forRoutes('*path');
  }
}
