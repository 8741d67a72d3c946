import type {
  CommunityParty,
  MemberParty,
  SettlementSettingsRecord,
} from '@sdilna/api/data-access-settlement';
import {
  COMMUNITY_PARTY_ID,
  czechAccountToIban,
  ibanToCzechAccount,
  isValidIban,
  vatStatusOn,
  type BankAccount,
  type DocumentParty,
  type PostalAddress,
  type VatStatusPeriod,
} from '@sdilna/shared/domain-settlement';

/**
 * Registry addresses are one free-text line ("Náměstí 1, 378 16 Lomnice nad Lužnicí"); documents want parts.
 * A line that does not read as street, number, postcode and city stays whole in the street field.
 */
export function postalAddressOf(text: string | null): PostalAddress | undefined {
  if (text === null || text.trim() === '') return undefined;
  const match = /^\s*(.*?)\s+(\d+[\w/]*)\s*,\s*(\d{3})\s?(\d{2})\s+(.+?)\s*$/u.exec(text);
  if (!match) return { street: text.trim(), buildingNumber: '', city: '', postalCode: '', countryCode: 'CZ' };
  return {
    street: match[1] as string,
    buildingNumber: match[2] as string,
    postalCode: `${match[3] as string}${match[4] as string}`,
    city: match[5] as string,
    countryCode: 'CZ',
  };
}

/** Members that are legal entities (or traders with an IČO): their IČO goes on every tax document. */
const LEGAL_ENTITY_KINDS: ReadonlySet<string> = new Set([
  'sme',
  'large-enterprise',
  'municipality',
  'municipal-unit',
]);

export function bankAccountOf(settings: SettlementSettingsRecord): BankAccount | undefined {
  const iban =
    settings.iban ?? (settings.czechAccount !== null ? czechAccountToIban(settings.czechAccount) : undefined);
  if (iban === undefined || !isValidIban(iban)) return undefined;
  return {
    iban,
    ...(settings.bic !== null ? { bic: settings.bic } : {}),
    czechAccount: settings.czechAccount ?? (iban.startsWith('CZ') ? ibanToCzechAccount(iban) : iban),
  };
}

/**
 * The parties of a community's documents on their DUZP: the community itself (COMMUNITY_PARTY_ID) and its members
 * by id, each with its VAT status and DIČ in force that day.
 */
export function partiesOf(input: {
  readonly community: CommunityParty;
  readonly settings: SettlementSettingsRecord;
  readonly communityVatStatuses: readonly VatStatusPeriod[];
  readonly members: ReadonlyMap<string, MemberParty>;
  readonly taxPointDate: string;
}): (id: string) => DocumentParty {
  const address = postalAddressOf(input.community.address);
  const bankAccount = bankAccountOf(input.settings);
  const communityStatus = vatStatusOn(input.communityVatStatuses, input.taxPointDate).status;
  const community: DocumentParty = {
    id: COMMUNITY_PARTY_ID,
    name: input.community.name,
    vatPayer: communityStatus === 'payer',
    vatStatus: communityStatus,
    // an energy community is a legal entity; an active-customer group has none and never sells in its own name
    legalEntity: true,
    ...(input.community.ico !== null ? { ico: input.community.ico } : {}),
    ...(input.settings.dic !== null ? { dic: input.settings.dic } : {}),
    ...(address ? { address } : {}),
    ...(input.settings.email !== null ? { email: input.settings.email } : {}),
    ...(bankAccount ? { bankAccount } : {}),
  };
  return (id) => {
    if (id === COMMUNITY_PARTY_ID) return community;
    const member = input.members.get(id);
    if (!member) return { id, name: `Člen ${id}`, vatPayer: false };
    const memberAddress = postalAddressOf(member.address);
    const status = vatStatusOn(member.vatStatuses, input.taxPointDate);
    return {
      id,
      name: member.name,
      vatPayer: status.status === 'payer',
      vatStatus: status.status,
      legalEntity: LEGAL_ENTITY_KINDS.has(member.kind),
      ...(member.ico !== null ? { ico: member.ico } : {}),
      ...(status.dic !== undefined ? { dic: status.dic } : {}),
      ...(member.selfBillingAgreedOn !== null ? { selfBillingAgreedOn: member.selfBillingAgreedOn } : {}),
      ...(memberAddress ? { address: memberAddress } : {}),
      ...(member.email !== null ? { email: member.email } : {}),
    };
  };
}
