import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Bundles every Teams tab: each `tabs/NAME/main.ts` (with the CSS it imports) becomes
 * `dist/tabs/NAME/main.js` and `main.css`, and the tab's `index.html` is copied beside them.
 * The service serves `dist/tabs/NAME/` at `/tabs/NAME/`. Libraries are bundled: pages load
 * nothing from elsewhere (CSP `script-src 'self'`).
 */
const root = path.resolve(import.meta.dirname, '..');
const tabsDir = path.join(root, 'tabs');
const outRoot = path.join(root, 'dist', 'tabs');

const tabs = fs
  .readdirSync(tabsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(tabsDir, d.name, 'main.ts')))
  .map((d) => d.name);

const started = Date.now();
fs.rmSync(outRoot, { recursive: true, force: true });
await Promise.all(
  tabs.map(async (tab) => {
    const outdir = path.join(outRoot, tab);
    await esbuild.build({
      entryPoints: [path.join(tabsDir, tab, 'main.ts')],
      bundle: true,
      format: 'esm',
      target: ['es2022'],
      platform: 'browser',
      minify: true,
      sourcemap: true,
      outdir,
      logLevel: 'warning',
      legalComments: 'linked',
    });
    fs.copyFileSync(path.join(tabsDir, tab, 'index.html'), path.join(outdir, 'index.html'));
  }),
);
if (!process.argv.includes('--quiet')) console.error(`built tabs (${tabs.join(', ')}) in ${Date.now() - started} ms`);
