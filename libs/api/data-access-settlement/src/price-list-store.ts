import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { CommunityPriceList, PriceRule, TimeBand } from '@sdilna/shared/domain-settlement';

/** A stored price list: the library's `CommunityPriceList` plus what the API shows about it. */
export interface PriceListRecord extends CommunityPriceList {
  readonly name: string;
  readonly createdAt: Date;
}

export interface NewPriceList {
  readonly name: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly vatRate: number;
  readonly communityMarginPerMwh: number;
  readonly bands: readonly TimeBand[];
  readonly rules: readonly PriceRule[];
  readonly createdBy: string | null;
}

interface ListRow {
  id: string;
  name: string;
  valid_from: string;
  valid_to: string | null;
  vat_rate_bp: number;
  margin_per_mwh: string;
  bands: TimeBand[];
  created_at: Date;
}

interface RuleRow {
  price_list_id: string;
  producer_ean: string | null;
  consumer_ean: string | null;
  price_per_mwh: string;
  band_prices: Record<string, number>;
}

/** Price lists and their rules, bound to one tenant transaction. */
export class PriceListStore {
  constructor(private readonly tx: TenantTransaction) {}

  async create(input: NewPriceList): Promise<string> {
    const communityId = this.tx.communityId;
    const [row] = await this.tx.query<{ id: string }>(
      `INSERT INTO price_lists (community_id, name, valid_from, valid_to, vat_rate_bp, margin_per_mwh, bands, created_by)
       VALUES ($1, $2, $3::date, $4::date, $5, $6, $7::jsonb, $8) RETURNING id`,
      [
        communityId,
        input.name,
        input.validFrom,
        input.validTo ?? null,
        input.vatRate,
        input.communityMarginPerMwh,
        JSON.stringify(input.bands),
        input.createdBy,
      ],
    );
    const id = (row as { id: string }).id;
    await this.tx.query(
      `INSERT INTO price_list_rules (community_id, price_list_id, position, producer_ean, consumer_ean, price_per_mwh, band_prices)
       SELECT $1::uuid, $2::uuid, u.pos, u.p, u.c, u.pr, u.bp::jsonb
         FROM unnest($3::int4[], $4::text[], $5::text[], $6::int8[], $7::text[]) AS u(pos, p, c, pr, bp)`,
      [
        communityId,
        id,
        input.rules.map((_, index) => index + 1),
        input.rules.map((rule) => rule.producerEan ?? null),
        input.rules.map((rule) => rule.consumerEan ?? null),
        input.rules.map((rule) => rule.price),
        input.rules.map((rule) => JSON.stringify(rule.bandPrices ?? {})),
      ],
    );
    return id;
  }

  /** Moves the list's last valid day (null: open-ended again); the exclusion constraint refuses an overlap. */
  async setValidTo(id: string, validTo: string | null): Promise<void> {
    await this.tx.query(`UPDATE price_lists SET valid_to = $2::date WHERE id = $1`, [id, validTo]);
  }

  /** Every list of the community, or those valid on at least one day of [from, to]. */
  async list(range?: { from: string; to: string }): Promise<PriceListRecord[]> {
    const lists = await this.tx.query<ListRow>(
      `SELECT id, name, valid_from::text, valid_to::text, vat_rate_bp, margin_per_mwh, bands, created_at
         FROM price_lists
        WHERE ($1::date IS NULL OR (valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $1::date)))
        ORDER BY valid_from`,
      [range?.from ?? null, range?.to ?? null],
    );
    if (lists.length === 0) return [];
    const rules = await this.tx.query<RuleRow>(
      `SELECT price_list_id, producer_ean, consumer_ean, price_per_mwh, band_prices
         FROM price_list_rules WHERE price_list_id = ANY($1::uuid[]) ORDER BY price_list_id, position`,
      [lists.map((list) => list.id)],
    );
    return lists.map((list) => ({
      id: list.id,
      name: list.name,
      validFrom: list.valid_from,
      ...(list.valid_to !== null ? { validTo: list.valid_to } : {}),
      vatRate: list.vat_rate_bp,
      communityMarginPerMwh: Number(list.margin_per_mwh),
      bands: list.bands,
      createdAt: list.created_at,
      rules: rules
        .filter((rule) => rule.price_list_id === list.id)
        .map((rule) => ({
          ...(rule.producer_ean !== null ? { producerEan: rule.producer_ean } : {}),
          ...(rule.consumer_ean !== null ? { consumerEan: rule.consumer_ean } : {}),
          price: Number(rule.price_per_mwh),
          ...(Object.keys(rule.band_prices).length > 0 ? { bandPrices: rule.band_prices } : {}),
        })),
    }));
  }
}
