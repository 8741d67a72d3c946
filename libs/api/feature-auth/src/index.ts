export { AuthException } from './auth.exception';
export type { AuthErrorCode } from './auth.exception';
export { AuthModule } from './auth.module';
