import { Global, Module } from '@nestjs/common';

import { AppConfig, loadConfig } from './app-config';

/** Provides the validated AppConfig; reading it at module construction makes a bad value stop the boot. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: (): AppConfig => loadConfig(process.env) }],
  exports: [AppConfig],
})
export class ConfigModule {}
