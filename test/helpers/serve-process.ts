import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, spawnLma, waitForStatus } from './cli.js';
import { REPO_ROOT } from './test-server.js';

/** `lma serve` in a child process of its own, so a test can SIGKILL it. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly url: string;
  /** Everything it wrote to standard output and error. */
  readonly output: string[];
  /** Resolves when the process has exited (with its signal, e.g. 'SIGKILL'). */
  readonly exited: Promise<NodeJS.Signals | null>;
  kill(signal?: NodeJS.Signals): Promise<NodeJS.Signals | null>;
}

/**
 * How long a starting service may take to answer /healthz: loading the content and training the
 * models took over 60 s on a 2-core machine running two test suites and a soak. A crash still
 * ends the wait at once (the exit is raced); this is below mocha's 5-minute test timeout.
 */
const START_WAIT_MS = 240_000;

export async function startServeProcess(env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const child = spawnLma(['serve'], {
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    CONTENT_DIR: path.join(REPO_ROOT, 'content'),
    LOG_LEVEL: 'warn',
    ...env,
  });
  const output: string[] = [];
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitForStatus(`${url}/healthz`, 200, START_WAIT_MS),
      exited.then(() => {
        throw new Error(`lma serve exited before it was ready:\n${output.join('')}`);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    child,
    pid: child.pid!,
    url,
    output,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
