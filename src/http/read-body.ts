import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.js';

/**
 * Request bodies, read by us rather than restify's bodyParser: that parser
 * writes multipart uploads to the temp folder (before any access check) and
 * re-parses text/csv with its own CSV rules. Here a body is read into memory
 * only, up to a limit, and only in a content type the route takes; anything
 * else is refused before a byte of it is read.
 */
export type BodyKind = 'json' | 'csv' | 'csv-stream';

const CSV = { pattern: /^text\/(csv|plain)$/, name: 'text/csv' };
const ACCEPTED: Record<BodyKind, { pattern: RegExp; name: string }> = {
  json: { pattern: /^application\/json$/, name: 'application/json' },
  // The text as sent: only our roster parser reads CSV (RFC 4180 quoting, line numbers).
  csv: CSV,
  'csv-stream': CSV,
};

/**
 * Undefined when the request has no body; JSON parsed, CSV as text; for `csv-stream` the request
 * itself, unread, for a handler that reads as it arrives and checks the size as it goes (large
 * uploads). Throws UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE or VALIDATION.
 */
export async function readBody(req: IncomingMessage, kind: BodyKind, maxBytes: number): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const declared = req.headers['content-length'];
  const type = contentType(req);
  const accepted = ACCEPTED[kind];
  if (!accepted.pattern.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `This takes ${accepted.name} only${type ? `, not ${type}` : ' (no Content-Type was sent)'}.`);
  }
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (kind === 'csv-stream') return req;
  const text = await readText(req, maxBytes);
  if (kind === 'csv') return text;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION', 'The request body is not valid JSON.');
  }
}

/** The request says a body follows (a length above zero, or chunks). */
export function hasBody(req: IncomingMessage): boolean {
  const declared = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared !== '0');
}

/** The media type, lower case, without parameters ('' when none was sent). */
export function contentType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading: the reply closes the connection (see refuseBody), so the rest is never buffered.
        req.off('data', onData);
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than this service takes (${maxBytes} bytes).`);
}

/** A body refused unread (413, 415) is not drained: the connection closes after the reply. */
export function closesConnection(err: unknown): boolean {
  return err instanceof AppError && (err.code === 'PAYLOAD_TOO_LARGE' || err.code === 'UNSUPPORTED_MEDIA_TYPE');
}
