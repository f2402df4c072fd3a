import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './test-server.js';
import { freePort } from './net.js';

export { freePort };

const CLI = path.join(REPO_ROOT, 'src/cli/entry.ts');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lma ARGS` from the sources in a child process, with only the env given (plus PATH). */
export function runLma(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnLma(args, env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function spawnLma(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}


/**
 * Polls `url` until it answers with `status`. The deadline only ends a wait for what will never come:
 * on a busy two-core machine a CLI start-up (tsx compiling the sources) has taken over 20 s.
 */
export async function waitForStatus(url: string, status: number, timeoutMs = 110_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      last = String(res.status);
      if (res.status === status) return;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}
