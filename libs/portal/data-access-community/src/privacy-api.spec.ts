import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { I18n } from '@sdilna/portal/util-i18n';

import { PrivacyApi } from './privacy-api';

const URL_OF = '/api/communities/c1/members/m1/personal-data';

describe('PrivacyApi.downloadPersonalData', () => {
  let api: PrivacyApi;
  let backend: HttpTestingController;
  let saved: string[];
  const { createObjectURL, revokeObjectURL } = URL;

  beforeEach(() => {
    localStorage.setItem('sdilna.language', 'cs');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(PrivacyApi);
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(I18n).use('cs');
    // jsdom has no object URLs and does not navigate: the name of each clicked download link is what was saved
    saved = [];
    URL.createObjectURL = () => 'blob:personal-data';
    URL.revokeObjectURL = () => undefined;
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
  });

  afterEach(() => {
    backend.verify();
    vi.restoreAllMocks();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  it('saves everything stored about the member as personal-data-<member id>.zip', async () => {
    const done = api.downloadPersonalData('c1', 'm1');
    const request = backend.expectOne(URL_OF);
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['PK'], { type: 'application/zip' }));
    await done;
    expect(saved).toEqual(['personal-data-m1.zip']);
  });

  it('rejects a refused download with the API’s error read out of the body, so the page names it', async () => {
    const done = api.downloadPersonalData('c1', 'm1');
    // asked for a file, Angular hands the JSON error body over as a Blob
    backend.expectOne(URL_OF).flush(
      new Blob([JSON.stringify({ error: { code: 'MEMBER_NOT_FOUND', message: 'No member m1 here' } })], {
        type: 'application/json',
      }),
      { status: 404, statusText: 'Not Found' },
    );
    const refusal: unknown = await done.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(HttpErrorResponse);
    expect((refusal as HttpErrorResponse).error).toEqual({
      error: { code: 'MEMBER_NOT_FOUND', message: 'No member m1 here' },
    });
    // the text the page's error message shows: the code's own, not a bare "not found"
    expect(TestBed.inject(I18n).describeError(refusal).text).toBe('Člen nebyl nalezen.');
    expect(saved).toEqual([]);
  });
});
