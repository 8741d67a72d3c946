export { AppConfig, ConfigError, loadConfig, NODE_ENVIRONMENTS } from './app-config';
export type { NodeEnvironment } from './app-config';
export { ConfigModule } from './config.module';
