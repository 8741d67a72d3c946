import { spawn, type ChildProcess } from 'node:child_process';

import { freePort } from './free-port';

/** An API or worker process started as in production (its own entry point), with everything it printed. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** stdout and stderr so far */
  output(): string;
  stop(): Promise<void>;
}

const ENTRY = {
  api: { path: 'apps/api/src/main.ts', ready: 'Sdílna API listening' },
  worker: { path: 'apps/worker/src/main.ts', ready: 'Sdílna worker started' },
} as const;

/** Starts `apps/<kind>/src/main.ts` on this run's database and Redis (process.env) plus `env`, and waits for it. */
export async function startServiceProcess(
  kind: keyof typeof ENTRY,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ENTRY[kind].path], {
    // info, so that the ready line this waits for is printed (under test the default level is warn)
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((done, fail) => {
    const timer = setInterval(() => {
      if (output.includes(ENTRY[kind].ready)) {
        clearInterval(timer);
        done();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      fail(new Error(`${ENTRY[kind].path} exited (code ${code ?? '?'}):\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** An API process on a free port; `url` is its base URL. */
export async function startApiProcess(
  env: Record<string, string> = {},
): Promise<ServiceProcess & { url: string }> {
  const port = await freePort();
  const api = await startServiceProcess('api', { PORT: String(port), ...env });
  return { ...api, url: `http://127.0.0.1:${port}` };
}
