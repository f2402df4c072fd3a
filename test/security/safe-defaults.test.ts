import net from 'node:net';
import os from 'node:os';
import { expect } from 'chai';
import { botCredentials } from '../helpers/bot-framework-keys.js';
import { freePort, spawnLma } from '../helpers/cli.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { tempDir } from '../helpers/test-server.js';

const CREDENTIALS = botCredentials('00000000-0000-0000-0000-0000000000b4');

/** `lma serve` that should refuse to start: its exit code and error output, or a failure if it is still running after a minute. */
async function refusedStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawnLma(['serve'], { PORT: String(await freePort()), DATA_DIR: tempDir(), LOG_LEVEL: 'warn', ...env });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, stderr };
}

/** The one 'listening' log line of a serve process. */
function listeningLine(output: readonly string[]): Record<string, unknown> {
  const lines = output.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const found = lines.filter((l) => String(l.msg).startsWith('listening'));
  expect(found, 'one listening line').to.have.length(1);
  return found[0]!;
}

function nonLoopbackIPv4(): string | undefined {
  return Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

describe('security: safe defaults at start (lma serve)', () => {
  it('local mode without HOST listens on loopback only, and its log says so', async function () {
    const serve = await startServeProcess({ DATA_DIR: tempDir(), LOG_LEVEL: 'info', HOST: '' });
    try {
      const line = listeningLine(serve.output);
      expect(line).to.include({ host: '127.0.0.1', msg: 'listening on this machine only (loopback)' });
      const port = Number(new URL(serve.url).port);
      expect(line.port).to.equal(port);
      const outside = nonLoopbackIPv4();
      if (outside) expect(await connects(outside, port), `reachable at ${outside}`).to.equal(false);
      expect(await connects('127.0.0.1', port), 'control: reachable on loopback').to.equal(true);
    } finally {
      await serve.kill('SIGTERM');
    }
  });

  it('local mode refuses a non-loopback HOST, saying what to do instead (exit 2)', async () => {
    const r = await refusedStart({ HOST: '0.0.0.0' });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/HOST: must be a loopback address/);
    expect(r.stderr).to.contain('unset HOST').and.to.contain('MicrosoftAppId');
  });

  it('with bot credentials on 0.0.0.0, the log names the address bound, not 127.0.0.1', async function () {
    const serve = await startServeProcess({ ...CREDENTIALS, DATA_DIR: tempDir(), LOG_LEVEL: 'info', HOST: '0.0.0.0' });
    try {
      expect(listeningLine(serve.output)).to.include({ host: '0.0.0.0', msg: 'listening on every network interface' });
    } finally {
      await serve.kill('SIGTERM');
    }
  });

  it('production without PUBLIC_URL refuses to start, naming the variable (card links would point at localhost)', async () => {
    const r = await refusedStart({ ...CREDENTIALS, NODE_ENV: 'production', BOT_DOMAIN: 'lma.example.nhs.uk' });
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/PUBLIC_URL: required when NODE_ENV=production/);
    expect(r.stderr).to.contain('https://lma.example.nhs.uk');
  });
});
