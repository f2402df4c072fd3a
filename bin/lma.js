#!/usr/bin/env node
// The `lma` command: runs the compiled CLI (npm run build writes dist/).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('lma: not built yet; run "npm run build" first\n');
  process.exit(1);
}
await import(entry.href);
