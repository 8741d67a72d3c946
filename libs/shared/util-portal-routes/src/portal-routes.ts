/**
 * The portal's URL paths that live outside the portal: links in the API's mails. The portal's route config reads
 * its segments from here and the API builds its links from here, so a mailed link cannot drift from the page that
 * handles it (issue 18: mails pointed at `/invitations/accept`, the portal served `/auth/invitation`).
 * Pure: no Angular, no Node; a unit test of the portal walks its router config for every `MAILED_ROUTES` entry.
 */

/** Top-level areas of the portal (apps/portal app.routes.ts). */
export const PORTAL_AREAS = {
  auth: 'auth',
  admin: 'admin/:communityId',
  member: 'member/:communityId/:memberId',
  /** the public pages: no login (libs/portal/feature-public) */
  public: 'join',
} as const;

/** Pages of the public `join` area: a community's page by its slug and the confirmation of a join request. */
export const PUBLIC_PAGES = {
  community: ':slug',
  confirm: 'confirm',
} as const;

/** Pages of the `auth` area (libs/portal/feature-auth auth-routes.ts). */
export const AUTH_PAGES = {
  login: 'login',
  signup: 'signup',
  invitation: 'invitation',
  passwordReset: 'password-reset',
  passwordResetConfirm: 'password-reset/confirm',
  security: 'security',
} as const;

/**
 * Pages of the `admin/:communityId` area that the API links to (their routes: libs/portal/feature-admin-data and
 * feature-admin-settlements).
 */
export const ADMIN_PAGES = {
  edcConnector: 'edc-connector',
  joinRequests: 'join-requests',
  settlements: 'settlements',
  documents: 'documents',
  billing: 'billing',
} as const;

/** Pages of the `member/:communityId/:memberId` area that the API links to (libs/portal/feature-member). */
export const MEMBER_PAGES = {
  documents: 'documents',
} as const;

/** A page a mail links to: its absolute path pattern (`:name` segments) and the query parameters it reads. */
export interface MailedRoute {
  readonly path: string;
  readonly query: readonly string[];
}

/**
 * Every page a mail of Sdílna links to, and every page an outside service sends a person back to (Stripe Checkout
 * and the billing portal return to these: they pointed at `/communities/…`, which the portal never served).
 */
export const MAILED_ROUTES = {
  invitation: { path: `/${PORTAL_AREAS.auth}/${AUTH_PAGES.invitation}`, query: ['token'] },
  passwordResetConfirm: {
    path: `/${PORTAL_AREAS.auth}/${AUTH_PAGES.passwordResetConfirm}`,
    query: ['token'],
  },
  passwordReset: { path: `/${PORTAL_AREAS.auth}/${AUTH_PAGES.passwordReset}`, query: [] },
  joinConfirm: { path: `/${PORTAL_AREAS.public}/${PUBLIC_PAGES.confirm}`, query: ['token'] },
  joinRequests: { path: `/${PORTAL_AREAS.admin}/${ADMIN_PAGES.joinRequests}`, query: [] },
  edcConnector: { path: `/${PORTAL_AREAS.admin}/${ADMIN_PAGES.edcConnector}`, query: [] },
  settlements: { path: `/${PORTAL_AREAS.admin}/${ADMIN_PAGES.settlements}`, query: [] },
  billing: { path: `/${PORTAL_AREAS.admin}/${ADMIN_PAGES.billing}`, query: ['checkout'] },
  billingPortalReturn: { path: `/${PORTAL_AREAS.admin}/${ADMIN_PAGES.billing}`, query: [] },
  adminDocuments: { path: `/${PORTAL_AREAS.admin}/${ADMIN_PAGES.documents}`, query: ['payment'] },
  memberDocuments: { path: `/${PORTAL_AREAS.member}/${MEMBER_PAGES.documents}`, query: ['payment'] },
  memberDocumentsList: { path: `/${PORTAL_AREAS.member}/${MEMBER_PAGES.documents}`, query: [] },
  billingConnect: { path: `/${PORTAL_AREAS.admin}/${ADMIN_PAGES.billing}`, query: ['connect'] },
} as const satisfies Record<string, MailedRoute>;

export type MailedRouteName = keyof typeof MAILED_ROUTES;

