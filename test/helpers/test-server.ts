import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { startApp, type RunningApp, type StartOptions } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface TestServer {
  readonly app: RunningApp;
  readonly url: string;
  readonly dataDir: string;
  /** Every log line the server wrote, as raw JSON text. */
  readonly logs: string[];
  stop(): Promise<void>;
}

/** Starts the real service on a free loopback port with a temporary SQLite store (unless env says otherwise). */
export async function startTestServer(
  env: Record<string, string> = {},
  clock?: Clock,
  options: Pick<StartOptions, 'botAuth'> = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lma-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CONTENT_DIR: path.join(REPO_ROOT, 'content'),
    LOG_LEVEL: 'debug',
    // Tests run dispatch passes themselves (app.dispatcher.runNow()), at the moment they choose.
    NUDGE_INTERVAL_MS: '0',
    // No "typing..." unless a test asks for it: on a busy machine a reply can take over the 500 ms
    // default, and an extra typing call would change what a test sees.
    TYPING_DELAY_MS: '10000',
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await startApp({ config, logger: createLogger(config.logLevel, sink), ...(clock ? { clock } : {}), ...options });
  return {
    app,
    url: app.url,
    dataDir,
    logs,
    async stop() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix = 'lma-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A token from the development sign-in of a local-mode server (anyone may be anyone there, HR included). */
export async function devSignIn(server: TestServer, email: string, hr: boolean): Promise<string> {
  const res = await fetch(`${server.url}/api/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, hr }) });
  return ((await res.json()) as { token: string }).token;
}
