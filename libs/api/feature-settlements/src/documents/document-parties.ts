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
  type BankAccount,
  type DocumentParty,
  type PostalAddress,
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

/** The parties of a community's documents: the community itself (COMMUNITY_PARTY_ID) and its members by id. */
export function partiesOf(input: {
  readonly community: CommunityParty;
  readonly settings: SettlementSettingsRecord;
  readonly communityVatPayer: boolean;
  readonly members: ReadonlyMap<string, MemberParty>;
}): (id: string) => DocumentParty {
  const address = postalAddressOf(input.community.address);
  const bankAccount = bankAccountOf(input.settings);
  const community: DocumentParty = {
    id: COMMUNITY_PARTY_ID,
    name: input.community.name,
    vatPayer: input.communityVatPayer,
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
    return {
      id,
      name: member.name,
      vatPayer: member.vatPayer,
      ...(member.ico !== null ? { ico: member.ico } : {}),
      ...(member.dic !== null ? { dic: member.dic } : {}),
      ...(memberAddress ? { address: memberAddress } : {}),
      ...(member.email !== null ? { email: member.email } : {}),
    };
  };
}
