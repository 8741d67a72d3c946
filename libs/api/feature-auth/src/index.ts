export { AuthException } from './auth.exception';
export type { AuthErrorCode } from './auth.exception';
export { AuthModule } from './auth.module';
export { AccessTokenVerifier } from './access-token-verifier';
export type { VerifiedAccess } from './access-token-verifier';
