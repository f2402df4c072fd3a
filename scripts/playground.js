// `npm run playground`: Microsoft 365 Agents Playground against the local assistant, telemetry off
// and no browser opened, then one line saying where to go (it prints only "Listening on PORT").
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const cli = path.join(path.dirname(createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
const args = ['--app-endpoint', `http://127.0.0.1:${process.env.PORT || 3978}/api/messages`, '--channel-id', 'msteams', '--disable-telemetry', ...process.argv.slice(2)];
const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' }, stdio: ['inherit', 'pipe', 'inherit'] });
let told = false;
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const port = /Listening on (\d+)/.exec(String(chunk))?.[1];
  if (port && !told) {
    told = true;
    process.stdout.write(
      `\nOpen http://localhost:${port} in a browser and click "Personal chat" (you are Alex Wilber, alexw@example.com).\n` +
        'Type "help", "my reminders" or a question. "npm run demo" gives you three demo reports and a reminder card.\n\n',
    );
  }
});
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
