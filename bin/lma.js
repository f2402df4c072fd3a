#!/usr/bin/env node
// The `lma` command: runs the compiled CLI (npm run build writes dist/). It may be started as
// `node bin/lma.js`, through npx or npm exec, or as a linked or global `lma` (a symlink), so
// nothing here depends on the path it was started by.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MIN_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_MAJOR) {
  // better-sqlite3's prebuilt addon crashes older Node with a segmentation fault, so nothing may
  // load before this. npm install brings the project's own Node 22 (optionalDependencies).
  const ownNode = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
  if (!existsSync(ownNode)) {
    process.stderr.write(`lma: needs Node.js ${MIN_MAJOR} or newer, this is ${process.versions.node}; run "npm install" in ${fileURLToPath(new URL('..', import.meta.url))} first (it brings Node ${MIN_MAJOR} for the project), or install Node ${MIN_MAJOR}\n`);
    process.exit(2);
  }
  const child = spawn(ownNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C already reaches the child (same process group), and a second SIGINT would stop `lma serve`
  // at once instead of cleanly, so SIGINT is only kept from ending this wrapper early.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  const entry = new URL('../dist/src/cli/entry.js', import.meta.url);
  if (!existsSync(entry)) {
    process.stderr.write('lma: not built yet; run "npm run build" first\n');
    process.exit(1);
  }
  await import(entry.href);
}
