import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { eanWithCheckDigit } from '@sdilna/shared/domain-core';

const ROOT = resolve(__dirname, '../../..');
const FIXTURE = resolve(__dirname, '../../../test/fixtures/edc/group-a-2026-04.csv');
const FIXTURE_KEY = resolve(__dirname, '../../../test/fixtures/edc/group-a-key.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns the real CLI the way `npm run sdilna` does. */
function sdilna(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args],
      { cwd: ROOT, env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let dir: string;
let csv: string;
let key: string;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdilna-cli-'));
  csv = path('krizovatka.csv');
  key = path('krizovatka.json');
  const generated = await sdilna(
    'generate',
    'krizovatka',
    '--from',
    '2026-10-24',
    '--to',
    '2026-10-25',
    '--out',
    csv,
    '--key-out',
    key,
  );
  expect(generated.code).toBe(0);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keyJson(): {
  method: string;
  rounds?: number;
  allocations: { producer: string; consumer: string; percent: number; priority?: number }[];
} {
  return JSON.parse(readFileSync(key, 'utf8'));
}

function writeKey(name: string, mutate: (k: ReturnType<typeof keyJson>) => void): string {
  const k = keyJson();
  mutate(k);
  writeFileSync(path(name), JSON.stringify(k));
  return path(name);
}

function writeCsv(name: string, mutate: (lines: string[]) => void): string {
  const lines = readFileSync(csv, 'utf8').split('\n');
  mutate(lines);
  writeFileSync(path(name), lines.join('\n'));
  return path(name);
}

/** exit 2, one line on stderr without a stack trace, and no output file */
async function expectUserError(run: Promise<Run>, out: string, reason: RegExp): Promise<void> {
  const result = await run;
  expect(result.code).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(reason);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
  expect(temporariesOf(out)).toEqual([]);
}

/**
 * The temporary files a write of `out` leaves behind (`.<name>.<pid>.tmp` beside it); only this output's, because
 * the tests run concurrently and another test's write may be in flight in the same folder.
 */
function temporariesOf(out: string): string[] {
  const prefix = `.${basename(out)}.`;
  return readdirSync(dirname(out)).filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
}

describe.concurrent('sdilna CLI', { timeout: 60_000 }, () => {
  it('generate writes a valid export over the autumn DST day whose OUT replays exactly (exit 0)', async () => {
    expect(
      readFileSync(csv, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('25.10.2026')),
    ).toHaveLength(100);
    const validate = await sdilna('validate', csv);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/valid: 4 points .* 2 days, 196 intervals, 0 errors/);
    const replay = await sdilna('replay', '--export', csv, '--key', key);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/intervals compared: 196\nintervals matched: 196/);
  });

  it('replays the real fixture with its key: every interval matches (exit 0)', async () => {
    const replay = await sdilna('replay', '--export', FIXTURE, '--key', FIXTURE_KEY);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/intervals compared: 2880\nintervals matched: 2880/);
  });

  it("replays the real fixture with its key without rounds: EDC's 5 rounds for 27 flats, every interval matches", async () => {
    const roundless = path('group-a-without-rounds.json');
    const file = JSON.parse(readFileSync(FIXTURE_KEY, 'utf8')) as Record<string, unknown>;
    delete file['rounds'];
    writeFileSync(roundless, JSON.stringify(file));
    const replay = await sdilna('replay', '--export', FIXTURE, '--key', roundless);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/intervals compared: 2880\nintervals matched: 2880/);
    expect(replay.stdout).toContain('rounds: 5 on 30 days (EDC: 5)');
  });

  it('replay exits 1 and prints the first differences when the key does not fit', async () => {
    const oneRound = path('one-round.json');
    writeFileSync(oneRound, readFileSync(FIXTURE_KEY, 'utf8').replace('"rounds": 5', '"rounds": 1'));
    const replay = await sdilna('replay', '--export', FIXTURE, '--key', oneRound, '--max-differences', '2');
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/intervals matched: \d+\nintervals with differences: \d+/);
    expect(replay.stdout).toMatch(/line \d+\) OUT-\d{18}-[DO]: file -?\d+,\d\d, computed -?\d+,\d\d/);
    expect(replay.stdout).toContain('rounds: 1 on 30 days (what-if; EDC: 5)');
  });

  it('allocate writes the export with computed OUT in two decimals, which replays exactly', async () => {
    const out = path('allocated.csv');
    const result = await sdilna('allocate', '--measured', FIXTURE, '--key', FIXTURE_KEY, '--out', out);
    expect(result.code).toBe(0);
    const written = readFileSync(out, 'utf8').split('\n');
    expect(written[0]).toBe(readFileSync(FIXTURE, 'utf8').split('\n')[0]);
    expect(written[1]).toMatch(/^01\.04\.2026;00:00;00:15;0,00;0,00;.*;-0,53;-0,53;.*;$/);
    expect((await sdilna('replay', '--export', out, '--key', FIXTURE_KEY)).code).toBe(0);
  });

  describe("EDC's worked examples (domain.md §3.5a) with key files that state the method and no rounds", () => {
    const ean = (n: number) => eanWithCheckDigit(`85918249${String(n).padStart(9, '0')}`);
    const [D, D1, D2] = [ean(1), ean(2), ean(3)];
    const [O1, O2, O3, O4] = [ean(11), ean(12), ean(13), ean(14)];

    /**
     * One day (1 June 2026) whose 09:30 interval holds the example (kWh), every other interval 0; allocates it
     * and returns the shared kWh of each point in that interval as text, and what the CLI logged (on stderr).
     */
    async function allocateExample(
      name: string,
      keyFile: object,
      production: Record<string, string>,
      demand: Record<string, string>,
    ): Promise<{ shared: Record<string, string>; log: string }> {
      const points = [
        ...Object.keys(production).map((e) => ({ ean: e, suffix: 'D', value: production[e]! })),
        ...Object.keys(demand).map((e) => ({ ean: e, suffix: 'O', value: `-${demand[e]!}` })),
      ];
      const header = [
        'Datum',
        'Cas od',
        'Cas do',
        ...points.flatMap((p) => [`IN-${p.ean}-${p.suffix}`, `OUT-${p.ean}-${p.suffix}`]),
      ];
      const time = (minutes: number) =>
        `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const rows = Array.from({ length: 96 }, (_, i) => {
        const cells = points.flatMap((p) => (i === 38 ? [p.value, p.value] : ['0', '0']));
        return ['01.06.2026', time(i * 15), time(i * 15 + 15), ...cells].join(';') + ';';
      });
      const measured = path(`${name}.csv`);
      writeFileSync(measured, [header.join(';'), ...rows].join('\n') + '\n');
      const keyPath = path(`${name}.json`);
      writeFileSync(keyPath, JSON.stringify(keyFile));
      const out = path(`${name}-out.csv`);
      const result = await sdilna('allocate', '--measured', measured, '--key', keyPath, '--out', out);
      expect(result.code).toBe(0);
      const lines = readFileSync(out, 'utf8').split('\n');
      const cells = lines.find((line) => line.startsWith('01.06.2026;09:30;09:45;'))!.split(';');
      const kwh = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);
      const shared = Object.fromEntries(
        points.map((p, k) => {
          const measuredIn = kwh(cells[3 + 2 * k]!);
          const out = kwh(cells[4 + 2 * k]!);
          const amount = p.suffix === 'D' ? measuredIn - out : out - measuredIn;
          return [p.ean, (amount / 100).toFixed(2)];
        }),
      );
      return { shared, log: result.stderr };
    }

    it('1. self-sharing, iteration requested: 1 round, O 4.22', async () => {
      const { shared, log } = await allocateExample(
        'example-1',
        {
          method: 'static-iterative',
          allocations: [{ producer: D, consumer: O1, percent: 100, priority: 1 }],
        },
        { [D]: '9,51' },
        { [O1]: '4,22' },
      );
      expect(shared).toEqual({ [D]: '4.22', [O1]: '4.22' });
      expect(log).toContain('rounds: 1 on 1 day (EDC: 1)');
    });

    it('2. cottage and flat, iteration requested: 2 rounds, the flat gets 6.08', async () => {
      const key = {
        method: 'static-iterative',
        allocations: [
          { producer: D, consumer: O1, percent: 40 },
          { producer: D, consumer: O2, percent: 60 },
        ],
      };
      const edc = await allocateExample('example-2', key, { [D]: '7,51' }, { [O1]: '0,37', [O2]: '12,21' });
      expect(edc.shared).toEqual({ [D]: '6.45', [O1]: '0.37', [O2]: '6.08' });
      expect(edc.log).toContain('rounds: 2 on 1 day (EDC: 2)');
      // An explicit rounds is a what-if, printed beside EDC's rounds.
      const whatIf = await allocateExample(
        'example-2-five',
        { ...key, rounds: 5 },
        { [D]: '7,51' },
        { [O1]: '0,37', [O2]: '12,21' },
      );
      expect(whatIf.shared[O2]).toBe('7.06');
      expect(whatIf.log).toContain('rounds: 5 on 1 day (what-if; EDC: 2)');
    });

    it('3. block of flats without iteration: 1 round, 0.45, 2.33, 4.25, 4.35', async () => {
      const { shared, log } = await allocateExample(
        'example-3',
        {
          method: 'static',
          allocations: [O1, O2, O3, O4].map((consumer) => ({ producer: D, consumer, percent: 25 })),
        },
        { [D]: '17,42' },
        { [O1]: '0,45', [O2]: '2,33', [O3]: '4,25', [O4]: '15,20' },
      );
      expect(shared).toEqual({ [D]: '11.38', [O1]: '0.45', [O2]: '2.33', [O3]: '4.25', [O4]: '4.35' });
      expect(log).toContain('rounds: 1 on 1 day (EDC: 1)');
    });

    it('4. municipality, two producers with priorities, iteration requested: 3 rounds', async () => {
      const { shared, log } = await allocateExample(
        'example-4',
        {
          method: 'static-iterative',
          allocations: [
            { producer: D1, consumer: O1, percent: 30, priority: 1 },
            { producer: D2, consumer: O1, percent: 10, priority: 2 },
            { producer: D2, consumer: O2, percent: 10, priority: 1 },
            { producer: D1, consumer: O2, percent: 70, priority: 2 },
            { producer: D2, consumer: O3, percent: 10, priority: 1 },
          ],
        },
        { [D1]: '2,20', [D2]: '132,45' },
        { [O1]: '3,37', [O2]: '1,20', [O3]: '36,87' },
      );
      // office 0.66 + 2.71, library 1.20, kindergarten 13.24 + 11.53 + 10.37; D1 keeps 1.54, D2 93.40
      expect(shared).toEqual({
        [D1]: '0.66',
        [D2]: '39.05',
        [O1]: '3.37',
        [O2]: '1.20',
        [O3]: '35.14',
      });
      expect(log).toContain('rounds: 3 on 1 day (EDC: 3)');
    });

    it('counts only the points with data that day: a column empty all day is not in the group', async () => {
      const key = {
        method: 'static-iterative',
        allocations: [
          { producer: D, consumer: O1, percent: 40 },
          { producer: D, consumer: O2, percent: 60 },
          { producer: D, consumer: O3, percent: 0 },
        ],
      };
      const measured = path('joined-later.csv');
      const header = `Datum;Cas od;Cas do;IN-${D}-D;OUT-${D}-D;IN-${O1}-O;OUT-${O1}-O;IN-${O2}-O;OUT-${O2}-O;IN-${O3}-O;OUT-${O3}-O`;
      const time = (minutes: number) =>
        `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const rows = ['01.06.2026', '02.06.2026'].flatMap((date, day) =>
        Array.from({ length: 96 }, (_, i) => {
          const values =
            i === 38
              ? ['7,51', '7,51', '-0,37', '-0,37', '-12,21', '-12,21']
              : ['0', '0', '0', '0', '0', '0'];
          // The third flat joins the group on 2 June: empty on 1 June, zeros (present) on 2 June.
          const third = day === 0 ? ['', ''] : ['0', '0'];
          return [date, time(i * 15), time(i * 15 + 15), ...values, ...third].join(';') + ';';
        }),
      );
      writeFileSync(measured, [header, ...rows].join('\n') + '\n');
      const keyPath = path('joined-later.json');
      writeFileSync(keyPath, JSON.stringify(key));
      const out = path('joined-later-out.csv');
      const result = await sdilna('allocate', '--measured', measured, '--key', keyPath, '--out', out);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('rounds: 2 on 1 day (EDC: 2)');
      expect(result.stderr).toContain('rounds: 3 on 1 day (EDC: 3)');
    });
  });

  it('validate prints file:line:column for each problem and exits 2', async () => {
    const broken = writeCsv('broken.csv', (lines) => {
      lines.splice(10, 1);
      lines[30] = lines[30]!.replace(/^([^;]*;[^;]*;[^;]*;)[^;]*/, '$11,234');
    });
    const result = await sdilna('validate', broken);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      `${broken}:11:2: expected interval 02:15–02:30 of 2026-10-24, found 02:30–02:45`,
    );
    expect(result.stdout).toMatch(new RegExp(`${broken}:31:4: expected kWh .* found "1,234"`));
  });

  it('validate refuses a 15-minute value above --max-kwh-per-interval (default 10 000 kWh) at its line and column', async () => {
    const big = writeCsv('big.csv', (lines) => {
      lines[5] = lines[5]!.replace(/^([^;]*;[^;]*;[^;]*;)[^;]*/, '$120000000,00');
    });
    const refused = await sdilna('validate', big);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(
      new RegExp(`${big}:6:4: expected at most 10000 kWh per 15 minutes .* found "20000000,00"`),
    );
    const large = writeCsv('large.csv', (lines) => {
      lines[5] = lines[5]!.replace(/^([^;]*;[^;]*;[^;]*;)[^;]*/, '$1600,00');
    });
    expect((await sdilna('validate', large)).stdout).not.toContain('expected at most');
    const limited = await sdilna('validate', large, '--max-kwh-per-interval', '500');
    expect(limited.code).toBe(2);
    expect(limited.stdout).toContain(`${large}:6:4: expected at most 500 kWh per 15 minutes`);
  });

  it('rejects an unknown method', async () => {
    const out = path('method.csv');
    const k = writeKey('method.json', (k) => (k.method = 'proportional'));
    await expectUserError(
      sdilna('allocate', '--measured', csv, '--key', k, '--out', out),
      out,
      /unknown method "proportional"/,
    );
  });

  it.each([0, 6])('rejects rounds %i', async (rounds) => {
    const out = path(`rounds-${rounds}.csv`);
    const k = writeKey(`rounds-${rounds}.json`, (k) => (k.rounds = rounds));
    await expectUserError(
      sdilna('allocate', '--measured', csv, '--key', k, '--out', out),
      out,
      /rounds \d is not allowed; expected an integer 1\.\.5/,
    );
  });

  it('rejects percent 100.001', async () => {
    const out = path('percent.csv');
    const k = writeKey('percent.json', (k) => (k.allocations[0]!.percent = 100.001));
    await expectUserError(
      sdilna('allocate', '--measured', csv, '--key', k, '--out', out),
      out,
      /allocations\[0\].*more than 2 decimals/,
    );
  });

  it('rejects a consumer with 6 producers', async () => {
    const out = path('six.csv');
    const k = writeKey('six.json', (k) => {
      const consumer = k.allocations[0]!.consumer;
      const producers = [
        '859182400123456789',
        '859182400611447671',
        '859182412000000091',
        '859182412000000107',
        '859182412000000114',
      ];
      for (const producer of producers) k.allocations.push({ producer, consumer, percent: 1, priority: 2 });
    });
    await expectUserError(
      sdilna('allocate', '--measured', csv, '--key', k, '--out', out),
      out,
      /has 6 producers; the rules allow at most 5/,
    );
  });

  it('rejects an EAN with a bad check digit in the key', async () => {
    const out = path('ean-key.csv');
    const k = writeKey('ean.json', (k) => (k.allocations[0]!.consumer = '859182400123456784'));
    await expectUserError(
      sdilna('allocate', '--measured', csv, '--key', k, '--out', out),
      out,
      /consumer EAN 859182400123456784 has a bad check digit \(expected 9\)/,
    );
  });

  it('rejects an EAN with a bad check digit in the export header', async () => {
    const out = path('ean-header.csv');
    const input = writeCsv(
      'bad-ean.csv',
      (lines) =>
        (lines[0] = lines[0]!
          .replace(/IN-(\d{17})\d-D/, 'IN-$10-D')
          .replace(/OUT-(\d{17})\d-D/, 'OUT-$10-D')),
    );
    await expectUserError(
      sdilna('allocate', '--measured', input, '--key', key, '--out', out),
      out,
      /bad-ean\.csv:1:4: .*bad check digit/,
    );
  });

  it('rejects a header whose IN column has no OUT partner', async () => {
    const out = path('partner.csv');
    const input = writeCsv('no-partner.csv', (lines) => {
      const cells = lines[0]!.split(';');
      lines[0] = cells
        .filter((cell) => !cell.startsWith('OUT-') || !cell.endsWith(cells[5]!.slice(3)))
        .join(';');
    });
    await expectUserError(
      sdilna('allocate', '--measured', input, '--key', key, '--out', out),
      out,
      /no-partner\.csv:1:6: column IN-\d{18}-O has no OUT-\d{18}-O partner column/,
    );
  });

  it('rejects a file whose rows skip an interval, even after earlier days were processed', async () => {
    const out = path('skip.csv');
    const input = writeCsv('skipped.csv', (lines) => lines.splice(150, 1));
    await expectUserError(
      sdilna('allocate', '--measured', input, '--key', key, '--out', out),
      out,
      /skipped\.csv:151:2: expected interval .* 1 interval skipped/,
    );
  });

  describe('optimise', () => {
    // Outputs in a folder of their own: the other tests look for temporary files in the main one.
    const own = (name: string) => join(dir, 'optimise', name);
    beforeAll(() => mkdirSync(join(dir, 'optimise'), { recursive: true }));
    const ean = (n: number) => eanWithCheckDigit(`85918249${String(n).padStart(9, '0')}`);
    const [P1, P2] = [ean(21), ean(22)];
    const consumers = [ean(31), ean(32), ean(33), ean(34)];

    /** Two PV plants and four consumers over two June days: a sunny midday and loads that differ per consumer. */
    function twoProducerExport(name: string, seed: number): string {
      const header = [
        'Datum',
        'Cas od',
        'Cas do',
        ...[P1, P2].flatMap((e) => [`IN-${e}-D`, `OUT-${e}-D`]),
        ...consumers.flatMap((e) => [`IN-${e}-O`, `OUT-${e}-O`]),
      ].join(';');
      const time = (minutes: number) =>
        `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const kwh = (hundredths: number) =>
        `${Math.floor(hundredths / 100)},${String(hundredths % 100).padStart(2, '0')}`;
      const rows = ['01.06.2026', '02.06.2026'].flatMap((date, day) =>
        Array.from({ length: 96 }, (_, i) => {
          const sun = Math.max(0, Math.sin(((i - 24) / 48) * Math.PI));
          const production = [1, 2].map((d) =>
            Math.round(sun * 400 * d * (1 + ((i * 7 + day + seed) % 5) / 10)),
          );
          const demand = consumers.map((_, o) => 20 + ((i * (o + 3) + seed * 11 + day * 5) % 97) * (o + 1));
          const cells = [
            ...production.flatMap((v) => [kwh(v), kwh(v)]),
            ...demand.flatMap((v) => [`-${kwh(v)}`, `-${kwh(v)}`]),
          ];
          return [date, time(i * 15), time(i * 15 + 15), ...cells].join(';') + ';';
        }),
      );
      writeFileSync(own(name), [header, ...rows].join('\n') + '\n');
      return own(name);
    }

    const registration = (out: string) => out.replace(/\.json$/, '.edc.csv');

    it('writes a key for the real fixture that shares more than the registered key, and its EDC table', async () => {
      const out = own('optimised-group-a.json');
      const result = await sdilna('optimise', '--measured', FIXTURE, '--current', FIXTURE_KEY, '--out', out);
      expect(result.code).toBe(0);
      const row =
        /group-a-2026-04\.csv 2026-04-01\.\.2026-04-30: (\d+),(\d\d) → (\d+),(\d\d) kWh \(\+\d+\.\d %\)/.exec(
          result.stdout,
        );
      expect(result.stdout).toContain('shared kWh per export: current key → proposal');
      expect(row).not.toBeNull();
      expect(Number(row![3]) * 100 + Number(row![4])).toBeGreaterThan(
        Number(row![1]) * 100 + Number(row![2]),
      );
      expect(result.stdout).toContain('rounds: 5 on 30 days (EDC)');
      expect(result.stderr).toMatch(
        /^optimise: 1 production and 27 consumption points, 30 days in 1 export\n/,
      );
      expect(result.stderr).toContain('progress: 100 %');
      const written = JSON.parse(readFileSync(out, 'utf8')) as ReturnType<typeof keyJson>;
      expect(written.method).toBe('static-iterative');
      expect(written.rounds).toBeUndefined();
      expect(written.allocations).toHaveLength(27);
      expect(
        written.allocations.reduce((sum, a) => sum + Math.round(a.percent * 100), 0),
      ).toBeLessThanOrEqual(10_000);
      const table = readFileSync(registration(out), 'utf8').split('\r\n');
      expect(table[0]).toBe('\uFEFFEAN výrobny;EAN odběrného místa;Alokační klíč [%];Priorita');
      expect(table.slice(1, -1)).toHaveLength(27);
      expect(table[1]).toMatch(/^859182400611447671;\d{18};\d+,\d\d;1$/);
      // The key is accepted where keys are used: allocate runs with it.
      const allocated = await sdilna(
        'allocate',
        '--measured',
        FIXTURE,
        '--key',
        out,
        '--out',
        own('optimised.csv'),
      );
      expect(allocated.code).toBe(0);
    });

    it('keeps --min-percent and --max-change, and writes a static key for --rounds 1', async () => {
      const out = own('optimised-limited.json');
      const result = await sdilna(
        'optimise',
        '--measured',
        FIXTURE,
        '--current',
        FIXTURE_KEY,
        '--out',
        out,
        '--min-percent',
        '3',
        '--max-change',
        '1,5',
        '--rounds',
        '1',
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('rounds: 1 on 30 days (what-if)');
      const written = JSON.parse(readFileSync(out, 'utf8')) as ReturnType<typeof keyJson>;
      expect(written.method).toBe('static');
      const registered = JSON.parse(readFileSync(FIXTURE_KEY, 'utf8')) as ReturnType<typeof keyJson>;
      const before = new Map(registered.allocations.map((a) => [a.consumer, a.percent]));
      for (const a of written.allocations) {
        expect(a.percent).toBeGreaterThanOrEqual(3);
        expect(Math.abs(a.percent - before.get(a.consumer)!)).toBeLessThanOrEqual(1.5 + 1e-9);
      }
    });

    it("optimises two producers over two exports: every consumer with both, or the current key's two groups", async () => {
      const june = twoProducerExport('two-producers-a.csv', 1);
      const july = twoProducerExport('two-producers-b.csv', 2);
      const out = own('optimised-two.json');
      const both = await sdilna('optimise', '--measured', june, '--measured', july, '--out', out);
      expect(both.code).toBe(0);
      expect(both.stdout).toContain('shared kWh per export: flat key → proposal');
      expect(both.stdout).toMatch(
        /two-producers-a\.csv 2026-06-01\.\.2026-06-02: .*\n {2}two-producers-b\.csv .*\n {2}total: /,
      );
      const pairs = (JSON.parse(readFileSync(out, 'utf8')) as ReturnType<typeof keyJson>).allocations;
      expect(pairs).toHaveLength(2 * 4);
      expect(pairs.filter((a) => a.producer === P2).every((a) => a.priority === 2)).toBe(true);

      const current = own('two-groups.json');
      writeFileSync(
        current,
        JSON.stringify({
          method: 'static-iterative',
          allocations: consumers.map((consumer, o) => ({ producer: o < 2 ? P1 : P2, consumer, percent: 50 })),
        }),
      );
      const grouped = own('optimised-groups.json');
      const result = await sdilna('optimise', '--measured', june, '--current', current, '--out', grouped);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('shared kWh per export: current key → proposal');
      const written = (JSON.parse(readFileSync(grouped, 'utf8')) as ReturnType<typeof keyJson>).allocations;
      expect(written.map((a) => [a.producer, a.consumer])).toEqual(
        consumers.map((c, o) => [o < 2 ? P1 : P2, c]),
      );
      for (const producer of [P1, P2])
        expect(
          written
            .filter((a) => a.producer === producer)
            .reduce((sum, a) => sum + Math.round(a.percent * 100), 0),
        ).toBeLessThanOrEqual(10_000);
    });

    it('refuses bad arguments and impossible constraints with one line and exit 2, writing nothing', async () => {
      const out = path('optimise-refused.json');
      await expectUserError(
        sdilna('optimise', '--measured', FIXTURE),
        out,
        /required option '--out <key.json>'/,
      );
      await expectUserError(
        sdilna('optimise', '--measured', FIXTURE, '--out', out, '--rounds', '6'),
        out,
        /--rounds must be an integer 1\.\.5/,
      );
      await expectUserError(
        sdilna('optimise', '--measured', path('nothing.csv'), '--out', out),
        out,
        /cannot read .*nothing\.csv: no such file/,
      );
      await expectUserError(
        sdilna('optimise', '--measured', FIXTURE, '--out', out, '--max-change', '2'),
        out,
        /--max-change needs --current/,
      );
      await expectUserError(
        sdilna('optimise', '--measured', FIXTURE, '--out', out, '--min-percent', '3,999'),
        out,
        /--min-percent "3,999": .*expected 0\.\.100 with at most 2 decimals/,
      );
      await expectUserError(
        sdilna('optimise', '--measured', FIXTURE, '--out', out, '--min-percent', '4'),
        out,
        /producer 859182400611447671: its 27 consumers at the floors need 108 %, more than 100 %/,
      );
      await expectUserError(
        sdilna('optimise', '--measured', FIXTURE, '--out', out, '--current', path('missing-key.json')),
        out,
        /cannot read .*missing-key\.json/,
      );
      expect(existsSync(registration(out))).toBe(false);
    });

    it('ends quietly when the reader of its output goes away (| head)', async () => {
      const result = await new Promise<Run>((done) =>
        execFile(
          'bash',
          [
            '-c',
            `set -o pipefail; node -r @swc-node/register apps/cli/src/main.ts optimise --measured '${csv}' --out '${own('piped.json')}' | head -c 0`,
          ],
          { cwd: ROOT, env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' } },
          (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        ),
      );
      expect(result.code).toBe(0);
      expect(result.stderr).not.toMatch(/Error|\n\s+at /);
      expect(existsSync(own('piped.json'))).toBe(true);
    });
  });

  it('rejects bad arguments and unreadable files with exit 2', async () => {
    const out = path('args.csv');
    await expectUserError(
      sdilna('allocate', '--measured', csv, '--out', out),
      out,
      /required option '--key <key.json>'/,
    );
    await expectUserError(
      sdilna('allocate', '--measured', path('missing.csv'), '--key', key, '--out', out),
      out,
      /cannot read .*missing\.csv: no such file/,
    );
    await expectUserError(
      sdilna(
        'generate',
        'atlantis',
        '--from',
        '2026-01-01',
        '--to',
        '2026-01-02',
        '--out',
        out,
        '--key-out',
        path('k.json'),
      ),
      out,
      /unknown scenario "atlantis"/,
    );
    await expectUserError(
      sdilna(
        'generate',
        'lomnice',
        '--from',
        '2026-02-30',
        '--to',
        '2026-03-02',
        '--out',
        out,
        '--key-out',
        path('k.json'),
      ),
      out,
      /--from "2026-02-30" is not a date/,
    );
  });
});
