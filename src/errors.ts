/**
 * The one error type of the project. Every failure we expect carries a code;
 * `exitCodeFor` and `httpStatusFor` are the only places that turn codes into
 * process exit codes and HTTP statuses.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'VALIDATION'
  | 'CONTENT_INVALID'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHORISED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'STORE_UNAVAILABLE'
  /** The SQLite file is not a database or is damaged: a restart cannot help. */
  | 'STORE_DAMAGED'
  /** The SQLite file is already served by another `lma serve`. */
  | 'STORE_IN_USE'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, details: readonly string[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

const NEEDS_AN_OPERATOR: readonly ErrorCode[] = ['CONFIG_INVALID', 'USAGE', 'STORE_DAMAGED', 'STORE_IN_USE'];

/**
 * Exit codes for the CLI: 2 when a restart cannot help (bad usage or configuration, a damaged
 * database file, a file another service holds; a supervisor should stop retrying), 1 for any
 * other failure.
 */
export function exitCodeFor(err: unknown): number {
  if (isAppError(err) && NEEDS_AN_OPERATOR.includes(err.code)) return 2;
  return 1;
}

export function httpStatusFor(err: unknown): number {
  if (!isAppError(err)) return 500;
  switch (err.code) {
    case 'VALIDATION':
    case 'CONTENT_INVALID':
    case 'USAGE':
      return 400;
    case 'UNAUTHORISED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'STORE_UNAVAILABLE':
    case 'STORE_DAMAGED':
    case 'STORE_IN_USE':
      return 503;
    default:
      return 500;
  }
}

/**
 * What an operator needs in a log line about a failure: the error's code and message, and its
 * cause's (SQLITE_FULL, "database is locked", a PostgreSQL SQLSTATE), never a stack. Quoted text
 * that is not a plain lower-case name (a table, a constraint) is blanked: drivers quote values.
 * Log it under `error`, not `err`: pino's error serializer would fold the causes into one message.
 */
export interface LoggedError {
  readonly code?: string;
  readonly message: string;
  readonly cause?: LoggedError;
}

export function errorForLog(err: unknown, depth = 0): LoggedError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : typeof e.name === 'string' && e.name !== 'Error' ? e.name : undefined;
  const message = withoutQuotedValues(typeof e.message === 'string' ? e.message : String(err)).slice(0, 300);
  const cause = e.cause !== undefined && depth < 3 ? errorForLog(e.cause, depth + 1) : undefined;
  return { ...(code ? { code } : {}), message, ...(cause ? { cause } : {}) };
}

function withoutQuotedValues(message: string): string {
  return message.replace(/"([^"]*)"|'([^']*)'/g, (quoted, a?: string, b?: string) => (/^[a-z_][a-z0-9_.]{0,62}$/.test(a ?? b ?? '') ? quoted : '"…"'));
}

/** A one-line, stack-free description for people (CLI output, HTTP bodies). */
export function describeError(err: unknown): string {
  if (isAppError(err)) return err.message;
  return 'Internal error';
}

/** A use-case's answer when a refusal is expected (a form to correct): the problems, or the value. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

/** Runs work that refuses with VALIDATION and returns the refusal's problems instead of throwing; any other error is thrown on. */
export async function checked<T>(work: () => Promise<T>): Promise<Checked<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (isAppError(err) && err.code === 'VALIDATION') return { ok: false, problems: err.details };
    throw err;
  }
}
