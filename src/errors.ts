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

/** Exit codes for the CLI: 2 for bad usage or configuration, 1 for any other failure. */
export function exitCodeFor(err: unknown): number {
  if (isAppError(err) && (err.code === 'CONFIG_INVALID' || err.code === 'USAGE')) return 2;
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
      return 503;
    default:
      return 500;
  }
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
