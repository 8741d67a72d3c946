import { describeEanProblem, eanProblem } from '@sdilna/shared/domain-core';
import {
  checkLeadingHeaderCells,
  valueHeaderCells,
  type EdcTableLayout,
  type HeaderIssueSink,
} from './edc-table-layout';
import { roleFromSuffix, type EdcPoint, type MeteringRole } from './edc-point';

export interface StandardHeader {
  readonly points: readonly EdcPoint[];
  /** 1-based field index of each point's IN and OUT column */
  readonly columns: readonly { readonly in: number; readonly out: number }[];
  readonly layout: EdcTableLayout;
}

interface PointColumns {
  ean: string;
  role: MeteringRole;
  inField: number | undefined;
  outField: number | undefined;
}

const COLUMN_PATTERN = /^(IN|OUT)-(\d+)-([A-Za-z])$/i;

/**
 * Reads `Datum;Cas od;Cas do;IN-<EAN>-D;OUT-<EAN>-D;…`. Points keep the order of their first column. Slots of a
 * day block: IN of point p is slot p, OUT of point p is slot n + p.
 */
export function interpretStandardHeader(cells: string[], report: HeaderIssueSink): StandardHeader {
  checkLeadingHeaderCells(cells, report);
  const names = valueHeaderCells(cells).map((cell) => cell.replace(/\s+/g, ''));
  const byEan = new Map<string, PointColumns>();
  const ordered: PointColumns[] = [];
  names.forEach((name, k) => {
    const column = k + 4;
    const match = COLUMN_PATTERN.exec(name);
    if (!match) {
      report({
        column,
        code: 'HEADER_COLUMN',
        params: { found: name },
        message: `expected a column IN-<EAN>-D, OUT-<EAN>-D, IN-<EAN>-O or OUT-<EAN>-O, found "${name}"`,
      });
      return;
    }
    const kind = (match[1] as string).toUpperCase();
    const ean = match[2] as string;
    const role = roleFromSuffix(match[3] as string);
    if (!role) {
      report({
        column,
        code: 'HEADER_SUFFIX',
        params: { found: name, suffix: match[3] as string },
        message: `column "${name}" has suffix -${match[3]}; expected -D (production) or -O (consumption)`,
      });
      return;
    }
    const problem = eanProblem(ean);
    if (problem) {
      report({
        column,
        code: 'HEADER_EAN',
        params: { found: name, ean, problem },
        message: `column "${name}": ${describeEanProblem(ean, problem)}`,
      });
      return;
    }
    let point = byEan.get(ean);
    if (!point) {
      point = { ean, role, inField: undefined, outField: undefined };
      byEan.set(ean, point);
      ordered.push(point);
    } else if (point.role !== role) {
      report({
        column,
        code: 'HEADER_ROLE_CONFLICT',
        params: { found: name, ean },
        message: `column "${name}" gives EAN ${ean} another role than its earlier column`,
      });
      return;
    }
    const field = kind === 'IN' ? 'inField' : 'outField';
    const existing = point[field];
    if (existing !== undefined) {
      report({
        column,
        code: 'HEADER_DUPLICATE',
        params: { found: name, first: existing + 4 },
        message: `column "${name}" appears twice (first in column ${existing + 4})`,
      });
      return;
    }
    point[field] = k;
  });

  const complete: PointColumns[] = [];
  for (const point of ordered) {
    const suffix = point.role === 'production' ? 'D' : 'O';
    if (point.outField === undefined && point.inField !== undefined) {
      report({
        column: point.inField + 4,
        code: 'HEADER_NO_PARTNER',
        params: { found: `IN-${point.ean}-${suffix}`, partner: `OUT-${point.ean}-${suffix}` },
        message: `column IN-${point.ean}-${suffix} has no OUT-${point.ean}-${suffix} partner column`,
      });
    } else if (point.inField === undefined && point.outField !== undefined) {
      report({
        column: point.outField + 4,
        code: 'HEADER_NO_PARTNER',
        params: { found: `OUT-${point.ean}-${suffix}`, partner: `IN-${point.ean}-${suffix}` },
        message: `column OUT-${point.ean}-${suffix} has no IN-${point.ean}-${suffix} partner column`,
      });
    } else {
      complete.push(point);
    }
  }

  const n = complete.length;
  const slotOfField = new Int32Array(names.length).fill(-1);
  complete.forEach((point, p) => {
    slotOfField[point.inField as number] = p;
    slotOfField[point.outField as number] = n + p;
  });
  return {
    points: complete.map(({ ean, role }) => ({ ean, role })),
    columns: complete.map((point) => ({
      in: (point.inField as number) + 4,
      out: (point.outField as number) + 4,
    })),
    layout: { valueFieldCount: names.length, slotCount: 2 * n, slotOfField, fieldNames: names },
  };
}
