import type { DayRounds } from '@sdilna/shared/domain-allocation';

/**
 * Counts the days per (rounds run, rounds EDC would use) and prints them, so that a what-if `rounds` in the key
 * file is always seen next to EDC's own.
 */
export class RoundsSummary {
  private readonly days = new Map<string, { rounds: DayRounds; days: number }>();

  add(rounds: DayRounds): void {
    const id = `${rounds.rounds}/${rounds.edcRounds}`;
    const entry = this.days.get(id) ?? { rounds, days: 0 };
    entry.days++;
    this.days.set(id, entry);
  }

  /** e.g. `rounds: 2 on 30 days (EDC: 2)` or `rounds: 5 on 30 days (what-if; EDC: 2)` */
  lines(): string[] {
    return [...this.days.values()].map(({ rounds, days }) => {
      const what = rounds.rounds === rounds.edcRounds ? 'EDC' : 'what-if; EDC';
      return `rounds: ${rounds.rounds} on ${days} day${days === 1 ? '' : 's'} (${what}: ${rounds.edcRounds})`;
    });
  }
}
