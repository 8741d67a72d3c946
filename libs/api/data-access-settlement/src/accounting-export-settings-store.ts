import type { TenantTransaction } from '@sdilna/api/data-access-db';
import type { PohodaExportSettings } from '@sdilna/shared/util-documents';

/** The community's accounting export settings (one row per community, none: Pohoda's defaults). */
export class AccountingExportSettingsStore {
  constructor(private readonly tx: TenantTransaction) {}

  async get(): Promise<PohodaExportSettings> {
    const [row] = await this.tx.query<PohodaExportSettings>(
      `SELECT issued_accounting AS "issuedAccounting", received_accounting AS "receivedAccounting",
              issued_number_series AS "issuedNumberSeries", received_number_series AS "receivedNumberSeries"
         FROM accounting_export_settings`,
    );
    return (
      row ?? {
        issuedAccounting: null,
        receivedAccounting: null,
        issuedNumberSeries: null,
        receivedNumberSeries: null,
      }
    );
  }

  async save(settings: PohodaExportSettings): Promise<void> {
    await this.tx.query(
      `INSERT INTO accounting_export_settings
              (community_id, issued_accounting, received_accounting, issued_number_series, received_number_series)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (community_id) DO UPDATE SET issued_accounting = EXCLUDED.issued_accounting,
         received_accounting = EXCLUDED.received_accounting, issued_number_series = EXCLUDED.issued_number_series,
         received_number_series = EXCLUDED.received_number_series, updated_at = now()`,
      [
        this.tx.communityId,
        settings.issuedAccounting,
        settings.receivedAccounting,
        settings.issuedNumberSeries,
        settings.receivedNumberSeries,
      ],
    );
  }
}
