import { DataSource, type QueryRunner } from 'typeorm';

/**
 * One dedicated database connection for integration specs, with the small `query → { rows, rowCount }` shape
 * they need (transactions need a single connection, not a pool). Not exported from the library.
 */
export class SqlClient {
  private readonly dataSource: DataSource;
  private runner: QueryRunner | undefined;

  constructor(url: string | undefined) {
    this.dataSource = new DataSource({ type: 'postgres', url, logging: false, extra: { max: 1 } });
  }

  async connect(): Promise<void> {
    await this.dataSource.initialize();
    this.runner = this.dataSource.createQueryRunner();
    await this.runner.connect();
  }

  async query<T = Record<string, unknown>>(
    sql: string,
    parameters: unknown[] = [],
  ): Promise<{ rows: T[]; rowCount: number }> {
    if (!this.runner) throw new Error('SqlClient is not connected');
    const result = await this.runner.query(sql, parameters, true);
    const rows = (Array.isArray(result.records) ? result.records : []) as T[];
    return { rows, rowCount: typeof result.affected === 'number' ? result.affected : rows.length };
  }

  async end(): Promise<void> {
    await this.runner?.release();
    await this.dataSource.destroy();
  }
}
