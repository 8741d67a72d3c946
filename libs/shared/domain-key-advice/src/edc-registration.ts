import type { AllocationKey } from '@sdilna/shared/domain-allocation';

/** Header of the registration table (docs/keys.md, "EDC registration"; an assumed layout, see there). */
export const EDC_REGISTRATION_HEADER = 'EAN výrobny;EAN odběrného místa;Alokační klíč [%];Priorita';

/**
 * The key as a table to enter or upload at EDC's group registration: one row per (producer, consumer) pair,
 * producers in key order and their consumers by EAN, the percentage with a decimal comma and exactly two decimals.
 * No rounding happens here: the key is held in whole basis points, which are exactly the two decimals EDC
 * accepts, so the table's percentages sum per producer to the key's (≤ 100 %). UTF-8 with a byte-order mark and
 * CRLF line ends, so that spreadsheet programs on Czech Windows open it with its diacritics.
 */
export function edcRegistrationCsv(key: AllocationKey): string {
  const producerOrder = new Map<string, number>();
  for (const a of key.allocations)
    if (!producerOrder.has(a.producer)) producerOrder.set(a.producer, producerOrder.size);
  const rows = [...key.allocations]
    .sort(
      (a, b) =>
        (producerOrder.get(a.producer) as number) - (producerOrder.get(b.producer) as number) ||
        (a.consumer < b.consumer ? -1 : a.consumer > b.consumer ? 1 : 0),
    )
    .map((a) => `${a.producer};${a.consumer};${percentText(a.basisPoints)};${a.priority}`);
  return `\uFEFF${[EDC_REGISTRATION_HEADER, ...rows].join('\r\n')}\r\n`;
}

/** 350 bp → "3,50"; integer arithmetic, so 0.29 stays "0,29". */
export function percentText(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const fraction = basisPoints - whole * 100;
  return `${whole},${fraction < 10 ? '0' : ''}${fraction}`;
}
