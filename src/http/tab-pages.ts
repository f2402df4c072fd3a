import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type restify from 'restify';

/**
 * Serves the built tabs (`npm run build` bundles `tabs/NAME/` into
 * `dist/tabs/NAME/`) at `/tabs/NAME/`. Teams frames these pages, so
 * frame-ancestors names the Teams hosts; scripts and styles come only from
 * this service and no inline script runs.
 */
/** The hosts Microsoft lists for tabs (Teams, Microsoft 365 and Outlook, web and the cloud.microsoft move). */
export const TEAMS_FRAME_ANCESTORS = `frame-ancestors ${[
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft365.com',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
].join(' ')}`;

const TAB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  TEAMS_FRAME_ANCESTORS,
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// Only plain file names: nothing can climb out of the tab's folder.
const TAB_NAME = /^[a-z0-9-]+$/;
const FILE_NAME = /^[a-z0-9][a-z0-9.-]*\.(html|js|css|map|txt|svg|png)$/i;

/** Where `npm run build` writes the tabs: `dist/tabs` beside package.json, from src/ (tsx) or dist/src/. */
export function builtTabsDir(from = import.meta.dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(from, '../../dist/tabs');
    dir = up;
  }
  return path.join(dir, 'dist', 'tabs');
}

export function tabHeaders(file: string): Record<string, string> {
  return {
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': TAB_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Unhashed file names: the browser revalidates (ETag) every time, so a deploy shows at once.
    'cache-control': 'no-cache',
  };
}

interface ServedFile {
  readonly mtimeMs: number;
  readonly data: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
}

export function mountTabPages(server: restify.Server, dir: string = builtTabsDir()): void {
  // The admin bundle is about 500 KB; gzip takes it to about 150 KB, and an ETag lets a
  // no-cache revalidation end in 304. Each file is compressed once per build (mtime).
  const served = new Map<string, ServedFile>();
  const load = async (file: string): Promise<ServedFile> => {
    const stat = await fs.promises.stat(file);
    const cached = served.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached;
    const data = await fs.promises.readFile(file);
    const entry = {
      mtimeMs: stat.mtimeMs,
      data,
      gzipped: zlib.gzipSync(data),
      etag: `"${createHash('sha256').update(data).digest('base64url').slice(0, 27)}"`,
    };
    served.set(file, entry);
    return entry;
  };
  const send = async (req: restify.Request, res: restify.Response, tab: string, file: string) => {
    if (!TAB_NAME.test(tab) || !FILE_NAME.test(file)) return notFound(res);
    let entry: ServedFile;
    try {
      entry = await load(path.join(dir, tab, file));
    } catch {
      return notFound(res);
    }
    const headers = { ...tabHeaders(file), etag: entry.etag, vary: 'accept-encoding' };
    if (req.header('if-none-match') === entry.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '') && entry.gzipped.length < entry.data.length;
    res.writeHead(200, gzip ? { ...headers, 'content-encoding': 'gzip' } : headers);
    res.end(gzip ? entry.gzipped : entry.data);
  };
  server.get('/tabs/:tab', (req, res, next) => {
    // Relative script and style links need the trailing slash.
    res.redirect(301, `/tabs/${encodeURIComponent(String(req.params.tab ?? ''))}/`, next);
  });
  server.get('/tabs/:tab/', async (req, res) => send(req, res, String(req.params.tab ?? ''), 'index.html'));
  server.get('/tabs/:tab/:file', async (req, res) => send(req, res, String(req.params.tab ?? ''), String(req.params.file ?? '')));
}

function notFound(res: restify.Response): void {
  res.writeHead(404, { ...tabHeaders('x.txt') });
  res.end('Not found');
}
