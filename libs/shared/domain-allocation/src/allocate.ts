import { createScratch, type AllocationScratch } from './allocation-scratch';
import type { CompiledKey } from './compiled-key';
import { runDynamic } from './dynamic-sharing';
import { runKeyRounds } from './key-rounds';
import { allocateStarComponent } from './star-rounds';
import type { AllocationInput, AllocationResult } from './allocation-io';

export type { AllocationInput, AllocationResult } from './allocation-io';

export interface AllocateOptions {
  /** also return shared energy per (producer, consumer) pair */
  readonly pairs?: boolean;
  /** reuse these arrays for the result (they are overwritten); handy when walking a year day by day */
  readonly into?: { producerShared: Int32Array; consumerShared: Int32Array; pairShared?: Int32Array };
}

/** Runs the key's method on every interval of the block. Integer arithmetic only; intervals are independent. */
export function allocate(
  key: CompiledKey,
  input: AllocationInput,
  options: AllocateOptions = {},
): AllocationResult {
  const count = input.intervalCount;
  const nP = key.producers.length;
  const nC = key.consumers.length;
  if (input.production.length !== nP * count || input.demand.length !== nC * count) {
    throw new RangeError(
      `input sizes do not match the key: ${nP} producers and ${nC} consumers × ${count} intervals expected`,
    );
  }
  const trackPairs = options.pairs === true;
  const producerShared = fresh(options.into?.producerShared, nP * count);
  const consumerShared = fresh(options.into?.consumerShared, nC * count);
  const pairShared = trackPairs ? fresh(options.into?.pairShared, key.pairCount * count) : undefined;
  const scratch = createScratch(key, trackPairs);

  // Components never influence each other, so the engine walks one component through all intervals of the block:
  // its few columns stay in L1 cache while the interval index runs along them.
  const keyRounds = key.method === 'static' || key.method === 'static-iterative' ? key.rounds : 0;
  for (let c = 0; c < key.componentCount; c++) {
    const singleProducer =
      (key.componentProducerStart[c + 1] as number) - (key.componentProducerStart[c] as number) === 1;
    if (keyRounds > 0 && singleProducer) {
      allocateStarComponent(
        key,
        c,
        keyRounds,
        input,
        scratch.star,
        producerShared,
        consumerShared,
        pairShared,
      );
      continue;
    }
    for (let i = 0; i < count; i++) {
      if (!loadComponent(key, c, input, i, scratch)) continue;
      runMethod(key, c, scratch);
      storeComponent(key, c, input, i, scratch, producerShared, consumerShared, pairShared);
    }
  }
  return { intervalCount: count, producerShared, consumerShared, pairShared };
}

function runMethod(key: CompiledKey, component: number, scratch: AllocationScratch): void {
  switch (key.method) {
    case 'static':
    case 'static-iterative':
      runKeyRounds(key, component, key.rounds, scratch);
      return;
    case 'dynamic':
      runDynamic(key, component, scratch);
      return;
    case 'hybrid':
      runKeyRounds(key, component, 1, scratch);
      runDynamic(key, component, scratch);
      return;
  }
}

/** Loads one interval of a component into the scratch; false when nothing can be shared (no export or no import). */
function loadComponent(
  key: CompiledKey,
  c: number,
  input: AllocationInput,
  i: number,
  scratch: AllocationScratch,
): boolean {
  const count = input.intervalCount;
  const { rem, need } = scratch;
  let anyExport = false;
  for (
    let p = key.componentProducerStart[c] as number, end = key.componentProducerStart[c + 1] as number;
    p < end;
    p++
  ) {
    const d = key.componentProducers[p] as number;
    const value = input.production[d * count + i] as number;
    rem[d] = value > 0 ? value : 0;
    if (value > 0) anyExport = true;
  }
  if (!anyExport) return false;
  let anyImport = false;
  for (
    let k = key.componentConsumerStart[c] as number, end = key.componentConsumerStart[c + 1] as number;
    k < end;
    k++
  ) {
    const o = key.componentConsumers[k] as number;
    const value = input.demand[o * count + i] as number;
    need[o] = value > 0 ? value : 0;
    if (value > 0) anyImport = true;
  }
  return anyImport;
}

function storeComponent(
  key: CompiledKey,
  c: number,
  input: AllocationInput,
  i: number,
  scratch: AllocationScratch,
  producerShared: Int32Array,
  consumerShared: Int32Array,
  pairShared: Int32Array | undefined,
): void {
  const count = input.intervalCount;
  const { rem, need } = scratch;
  for (
    let p = key.componentProducerStart[c] as number, end = key.componentProducerStart[c + 1] as number;
    p < end;
    p++
  ) {
    const d = key.componentProducers[p] as number;
    const value = input.production[d * count + i] as number;
    producerShared[d * count + i] = (value > 0 ? value : 0) - (rem[d] as number);
  }
  for (
    let k = key.componentConsumerStart[c] as number, end = key.componentConsumerStart[c + 1] as number;
    k < end;
    k++
  ) {
    const o = key.componentConsumers[k] as number;
    const value = input.demand[o * count + i] as number;
    consumerShared[o * count + i] = (value > 0 ? value : 0) - (need[o] as number);
  }
  if (pairShared) {
    for (
      let a = key.componentPairStart[c] as number, end = key.componentPairStart[c + 1] as number;
      a < end;
      a++
    ) {
      const q = key.componentPairs[a] as number;
      pairShared[q * count + i] = scratch.pairShared[q] as number;
      scratch.pairShared[q] = 0;
    }
  }
}

function fresh(reuse: Int32Array | undefined, length: number): Int32Array {
  if (!reuse) return new Int32Array(length);
  if (reuse.length < length)
    throw new RangeError(`result array holds ${reuse.length} values, ${length} needed`);
  const view = reuse.subarray(0, length);
  view.fill(0);
  return view;
}
