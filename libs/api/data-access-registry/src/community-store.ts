import type { TenantTransaction } from '@sdilna/api/data-access-db';

/** The transaction's own `communities` row (RLS shows no other), bound to one tenant transaction. */
export class CommunityStore {
  constructor(private readonly tx: TenantTransaction) {}

  /** Serialises changes that check a rule over the whole community (vote shares) until commit. */
  async lock(): Promise<void> {
    await this.tx.query(`SELECT 1 FROM communities FOR UPDATE`);
  }

  /** Whether the community requires two-factor sign-in; false for a community that does not exist. */
  async twoFactorRequired(): Promise<boolean> {
    const [row] = await this.tx.query<{ require_two_factor: boolean }>(
      `SELECT require_two_factor FROM communities`,
    );
    return row?.require_two_factor === true;
  }

  async setTwoFactorRequired(required: boolean): Promise<void> {
    await this.tx.query(`UPDATE communities SET require_two_factor = $1`, [required]);
  }
}
