import { lazyPage } from './lazy-page';

describe('lazyPage', () => {
  const load = () => Promise.resolve(class Page {});

  it('makes a lazily loaded route with a translated title', () => {
    expect(lazyPage('sources', 'title.sources', load)).toEqual({
      path: 'sources',
      title: 'title.sources',
      loadComponent: load,
    });
  });

  it('adds route data and other settings of the page', () => {
    const guard = () => true;
    expect(
      lazyPage('members/import', 'title.membersImport', load, {
        data: { target: 'members' },
        canActivate: [guard],
      }),
    ).toEqual({
      path: 'members/import',
      title: 'title.membersImport',
      loadComponent: load,
      data: { target: 'members' },
      canActivate: [guard],
    });
  });
});
