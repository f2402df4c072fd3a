import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort, waitForStatus } from './cli.js';
import { REPO_ROOT, type TestServer } from './test-server.js';

/** Microsoft 365 Agents Playground pointed at a test server's bot endpoint, on a free port (telemetry off, no browser). */
export async function startPlayground(server: TestServer): Promise<{ readonly url: string; stop(): void }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules/@microsoft/m365agentsplayground/cli.js'), '--app-endpoint', `${server.url}/api/messages`, '--channel-id', 'msteams', '--port', String(port), '--disable-telemetry'],
    { cwd: server.dataDir, env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: 'ignore' },
  );
  await waitForStatus(`${url}/`, 200);
  return { url, stop: () => void child.kill('SIGKILL') };
}
