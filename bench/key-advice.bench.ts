import { allocate, compileKey } from '@sdilna/shared/domain-allocation';
import {
  AdviceInputCollector,
  adviceKey,
  adviseKey,
  sharedPerMonth,
  SharedEnergyEvaluator,
  type KeyAdviceProblem,
} from '@sdilna/shared/domain-key-advice';
import {
  generateScenarioDays,
  scenarioDefinition,
  scenarioKey,
  scenarioPoints,
} from '@sdilna/shared/util-scenarios';

/**
 * Issue 22: `sdilna optimise` on a month of 50 and of 1 000 EANs (the synthetic community: one PV plant per 50
 * points, so 1 × 49 consumers with EDC's 5 rounds, and 20 × 49 with 1 round). Figures per size:
 * - the proposal's search time against the plain coordinate ascent from the proportional start, run in the same
 *   process (the proposal searches from more starts and on scaled copies, so it costs a multiple of it);
 * - the evaluator's evaluations per second against compiling the candidate key and running `allocate` over the
 *   whole group for each candidate (what a search without the evaluator would do);
 * - shared kWh of both keys on the month after (walk-forward), for the 50-EAN group.
 */
function monthProblem(eans: number, month: string): KeyAdviceProblem {
  const definition = scenarioDefinition({ name: 'synthetic', eans, seed: 1 });
  const key = scenarioKey(definition);
  const points = scenarioPoints(definition);
  const collector = new AdviceInputCollector({
    method: 'static-iterative',
    communityType: definition.communityType,
  });
  collector.addPoints(points);
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate();
  for (const day of generateScenarioDays(definition, {
    from: `${month}-01`,
    to: `${month}-${last}`,
    seed: 1,
  }))
    collector.addDay(0, points, day);
  return collector.problem(
    key.allocations.map((a) => ({ producer: a.producer, consumer: a.consumer, priority: a.priority })),
  );
}

/** Wall time and this process's CPU time: on the shared 2-core machines the CPU time is the one-core figure. */
function timed<T>(run: () => T): { s: number; cpu: number; value: T } {
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(cpu);
  return {
    s: Number(process.hrtime.bigint() - start) / 1e9,
    cpu: (used.user + used.system) / 1e6,
    value,
  };
}

const kwh = (hundredths: number) => (hundredths / 100).toFixed(2);

function evaluationSpeed(problem: KeyAdviceProblem, key: Int32Array): { evaluator: number; naive: number } {
  const evaluator = new SharedEnergyEvaluator(problem, key);
  const pairs = problem.pairs.length;
  const fast = timed(() => {
    let n = 0;
    const into = new Float64Array(evaluator.segmentCount);
    for (const [c, component] of evaluator.components.entries()) {
      for (let k = 0; k < 20; k++) {
        const q = component.pairs[k % component.pairs.length] as number;
        evaluator.set(q, (evaluator.basisPoints[q] as number) ^ 1);
        evaluator.evaluateComponent(c, into);
        n++;
      }
    }
    return n;
  });
  const naive = timed(() => {
    let n = 0;
    const candidate = Int32Array.from(key);
    for (let k = 0; k < 20; k++) {
      const q = (k * 7919) % pairs;
      candidate[q] = (candidate[q] as number) ^ 1;
      const allocationKey = adviceKey(problem, candidate);
      for (const segment of problem.segments)
        allocate(compileKey(allocationKey, segment.rounds, problem), segment.input);
      n++;
    }
    return n;
  });
  return { evaluator: fast.value / fast.cpu, naive: naive.value / naive.cpu };
}

function main(): void {
  for (const eans of [50, 1000]) {
    const setup = timed(() => monthProblem(eans, '2026-04'));
    const problem = setup.value;
    const rounds = [...new Set(problem.segments.map((s) => s.rounds))].join('/');
    console.log(
      `# ${eans} EANs: ${problem.producers.length} producers, ${problem.consumers.length} consumers, April 2026, rounds ${rounds} (data built in ${setup.s.toFixed(1)} s)`,
    );
    const plain = timed(() => adviseKey(problem, { kind: 'plain' }));
    let lastDecile = -1;
    const proposal = timed(() =>
      adviseKey(problem, {
        onProgress: ({ done }) => {
          const decile = Math.floor(done * 10);
          if (decile !== lastDecile && decile % 5 === 0) console.log(`# progress ${decile * 10} %`);
          lastDecile = decile;
        },
      }),
    );
    const fitted = (key: Int32Array) => sharedPerMonth(problem, key).reduce((a, b) => a + b, 0);
    console.log(
      `# fitted month: proportional ${kwh(fitted(plain.value.proportional))} kWh, plain ${kwh(fitted(plain.value.basisPoints))} kWh (${plain.value.evaluations} evaluations), proposal ${kwh(fitted(proposal.value.basisPoints))} kWh (${proposal.value.evaluations} evaluations)`,
    );
    console.log(`# wall time: proposal ${proposal.s.toFixed(2)} s, plain ${plain.s.toFixed(2)} s`);
    console.log(
      `key-advice-${eans}-eans-month: ${proposal.cpu.toFixed(2)} s CPU (baseline: plain coordinate ascent ${plain.cpu.toFixed(2)} s CPU, ratio: ${(proposal.cpu / plain.cpu).toFixed(1)})`,
    );
    const speed = evaluationSpeed(problem, plain.value.basisPoints);
    console.log(
      `key-advice-${eans}-eans-evaluations: ${speed.evaluator.toFixed(0)} /s (baseline: compile + allocate the group ${speed.naive.toFixed(1)} /s, ratio: ${(speed.evaluator / speed.naive).toFixed(1)})`,
    );
    if (eans === 50) {
      const next = monthProblem(eans, '2026-05');
      const judged = (key: Int32Array) => sharedPerMonth(next, key).reduce((a, b) => a + b, 0);
      const mine = judged(proposal.value.basisPoints);
      const theirs = judged(plain.value.basisPoints);
      console.log(
        `key-advice-${eans}-eans-next-month-shared: ${kwh(mine)} kWh (baseline: plain coordinate ascent ${kwh(theirs)} kWh, ratio: ${(mine / theirs).toFixed(4)})`,
      );
    }
  }
}

main();
