import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_EDC_MAX_KWH_PER_INTERVAL, MAX_EDC_MAX_KWH_PER_INTERVAL } from '@sdilna/shared/domain-edc';
import { runAllocate } from './allocate-command';
import { runGenerate } from './generate-command';
import { runOptimise } from './optimise-command';
import { runReplay } from './replay-command';
import { EXIT_INTERNAL_ERROR, EXIT_MISMATCH, EXIT_OK, EXIT_USER_ERROR, UserError } from './user-error';
import { runValidate } from './validate-command';

const print = (line: string) => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`${name} must be an integer ${min}..${max}`);
    }
    return Number(value);
  };
}

const numberStyle = () =>
  new Option(
    '--number-style <style>',
    'decimals in written kWh: fixed-2 ("0,00") or edc ("0,0", as EDC writes)',
  ).choices(['fixed-2', 'edc']);

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('sdilna')
    .description('Sdílna command line: EDC exports and electricity sharing')
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({ outputError: (message, write) => write(message.trimEnd().split('\n')[0] + '\n') });

  program
    .command('allocate')
    .description('compute OUT from the measured IN columns of an EDC export with a key file')
    .requiredOption('--measured <export.csv>', 'EDC standard export (only IN is used)')
    .requiredOption('--key <key.json>', 'key file')
    .requiredOption('--out <result.csv>', 'where to write the export with computed OUT')
    .addOption(numberStyle().default('fixed-2'))
    .action(
      async (options: { measured: string; key: string; out: string; numberStyle: 'fixed-2' | 'edc' }) => {
        await runAllocate(options, log);
        setExitCode(EXIT_OK);
      },
    );

  program
    .command('replay')
    .description(
      "recompute OUT from IN with a key and compare it with the file's OUT (exit 1 on differences)",
    )
    .requiredOption('--export <export.csv>', 'EDC standard export with IN and OUT')
    .requiredOption('--key <key.json>', 'key file')
    .option(
      '--max-differences <n>',
      'how many differences to print',
      integer('--max-differences', 0, 1_000_000),
      20,
    )
    .action(async (options: { export: string; key: string; maxDifferences: number }) => {
      setExitCode((await runReplay(options, print)) ? EXIT_OK : EXIT_MISMATCH);
    });

  program
    .command('validate')
    .description('run the import checks on an EDC standard export (exit 2 when invalid)')
    .argument('<export.csv>', 'EDC standard export')
    .option(
      '--max-kwh-per-interval <kWh>',
      'largest plausible 15-minute value, as the import (EDC_MAX_KWH_PER_INTERVAL)',
      integer('--max-kwh-per-interval', 1, MAX_EDC_MAX_KWH_PER_INTERVAL),
      DEFAULT_EDC_MAX_KWH_PER_INTERVAL,
    )
    .action(async (path: string, options: { maxKwhPerInterval: number }) => {
      setExitCode((await runValidate(path, print, options.maxKwhPerInterval)) ? EXIT_OK : EXIT_USER_ERROR);
    });

  program
    .command('generate')
    .description(
      'write a deterministic scenario (lomnice, krizovatka, bobnicka, synthetic) as an EDC export and key',
    )
    .argument('<scenario>', 'lomnice | krizovatka | bobnicka | synthetic')
    .requiredOption('--from <YYYY-MM-DD>', 'first day (Prague calendar)')
    .requiredOption('--to <YYYY-MM-DD>', 'last day, inclusive')
    .requiredOption('--out <file.csv>', 'EDC standard export to write')
    .requiredOption('--key-out <key.json>', 'key file to write')
    .option('--seed <n>', 'random seed', integer('--seed', 0, 2 ** 32 - 1), 20_260_401)
    .option('--eans <n>', 'number of metering points (synthetic)', integer('--eans', 2, 100_000))
    .addOption(numberStyle().default('edc'))
    .action(
      async (
        scenario: string,
        options: {
          from: string;
          to: string;
          out: string;
          keyOut: string;
          seed: number;
          eans?: number;
          numberStyle: 'fixed-2' | 'edc';
        },
      ) => {
        await runGenerate({ scenario, ...options, eans: options.eans }, log);
        setExitCode(EXIT_OK);
      },
    );

  program
    .command('optimise')
    .description(
      'search the key that shares most on the measured IN of EDC exports; write it as a key file and EDC table',
    )
    .requiredOption(
      '--measured <export.csv>',
      'EDC standard export (only IN is used); repeat for more months',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .requiredOption(
      '--out <key.json>',
      'key file to write (and <key>.edc.csv for EDC registration beside it)',
    )
    .option('--current <key.json>', 'the registered key: its pairs and priorities, the figure to beat')
    .option(
      '--rounds <n>',
      "what-if rounds instead of EDC's rule (1 writes a static key)",
      integer('--rounds', 1, 5),
    )
    .option('--min-percent <percent>', 'fairness floor: every pair at least this percentage')
    .option(
      '--max-change <percent>',
      'stability: no pair further than this from --current (percentage points)',
    )
    .action(
      async (options: {
        measured: string[];
        out: string;
        current?: string;
        rounds?: number;
        minPercent?: string;
        maxChange?: string;
      }) => {
        await runOptimise(options, print, log);
        setExitCode(EXIT_OK);
      },
    );

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version end with code 0; every other parse error is a user error (commander printed it)
      return error.exitCode === 0 ? EXIT_OK : EXIT_USER_ERROR;
    }
    if (error instanceof UserError) {
      log(`sdilna: ${error.message}`);
      return EXIT_USER_ERROR;
    }
    log(`sdilna: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_INTERNAL_ERROR;
  }
}

if (require.main === module) {
  // `sdilna … | head`: the reader went away, so there is nobody left to tell anything; end quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    () => (process.exitCode = EXIT_INTERNAL_ERROR),
  );
}
