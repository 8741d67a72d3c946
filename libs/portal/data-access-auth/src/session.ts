import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { finalize, firstValueFrom, type Observable, shareReplay, tap } from 'rxjs';

import type {
  AcceptInvitationRequest,
  CommunityRole,
  Me,
  Membership,
  SessionInfo,
  SignupRequest,
  TokenPair,
  TwoFactorChallenge,
  TwoFactorEnrollment,
} from './auth-models';
import { TokenStorage } from './token-storage';

interface SignupAnswer extends TokenPair {
  readonly community: { readonly id: string };
}

interface AcceptedInvitation extends TokenPair {
  readonly communityId: string;
  readonly role: CommunityRole;
}

/** The signed-in user: tokens, `/api/me` and the way home. One instance for the whole portal. */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly http = inject(HttpClient);
  private readonly storage = inject(TokenStorage);
  private readonly router = inject(Router);

  private readonly tokens = signal<TokenPair | undefined>(this.storage.read());
  private readonly meState = signal<Me | undefined>(undefined);
  private refreshing: Observable<TokenPair> | undefined;
  private loadingMe: Promise<Me | undefined> | undefined;

  readonly me = this.meState.asReadonly();
  readonly signedIn = computed(() => this.tokens() !== undefined);
  readonly accessToken = computed(() => this.tokens()?.accessToken);
  readonly memberships = computed<readonly Membership[]>(() => this.meState()?.memberships ?? []);

  /** `/api/me` once per session; undefined when nobody is signed in or the session has ended. */
  ensureMe(): Promise<Me | undefined> {
    const known = this.meState();
    if (known) return Promise.resolve(known);
    if (!this.tokens()) return Promise.resolve(undefined);
    this.loadingMe ??= firstValueFrom(this.http.get<Me>('/api/me'))
      .then((me) => {
        this.meState.set(me);
        return me;
      })
      .catch(() => {
        this.clear();
        return undefined;
      })
      .finally(() => (this.loadingMe = undefined));
    return this.loadingMe;
  }

  /** Signs in, or answers the challenge of an account with two-factor sign-in (finish with `completeTwoFactor`). */
  async login(email: string, password: string): Promise<Me | undefined | TwoFactorChallenge> {
    const answer = await firstValueFrom(
      this.http.post<TokenPair | TwoFactorChallenge>('/api/auth/login', { email, password }),
    );
    if ('twoFactorRequired' in answer) return answer;
    return this.start(answer);
  }

  async completeTwoFactor(
    challengeToken: string,
    second: { code: string } | { recoveryCode: string },
  ): Promise<Me | undefined> {
    const pair = await firstValueFrom(
      this.http.post<TokenPair>('/api/auth/login/two-factor', { challengeToken, ...second }),
    );
    return this.start(pair);
  }

  startTwoFactorEnrollment(): Promise<TwoFactorEnrollment> {
    return firstValueFrom(this.http.post<TwoFactorEnrollment>('/api/auth/two-factor/enrollment', {}));
  }

  /** Confirms the authenticator; the session's new access token has no enrolment restriction any more. */
  async confirmTwoFactorEnrollment(code: string): Promise<readonly string[]> {
    const answer = await firstValueFrom(
      this.http.post<{ recoveryCodes: string[]; accessToken: string }>(
        '/api/auth/two-factor/enrollment/confirm',
        {
          code,
        },
      ),
    );
    const refreshToken = this.tokens()?.refreshToken;
    if (refreshToken !== undefined) await this.start({ accessToken: answer.accessToken, refreshToken });
    return answer.recoveryCodes;
  }

  async regenerateRecoveryCodes(code: string): Promise<readonly string[]> {
    const answer = await firstValueFrom(
      this.http.post<{ recoveryCodes: string[] }>('/api/auth/two-factor/recovery-codes', { code }),
    );
    return answer.recoveryCodes;
  }

  /** Turns two-factor sign-in off (password and a code or a recovery code); `me` is read again. */
  async disableTwoFactor(
    password: string,
    second: { code: string } | { recoveryCode: string },
  ): Promise<void> {
    await firstValueFrom(this.http.post('/api/auth/two-factor/disable', { password, ...second }));
    this.meState.set(undefined);
    await this.ensureMe();
  }

  sessions(): Promise<SessionInfo[]> {
    return firstValueFrom(this.http.get<SessionInfo[]>('/api/auth/sessions'));
  }

  endSession(sessionId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/auth/sessions/${sessionId}`));
  }

  twoFactorPolicy(communityId: string): Promise<{ required: boolean }> {
    return firstValueFrom(
      this.http.get<{ required: boolean }>(`/api/communities/${communityId}/two-factor-policy`),
    );
  }

  setTwoFactorPolicy(communityId: string, required: boolean): Promise<{ required: boolean }> {
    return firstValueFrom(
      this.http.put<{ required: boolean }>(`/api/communities/${communityId}/two-factor-policy`, { required }),
    );
  }

  async signup(request: SignupRequest): Promise<{ me: Me | undefined; communityId: string }> {
    const answer = await firstValueFrom(this.http.post<SignupAnswer>('/api/auth/signup', request));
    return { me: await this.start(answer), communityId: answer.community.id };
  }

  async acceptInvitation(request: AcceptInvitationRequest): Promise<Me | undefined> {
    const answer = await firstValueFrom(
      this.http.post<AcceptedInvitation>('/api/auth/invitations/accept', request),
    );
    return this.start(answer);
  }

  requestPasswordReset(email: string): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/auth/password-reset', { email }));
  }

  confirmPasswordReset(token: string, password: string): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/auth/password-reset/confirm', { token, password }));
  }

  async logout(): Promise<void> {
    if (this.tokens()) {
      // The API ends the session server-side; signing out locally must work even when it cannot be reached.
      await firstValueFrom(this.http.post('/api/auth/logout', {})).catch(() => undefined);
    }
    this.clear();
    await this.router.navigateByUrl('/auth/login');
  }

  /** One refresh at a time: parallel 401s share it, because each refresh token works only once. */
  refresh(): Observable<TokenPair> {
    const refreshToken = this.tokens()?.refreshToken;
    if (!refreshToken) throw new Error('no refresh token');
    this.refreshing ??= this.http.post<TokenPair>('/api/auth/refresh', { refreshToken }).pipe(
      tap((pair) => this.setTokens(pair)),
      finalize(() => (this.refreshing = undefined)),
      shareReplay(1),
    );
    return this.refreshing;
  }

  canRefresh(): boolean {
    return this.tokens()?.refreshToken !== undefined;
  }

  /** The session ended (refresh refused): back to the login page, returning here afterwards. */
  expire(): void {
    this.clear();
    const returnUrl = this.router.url;
    void this.router.navigate(['/auth/login'], {
      queryParams: { returnUrl: returnUrl.startsWith('/auth') ? undefined : returnUrl, expired: 1 },
    });
  }

  rolesIn(communityId: string): CommunityRole[] {
    return this.memberships()
      .filter((m) => m.communityId === communityId)
      .map((m) => m.role);
  }

  /** Where a signed-in user starts: the first community they administer, else their own member page. */
  homeUrl(me: Me | undefined = this.meState()): string {
    // A community requires a second factor this session does not have: enrolment is the only way on.
    if (me?.twoFactorRequired === true) return '/auth/security';
    const memberships = me?.memberships ?? [];
    const admin = memberships.find((m) => m.role === 'community-admin');
    if (admin) return `/admin/${admin.communityId}`;
    const member = memberships.find((m) => m.role === 'member' && m.memberId);
    if (member?.memberId) return `/member/${member.communityId}/${member.memberId}`;
    const accountant = memberships.find((m) => m.role === 'municipality-accountant' && m.memberId);
    if (accountant?.memberId) return `/municipality/${accountant.communityId}/${accountant.memberId}`;
    return '/no-community';
  }

  private async start(pair: TokenPair): Promise<Me | undefined> {
    this.meState.set(undefined);
    this.setTokens(pair);
    return this.ensureMe();
  }

  private setTokens(pair: TokenPair): void {
    const tokens = { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
    this.storage.write(tokens);
    this.tokens.set(tokens);
  }

  private clear(): void {
    this.storage.clear();
    this.tokens.set(undefined);
    this.meState.set(undefined);
  }
}
