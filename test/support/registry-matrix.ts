import { uniqueEan, uniqueEmail } from './factories';

export type MatrixMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface MatrixRoute {
  readonly method: MatrixMethod;
  readonly path: string;
  readonly body?: object;
  readonly csv?: string;
}

/** The victim's objects the registry matrix names in its paths and bodies. */
export interface RegistryIds {
  readonly member: string;
  readonly producer: string;
  readonly consumer: string;
  readonly source: string;
  readonly key: string;
  /** the consumer's supplier price */
  readonly price: string;
  readonly invitation: string;
  readonly group: string;
}

/**
 * The registry routes of the attack matrix (`tenant-isolation.e2e-spec.ts`), each a valid request of the community
 * `communityId` naming the given ids and EANs; `tenant-isolation-data.e2e-spec.ts` reads their patterns to check
 * that the two matrices together cover every tenant route.
 */
export function registryRoutes(
  communityId: string,
  ids: RegistryIds,
  eans: { readonly producer: string; readonly consumer: string },
): MatrixRoute[] {
  const c = `/api/communities/${communityId}`;
  return [
    { method: 'get', path: c },
    { method: 'patch', path: c, body: { name: 'Renamed' } },
    { method: 'get', path: `${c}/sharing-groups` },
    { method: 'post', path: `${c}/sharing-groups`, body: { name: 'Extra' } },
    { method: 'patch', path: `${c}/sharing-groups/${ids.group}`, body: { name: 'Renamed' } },
    { method: 'get', path: `${c}/sharing-groups/${ids.group}/iteration` },
    {
      method: 'put',
      path: `${c}/sharing-groups/${ids.group}/iteration`,
      // not requested: the static key the matrix registers from the same day must agree with it
      body: { requested: false, validFrom: '2027-01-01' },
    },
    {
      method: 'patch',
      path: `${c}/sharing-groups/${ids.group}/iteration/2027-01-01`,
      body: { validTo: '2027-12-31' },
    },
    { method: 'get', path: `${c}/audit-log` },
    { method: 'get', path: `${c}/invitations` },
    {
      method: 'post',
      path: `${c}/invitations`,
      body: { email: uniqueEmail('intruder'), role: 'community-admin' },
    },
    { method: 'delete', path: `${c}/invitations/${ids.invitation}` },
    { method: 'get', path: `${c}/members` },
    { method: 'post', path: `${c}/members`, body: { name: 'Intruder', kind: 'household' } },
    { method: 'post', path: `${c}/members/import`, csv: 'name;kind\nIntruder;household\n' },
    // issue 23: the public page's settings, the join requests (a member's id stands in for a request's: the
    // attacker's own community has no request of that id either) and bulk onboarding
    {
      method: 'put',
      path: `${c}/public-page`,
      body: {
        slug: 'intruder-page',
        published: false,
        description: 'Intruder',
        sources: '',
        conditions: '',
        supplierPricePerKwh: '5.00',
      },
    },
    { method: 'get', path: `${c}/public-page` },
    { method: 'get', path: `${c}/join-requests` },
    { method: 'post', path: `${c}/join-requests/${ids.member}/accept`, body: {} },
    { method: 'post', path: `${c}/join-requests/${ids.member}/decline`, body: { reason: 'Intruder' } },
    { method: 'post', path: `${c}/onboarding/preview`, csv: 'name;kind\nIntruder;household\n' },
    { method: 'post', path: `${c}/onboarding`, csv: 'name;kind\nIntruder;household\n' },
    { method: 'get', path: `${c}/members/${ids.member}` },
    { method: 'patch', path: `${c}/members/${ids.member}`, body: { name: 'Renamed' } },
    {
      method: 'put',
      path: `${c}/members/${ids.member}/vat-statuses`,
      body: { vatStatuses: [{ validFrom: '2000-01-01', status: 'non-payer' }] },
    },
    { method: 'get', path: `${c}/members/${ids.member}/consents` },
    { method: 'post', path: `${c}/members/${ids.member}/consents`, body: { kind: 'email', granted: true } },
    { method: 'get', path: `${c}/members/${ids.member}/personal-data` },
    { method: 'post', path: `${c}/members/${ids.member}/erasure` },
    { method: 'get', path: `${c}/notifications` },
    { method: 'post', path: `${c}/notifications/read` },
    // any id: a notification is its recipient's alone
    { method: 'post', path: `${c}/notifications/${ids.member}/read` },
    { method: 'get', path: `${c}/notifications/preferences` },
    {
      method: 'put',
      path: `${c}/notifications/preferences`,
      body: { preferences: [{ kind: 'data-gap', channel: 'off' }] },
    },
    { method: 'delete', path: `${c}/members/${ids.member}` },
    { method: 'get', path: `${c}/metering-points` },
    {
      method: 'post',
      path: `${c}/metering-points`,
      body: {
        ean: uniqueEan(),
        role: 'consumption',
        memberId: ids.member,
        validFrom: '2026-01-01',
        sharingGroupId: ids.group,
      },
    },
    {
      method: 'post',
      path: `${c}/metering-points/import`,
      csv: `ean;role;memberId;validFrom;sharingGroupId\n${uniqueEan()};consumption;${ids.member};2026-01-01;${ids.group}\n`,
    },
    { method: 'get', path: `${c}/metering-points/${ids.consumer}` },
    { method: 'patch', path: `${c}/metering-points/${ids.consumer}`, body: { label: 'Renamed' } },
    { method: 'get', path: `${c}/metering-points/${ids.consumer}/history` },
    {
      method: 'post',
      path: `${c}/metering-points/${ids.consumer}/successor`,
      body: { validFrom: '2027-01-01', memberId: ids.member },
    },
    {
      method: 'patch',
      path: `${c}/metering-points/${ids.consumer}/prices/${ids.price}`,
      body: { validTo: '2026-06-30' },
    },
    { method: 'delete', path: `${c}/metering-points/${ids.consumer}` },
    { method: 'get', path: `${c}/metering-points/${ids.consumer}/prices` },
    {
      method: 'post',
      path: `${c}/metering-points/${ids.consumer}/prices`,
      body: { kind: 'supplier-energy', pricePerKwh: '1.00', validFrom: '2027-01-01' },
    },
    { method: 'get', path: `${c}/sources` },
    {
      method: 'post',
      path: `${c}/sources`,
      body: { name: 'Intruder', kind: 'pv', installedKw: 1, meteringPointId: ids.producer },
    },
    { method: 'get', path: `${c}/sources/${ids.source}` },
    { method: 'patch', path: `${c}/sources/${ids.source}`, body: { name: 'Renamed' } },
    { method: 'delete', path: `${c}/sources/${ids.source}` },
    { method: 'get', path: `${c}/allocation-keys` },
    {
      method: 'post',
      path: `${c}/allocation-keys`,
      body: {
        validFrom: '2027-01-01',
        sharingGroupId: ids.group,
        method: 'static',
        allocations: [{ producer: eans.producer, consumer: eans.consumer, percent: 100 }],
      },
    },
    { method: 'get', path: `${c}/allocation-keys/${ids.key}` },
    { method: 'patch', path: `${c}/allocation-keys/${ids.key}`, body: { validTo: '2026-06-30' } },
    { method: 'get', path: `${c}/allocation-keys/${ids.key}/export` },
    { method: 'get', path: `${c}/allocation-keys/${ids.key}/export/edc` },
  ];
}
