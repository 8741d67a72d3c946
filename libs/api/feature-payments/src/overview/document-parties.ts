import type { TenantTransaction } from '@sdilna/api/data-access-db';

export interface DocumentParties {
  readonly sellerName: string;
  readonly buyerName: string;
  readonly sellerIban: string | null;
  readonly buyerEmail: string | null;
}

/** Names, the seller's IBAN and the buyer's e-mail as the issued documents state them, by document id. */
export async function documentParties(tx: TenantTransaction): Promise<Map<string, DocumentParties>> {
  const rows = await tx.query<DocumentParties & { id: string }>(
    `SELECT id, body->'seller'->>'name' AS "sellerName", body->'buyer'->>'name' AS "buyerName",
            body->'seller'->'bankAccount'->>'iban' AS "sellerIban", body->'buyer'->>'email' AS "buyerEmail"
       FROM documents`,
  );
  return new Map(rows.map(({ id, ...parties }) => [id, parties]));
}
