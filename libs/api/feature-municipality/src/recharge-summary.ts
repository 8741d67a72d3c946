import type { RechargeDocumentRecord } from '@sdilna/api/data-access-settlement';
import type { RechargeDirection } from '@sdilna/shared/util-api-contract';

/** Energy (0.01 kWh) and money (haléře) of a set of document lines, as integers. */
export interface LineSums {
  energy: number;
  net: number;
  vat: number;
  gross: number;
}

export interface SummaryDocument extends LineSums {
  readonly record: RechargeDocumentRecord;
}

export interface SummaryRow extends LineSums {
  readonly unitId: string;
  unitName: string;
  unitIco: string | undefined;
  /** issue date of the document that gave the unit's name */
  namedOn: string;
  readonly direction: RechargeDirection;
  readonly documents: SummaryDocument[];
}

export interface SummaryMonth extends LineSums {
  /** YYYY-MM */
  readonly month: string;
  readonly rows: SummaryRow[];
}

export interface RechargeSummary {
  readonly months: SummaryMonth[];
  readonly totals: LineSums;
}

function zero(): LineSums {
  return { energy: 0, net: 0, vat: 0, gross: 0 };
}

function add(target: LineSums, sums: LineSums): void {
  target.energy += sums.energy;
  target.net += sums.net;
  target.vat += sums.vat;
  target.gross += sums.gross;
}

/**
 * The sums of one document's lines. A document's totals are the sums of its lines by construction
 * (`summariseDocumentLines`); should a stored document ever say otherwise, the summary must not quietly
 * disagree with the documents it claims to add up, so it fails loudly instead.
 */
export function documentLineSums(record: RechargeDocumentRecord): LineSums {
  const sums = zero();
  for (const line of record.document.lines)
    add(sums, { energy: line.energy, net: line.net, vat: line.vat, gross: line.gross });
  const totals = record.document.totals;
  if (sums.net !== totals.net || sums.vat !== totals.vat || sums.gross !== totals.gross)
    throw new Error(`document ${record.number}: its lines do not add up to its totals`);
  return sums;
}

/**
 * Internal recharges per month and organisational unit, summed from the issued documents' lines: one path for
 * every figure, so a row equals the sum of its documents, a month the sum of its rows and the total the sum of
 * the months, to the haléř and the 0.01 kWh. Inside a municipality every recharge is between the municipality
 * and one unit (settle-period's routing), so the unit is the document's other party: the buyer when the
 * municipality sells (`to-unit`), the seller when a producing unit supplies it (`from-unit`). A corrective
 * document lands in the month and row of the recharge it corrects (same parties and period), with its lines'
 * signs. Rows within a month go by unit name, then direction.
 */
export function summariseRecharges(
  municipalityId: string,
  records: readonly RechargeDocumentRecord[],
): RechargeSummary {
  const months = new Map<string, SummaryMonth>();
  const totals = zero();
  for (const record of records) {
    const direction: RechargeDirection = record.sellerId === municipalityId ? 'to-unit' : 'from-unit';
    const unit = direction === 'to-unit' ? record.document.buyer : record.document.seller;
    const month = record.periodFrom.slice(0, 7);
    const monthSums = months.get(month) ?? { month, rows: [], ...zero() };
    months.set(month, monthSums);
    let row = monthSums.rows.find((r) => r.unitId === unit.id && r.direction === direction);
    if (row === undefined) {
      row = {
        unitId: unit.id,
        unitName: unit.name,
        unitIco: unit.ico,
        namedOn: '',
        direction,
        documents: [],
        ...zero(),
      };
      monthSums.rows.push(row);
    }
    // A unit renamed between a recharge and its correction goes by the name on the newer document.
    if (record.issueDate >= row.namedOn) {
      row.unitName = unit.name;
      row.unitIco = unit.ico;
      row.namedOn = record.issueDate;
    }
    const sums = documentLineSums(record);
    row.documents.push({ record, ...sums });
    add(row, sums);
    add(monthSums, sums);
    add(totals, sums);
  }
  const ordered = [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
  for (const month of ordered)
    month.rows.sort(
      (a, b) =>
        a.unitName.localeCompare(b.unitName, 'cs') ||
        (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0) ||
        (a.direction === 'to-unit' ? -1 : 1),
    );
  return { months: ordered, totals };
}
