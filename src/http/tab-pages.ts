import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'restify';

/** Teams may frame our pages (tabs); nothing else may. */
export const FRAME_ANCESTORS = "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com";

// Tabs run only our own bundled script and call only this service; no inline script.
export const TAB_HEADERS = {
  'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; ${FRAME_ANCESTORS}`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

// One flat folder per tab: a name is a plain file name, never a path.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$/;
const SAFE_TAB = /^[a-z0-9-]+$/;

/** `dist/tabs` (built by scripts/build-tabs.ts); works from src/ (tests, tsx) and dist/src/ (built). */
export function builtTabsDir(): string {
  let dir = import.meta.dirname;
  for (;;) {
    const candidate = path.join(dir, 'dist', 'tabs');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve('dist', 'tabs');
    dir = parent;
  }
}

/** Serves each built tab under `/tabs/NAME/` with the tab security headers. */
export function mountTabPages(server: Server, tabsDir = builtTabsDir()): void {
  server.get('/tabs/:tab', (req, res, next) => {
    // Relative asset URLs in index.html need the trailing slash.
    res.redirect(301, `/tabs/${encodeURIComponent(String(req.params.tab))}/`, next);
  });
  server.get('/tabs/:tab/*', async (req, res) => {
    const tab = String(req.params.tab ?? '');
    const name = String(req.params['*'] ?? '') || 'index.html';
    const type = CONTENT_TYPES[path.extname(name)];
    if (!SAFE_TAB.test(tab) || !SAFE_NAME.test(name) || !type) return notFound(res);
    try {
      const body = await fs.promises.readFile(path.join(tabsDir, tab, name));
      res.writeHead(200, { ...TAB_HEADERS, 'content-type': type, 'content-length': body.length });
      res.end(body);
    } catch {
      notFound(res);
    }
  });
}

function notFound(res: import('restify').Response): void {
  res.writeHead(404, { ...TAB_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found. (If you are developing, run npm run build to build the tabs.)');
}
