import type { DocumentParty, SettlementDocument } from './settlement-document';
import { isTaxDocument } from './settlement-documents';
import { chargesVat, describeVatStatusProblem, vatStatusProblem } from './vat-status';

/**
 * What a document's party lacks for the document to be issued (§ 29 ZDPH and § 435 of the civil code):
 * - `name-missing`, `address-missing`: every document names both parties with their address;
 * - `ico-missing`: a legal entity's IČO on a tax document;
 * - `dic-missing`, `dic-without-registration`, `dic-invalid`: the status and DIČ contradict each other;
 * - `vat-status-changed`: the seller's status on the DUZP is not the one the run was priced with;
 * - `self-billing-agreement-missing`: a self-billed document without the producer's agreement (§ 28 odst. 3).
 */
export type PartyProblemCode =
  | 'name-missing'
  | 'address-missing'
  | 'ico-missing'
  | 'dic-missing'
  | 'dic-without-registration'
  | 'dic-invalid'
  | 'vat-status-changed'
  | 'self-billing-agreement-missing';

export interface PartyProblems {
  /** member id or COMMUNITY_PARTY_ID */
  readonly partyId: string;
  readonly name: string;
  readonly problems: readonly PartyProblemCode[];
  /** what each problem means, in English, e.g. "has no address" */
  readonly messages: readonly string[];
}

/**
 * Every party of `documents` that lacks something a document needs, each once with all its problems, in the order
 * the parties first appear. Empty when every document can be issued.
 */
export function documentPartyProblems(documents: readonly SettlementDocument[]): PartyProblems[] {
  const found = new Map<string, { party: DocumentParty; problems: Map<PartyProblemCode, string> }>();
  const add = (party: DocumentParty, code: PartyProblemCode, message: string): void => {
    const entry = found.get(party.id) ?? { party, problems: new Map<PartyProblemCode, string>() };
    if (!entry.problems.has(code)) entry.problems.set(code, message);
    found.set(party.id, entry);
  };
  for (const document of documents) {
    const tax = isTaxDocument(document);
    for (const party of [document.seller, document.buyer]) {
      if (party.name.trim() === '') add(party, 'name-missing', 'has no name');
      const address = party.address;
      if (
        !address ||
        address.street.trim() === '' ||
        address.city.trim() === '' ||
        address.postalCode.trim() === ''
      )
        add(party, 'address-missing', 'has no complete address (street and number, postcode, town)');
      if (tax && party.legalEntity && !party.ico)
        add(party, 'ico-missing', 'is a legal entity without an IČO');
      if (party.vatStatus !== undefined) {
        const problem = vatStatusProblem({ status: party.vatStatus, dic: party.dic ?? null });
        if (problem) add(party, problem, describeVatStatusProblem(problem, party.vatStatus, party.dic));
      }
    }
    const seller = document.seller;
    if (seller.vatStatus !== undefined && chargesVat(seller.vatStatus) !== document.vatApplicable) {
      add(
        seller,
        'vat-status-changed',
        `is ${chargesVat(seller.vatStatus) ? '' : 'not '}a VAT payer on the DUZP ${document.taxPointDate}, unlike when the run was computed`,
      );
    }
    if (
      (document.kind === 'self-billed-invoice' || document.kind === 'self-billed-credit-note') &&
      seller.selfBillingAgreedOn === undefined
    ) {
      add(
        seller,
        'self-billing-agreement-missing',
        'has no recorded self-billing agreement (§ 28(3) of the VAT act)',
      );
    }
  }
  return [...found.values()].map(({ party, problems }) => ({
    partyId: party.id,
    name: party.name,
    problems: [...problems.keys()],
    messages: [...problems.values()],
  }));
}
