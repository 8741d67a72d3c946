/**
 * What a member consents to (issue 23 item 2; docs/privacy.md): processing of their personal data by the
 * community, the EDC mandate (the community registers their metering points at EDC on their behalf) and
 * messages by e-mail. The `consents` table stores each statement with the version of the terms it was given to.
 */
export const CONSENT_KINDS = ['data-processing', 'edc-mandate', 'email'] as const;

export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** Where a consent was given: the member's portal, a join request, a bulk import (signed form), an administrator. */
export const CONSENT_SOURCES = ['portal', 'join-request', 'import', 'admin'] as const;

export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/**
 * The version (the date it took effect) of the terms of each consent in force today; a new wording gets a new
 * date here and in docs/privacy.md, and members are asked again. Stored with each consent.
 */
export const CURRENT_TERMS_VERSIONS: Readonly<Record<ConsentKind, string>> = {
  'data-processing': '2026-12-01',
  'edc-mandate': '2026-12-01',
  email: '2026-12-01',
};

export function isConsentKind(value: unknown): value is ConsentKind {
  return typeof value === 'string' && (CONSENT_KINDS as readonly string[]).includes(value);
}