/**
 * The absolute link to `route` under the portal's public URL (AppConfig PUBLIC_URL, with or without a trailing
 * slash or a path prefix): every `:name` segment is filled from `params` and every query parameter the page reads
 * from `query`, URL-encoded. A missing or unexpected parameter throws: a link must never go out half-built.
 */
export function portalLink(
  publicUrl: string,
  route: MailedRoute,
  params: Readonly<Record<string, string>> = {},
  query: Readonly<Record<string, string>> = {},
): string {
  const used = new Set<string>();
  const path = route.path.replace(/:(\w+)/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === '')
      throw new Error(`portal link ${route.path}: no value for :${name}`);
    used.add(name);
    return encodeURIComponent(value);
  });
  const extra = Object.keys(params).filter((name) => !used.has(name));
  if (extra.length > 0) throw new Error(`portal link ${route.path}: no segment for ${extra.join(', ')}`);
  for (const name of Object.keys(query)) {
    if (!route.query.includes(name)) throw new Error(`portal link ${route.path}: the page reads no ?${name}`);
  }
  const search = route.query
    .map((name) => {
      const value = query[name];
      if (value === undefined) throw new Error(`portal link ${route.path}: no value for ?${name}`);
      return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
    })
    .join('&');
  return `${publicUrl.replace(/\/+$/, '')}${path}${search === '' ? '' : `?${search}`}`;
}

/** The link of an invitation mail. */
export function invitationLink(publicUrl: string, token: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.invitation, {}, { token });
}

/** The link of a join request's confirmation mail. */
export function joinConfirmLink(publicUrl: string, token: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.joinConfirm, {}, { token });
}

/** The join requests page of a community (a confirmed request waits for review). */
export function joinRequestsLink(publicUrl: string, communityId: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.joinRequests, { communityId });
}

/** The link of a password-reset mail. */
export function passwordResetLink(publicUrl: string, token: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.passwordResetConfirm, {}, { token });
}

/** The page where a new reset link is asked for (a way forward from an expired one). */
export function passwordResetRequestLink(publicUrl: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.passwordReset);
}

/** The EDC connector page of a community (the connector's failure alert). */
export function edcConnectorLink(publicUrl: string, communityId: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.edcConnector, { communityId });
}

/** The settlements page of a community (a draft settlement waits for review). */
export function settlementsLink(publicUrl: string, communityId: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.settlements, { communityId });
}

/** A member's documents page (the mail delivering a document and a payment reminder link to it). */
export function memberDocumentsLink(publicUrl: string, communityId: string, memberId: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.memberDocumentsList, { communityId, memberId });
}

/** How a Stripe Checkout ended, as the page it returns to reads it. */
export type CheckoutOutcome = 'done' | 'cancelled';

/** The billing page after the subscription's Checkout (`?checkout=done|cancelled`). */
export function billingLink(publicUrl: string, communityId: string, checkout: CheckoutOutcome): string {
  return portalLink(publicUrl, MAILED_ROUTES.billing, { communityId }, { checkout });
}

/** The billing page, where Stripe's billing portal sends the administrator back. */
export function billingPortalReturnLink(publicUrl: string, communityId: string): string {
  return portalLink(publicUrl, MAILED_ROUTES.billingPortalReturn, { communityId });
}

/**
 * The documents page after a card payment of a document (`?payment=done|cancelled`): the member's own page for a
 * member, the administrator's documents page for an administrator paying on a member's behalf.
 */
export function documentPaymentLink(
  publicUrl: string,
  payer: { readonly communityId: string; readonly memberId?: string },
  payment: CheckoutOutcome,
): string {
  return payer.memberId === undefined
    ? portalLink(publicUrl, MAILED_ROUTES.adminDocuments, { communityId: payer.communityId }, { payment })
    : portalLink(
        publicUrl,
        MAILED_ROUTES.memberDocuments,
        { communityId: payer.communityId, memberId: payer.memberId },
        { payment },
      );
}

/** How Stripe's Connect onboarding sent the administrator back: finished, or the link expired (`refresh`). */
export type ConnectOutcome = 'done' | 'refresh';

/** The billing page after Stripe Connect onboarding (`?connect=done|refresh`). */
export function billingConnectLink(publicUrl: string, communityId: string, connect: ConnectOutcome): string {
  return portalLink(publicUrl, MAILED_ROUTES.billingConnect, { communityId }, { connect });
}
