import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../errors.js';

/**
 * One `lma serve` per SQLite file. The lock is a write lock SQLite holds on a small file beside
 * the database (FILE.serve-lock) for as long as the service runs: the operating system drops it
 * when the process ends, however it ends, so a killed service leaves no stale lock. The holder's
 * pid and host are written there first, for the message a second service gets.
 * Command-line tools do not take it: they share the database as SQLite allows (see docs/DEPLOY.md).
 */
export interface ServeLock {
  release(): void;
}

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

const lockFileFor = (dbFile: string) => `${dbFile}.serve-lock`;

export function holdServeLock(dbFile: string, now: Date): ServeLock {
  const lockFile = lockFileFor(dbFile);
  // Taken before the store opens (and makes the folder): a fresh clone has no data folder yet.
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  // timeout 0: a held lock answers SQLITE_BUSY at once rather than after better-sqlite3's 5 s default.
  const lock = new BetterSqlite3(lockFile, { timeout: 0 });
  const refuse = (): never => {
    const holder = readHolder(lock);
    lock.close();
    const who = holder ? `lma serve (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : 'another lma serve';
    throw new AppError('STORE_IN_USE', `${dbFile} is in use by ${who}: SQLite takes one service per file. Stop that one first, or use PostgreSQL (DATABASE_URL) for several instances.`);
  };
  try {
    lock.exec('begin immediate');
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') refuse();
    lock.close();
    throw err;
  }
  lock.exec('create table if not exists holder (pid integer not null, host text not null, since text not null)');
  lock.exec('delete from holder');
  lock.prepare('insert into holder (pid, host, since) values (?, ?, ?)').run(process.pid, os.hostname(), now.toISOString());
  lock.exec('commit');
  // Taken again at once and held open: another service starting in between would have written itself in.
  try {
    lock.exec('begin immediate');
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') refuse();
    throw err;
  }
  return {
    release() {
      if (!lock.open) return;
      lock.exec('rollback');
      lock.close();
    },
  };
}

/** Who holds the serve lock on this database file now, if anyone (for command-line tools to warn). */
export function serveLockHolder(dbFile: string): LockHolder | undefined {
  let lock: BetterSqlite3.Database;
  try {
    lock = new BetterSqlite3(lockFileFor(dbFile), { timeout: 0, fileMustExist: true });
  } catch {
    return undefined;
  }
  try {
    lock.exec('begin immediate');
    lock.exec('rollback');
    return undefined;
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    return readHolder(lock) ?? { pid: 0, host: 'unknown', since: 'unknown' };
  } finally {
    lock.close();
  }
}

function readHolder(lock: BetterSqlite3.Database): LockHolder | undefined {
  try {
    return lock.prepare('select pid, host, since from holder').get() as LockHolder | undefined;
  } catch {
    return undefined;
  }
}
