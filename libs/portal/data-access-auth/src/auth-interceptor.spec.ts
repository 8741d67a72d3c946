import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { authInterceptor } from './auth-interceptor';
import { TokenStorage } from './token-storage';

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let storage: TokenStorage;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem(
      'sdilna.session',
      JSON.stringify({ accessToken: 'old-access', refreshToken: 'old-refresh' }),
    );
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    storage = TestBed.inject(TokenStorage);
  });

  afterEach(() => backend.verify());

  it('sends the access token to the API and to nobody else', async () => {
    const api = firstValueFrom(http.get('/api/me'));
    const other = firstValueFrom(http.get('https://example.org/x'));
    const toApi = backend.expectOne('/api/me');
    const toOther = backend.expectOne('https://example.org/x');
    expect(toApi.request.headers.get('Authorization')).toBe('Bearer old-access');
    expect(toOther.request.headers.has('Authorization')).toBe(false);
    toApi.flush({});
    toOther.flush({});
    await Promise.all([api, other]);
  });

  it('refreshes once on a 401, repeats the call with the new token and keeps the new pair', async () => {
    const answer = firstValueFrom(http.get<{ ok: boolean }>('/api/me'));
    backend.expectOne('/api/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    const refresh = backend.expectOne('/api/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'old-refresh' });
    refresh.flush({ accessToken: 'new-access', refreshToken: 'new-refresh' });
    const repeated = backend.expectOne('/api/me');
    expect(repeated.request.headers.get('Authorization')).toBe('Bearer new-access');
    repeated.flush({ ok: true });
    expect(await answer).toEqual({ ok: true });
    expect(storage.read()).toEqual({ accessToken: 'new-access', refreshToken: 'new-refresh' });
  });

  it('shares one refresh between calls that fail together, because a refresh token works once', async () => {
    const first = firstValueFrom(http.get('/api/communities'));
    const second = firstValueFrom(http.get('/api/me'));
    backend.expectOne('/api/communities').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'new-access', refreshToken: 'new-refresh' });
    backend.expectOne('/api/communities').flush([]);
    backend.expectOne('/api/me').flush({});
    await Promise.all([first, second]);
  });

  it('does not refresh twice: a second 401 reaches the caller', async () => {
    const answer = firstValueFrom(http.get('/api/me')).catch((error: unknown) => error);
    backend.expectOne('/api/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'new-access', refreshToken: 'new-refresh' });
    backend.expectOne('/api/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    expect(await answer).toMatchObject({ status: 401 });
    backend.expectNone('/api/auth/refresh');
  });

  it('hands a 401 that refuses what was sent (a wrong password) to the caller without refreshing', async () => {
    const answer = firstValueFrom(http.post('/api/auth/two-factor/disable', { password: 'x' })).catch(
      (error: unknown) => error,
    );
    backend
      .expectOne('/api/auth/two-factor/disable')
      .flush(
        { error: { code: 'PASSWORD_INVALID', message: 'The password is wrong' } },
        { status: 401, statusText: 'Unauthorized' },
      );
    expect(await answer).toMatchObject({ status: 401 });
    backend.expectNone('/api/auth/refresh');
    expect(storage.read()).toEqual({ accessToken: 'old-access', refreshToken: 'old-refresh' });
  });

  it('ends the session and opens the login page when the refresh is refused', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const answer = firstValueFrom(http.get('/api/me')).catch((error: unknown) => error);
    backend.expectOne('/api/me').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend
      .expectOne('/api/auth/refresh')
      .flush(
        { error: { code: 'REFRESH_TOKEN_REUSED', message: 'reused' } },
        { status: 401, statusText: 'Unauthorized' },
      );
    expect(await answer).toMatchObject({ status: 401 });
    expect(storage.read()).toBeUndefined();
    expect(navigate).toHaveBeenCalledWith(
      ['/auth/login'],
      expect.objectContaining({ queryParams: expect.objectContaining({ expired: 1 }) }),
    );
  });

  it('leaves credential calls alone: a 401 on login means a wrong password, not an expired token', async () => {
    const answer = firstValueFrom(http.post('/api/auth/login', {})).catch((error: unknown) => error);
    const login = backend.expectOne('/api/auth/login');
    expect(login.request.headers.has('Authorization')).toBe(false);
    login.flush(
      { error: { code: 'INVALID_CREDENTIALS', message: 'bad' } },
      { status: 401, statusText: 'Unauthorized' },
    );
    expect(await answer).toMatchObject({ status: 401 });
    backend.expectNone('/api/auth/refresh');
  });
});
