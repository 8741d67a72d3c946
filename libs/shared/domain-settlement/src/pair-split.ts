import { SettlementError } from './settlement-error';

/**
 * Splits `total` (a non-negative integer, e.g. one consumer's shared energy in one interval in 0.01 kWh) into
 * integer parts proportional to `weights` (non-negative integers, e.g. the allocation engine's pair results of the
 * consumer's producers in that interval), by the largest-remainder method:
 *
 * 1. part[k] = floor(total × weight[k] / Σ weights);
 * 2. the units still missing to `total` (fewer than the number of positive weights) go one each to the parts
 *    with the largest remainders `total × weight[k] mod Σ weights`; equal remainders go to the lower index.
 *
 * So Σ parts = total exactly, a zero weight gets nothing, and where `total` equals Σ weights the parts are the
 * weights themselves. Integer arithmetic only (exact in `number` while total × Σ weights is a safe integer, in
 * `bigint` beyond). `out`, when given, receives the parts and is returned (it must hold weights.length values).
 */
export function splitByLargestRemainder<T extends { [index: number]: number; length: number } = number[]>(
  total: number,
  weights: ArrayLike<number>,
  out?: T,
): T {
  const n = weights.length;
  const parts = (out ?? new Array<number>(n).fill(0)) as T;
  if (parts.length < n) throw new RangeError(`out holds ${parts.length} parts, ${n} needed`);
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new SettlementError('INVALID_SHARING', `${total} cannot be split: not a non-negative integer`);
  }
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const weight = weights[k] as number;
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new SettlementError('INVALID_SHARING', `weight ${weight} is not a non-negative integer`);
    }
    sum += weight;
  }
  for (let k = 0; k < n; k++) parts[k] = 0;
  if (total === 0) return parts;
  if (sum === 0) throw new SettlementError('INVALID_SHARING', `${total} cannot be split by zero weights`);

  const exact = Number.isSafeInteger(total * sum);
  const remainders = new Array<number>(n);
  let assigned = 0;
  for (let k = 0; k < n; k++) {
    const weight = weights[k] as number;
    if (exact) {
      const product = total * weight;
      parts[k] = Math.floor(product / sum);
      remainders[k] = product - (parts[k] as number) * sum;
    } else {
      const product = BigInt(total) * BigInt(weight);
      const big = BigInt(sum);
      parts[k] = Number(product / big);
      remainders[k] = Number(product % big);
    }
    assigned += parts[k] as number;
  }
  let missing = total - assigned;
  if (missing === 0) return parts;
  // Fewer units are missing than there are positive remainders; a stable sort keeps the lower index first.
  const order = [...Array(n).keys()]
    .filter((k) => (remainders[k] as number) > 0)
    .sort((a, b) => (remainders[b] as number) - (remainders[a] as number));
  for (const k of order) {
    if (missing === 0) break;
    parts[k] = (parts[k] as number) + 1;
    missing--;
  }
  return parts;
}

/** A producer's claim on one interval of a consumer's shared energy. */
export interface ProducerWeight {
  readonly producerEan: string;
  readonly weight: number;
}

/**
 * One interval of a consumer with several producers: `total` split among them in proportion to their weights by
 * {@link splitByLargestRemainder}, equal remainders going to the lower producer EAN. Parts are returned in the
 * order of `producers`.
 */
export function splitAmongProducers(total: number, producers: readonly ProducerWeight[]): number[] {
  const order = [...producers.keys()].sort((a, b) => {
    const x = (producers[a] as ProducerWeight).producerEan;
    const y = (producers[b] as ProducerWeight).producerEan;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const sorted = splitByLargestRemainder(
    total,
    order.map((k) => (producers[k] as ProducerWeight).weight),
  );
  const parts = new Array<number>(producers.length).fill(0);
  order.forEach((k, position) => {
    parts[k] = sorted[position] as number;
  });
  return parts;
}
