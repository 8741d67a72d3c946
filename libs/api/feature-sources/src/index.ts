export { SourcesException } from './sources.exception';
export type { SourcesErrorCode } from './sources.exception';
export { SourcesModule } from './sources.module';
