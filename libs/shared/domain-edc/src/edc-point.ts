/** A metering point as it appears in an export: `IN-<EAN>-D` is production, `IN-<EAN>-O` consumption. */
export type MeteringRole = 'production' | 'consumption';

export interface EdcPoint {
  readonly ean: string;
  readonly role: MeteringRole;
}

export function roleFromSuffix(suffix: string): MeteringRole | undefined {
  const upper = suffix.toUpperCase();
  if (upper === 'D') return 'production';
  if (upper === 'O') return 'consumption';
  return undefined;
}

export function suffixOf(role: MeteringRole): 'D' | 'O' {
  return role === 'production' ? 'D' : 'O';
}

export function inColumnName(point: EdcPoint): string {
  return `IN-${point.ean}-${suffixOf(point.role)}`;
}

export function outColumnName(point: EdcPoint): string {
  return `OUT-${point.ean}-${suffixOf(point.role)}`;
}
