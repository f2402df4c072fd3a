import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import { DEFAULT_ROSTER_MAX_BYTES, DEFAULT_ROSTER_MAX_ROWS } from '../config/defaults.js';
import type { RosterRow } from '../domain/people.js';
import { AppError } from '../errors.js';

/**
 * The staff roster as HR exports it: one CSV row per person. Rows are read
 * as a stream (memory stays flat for any file size), checked one by one, and
 * handed on as they pass; bad rows are reported by line and field.
 */
export const ROSTER_COLUMNS = ['employee_id', 'display_name', 'email', 'manager_email', 'start_date', 'department', 'job_title'] as const;
export const OPTIONAL_COLUMNS = ['end_date'] as const;

export interface RowProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** How big a roster may be (ROSTER_MAX_BYTES, ROSTER_MAX_ROWS); by default the configuration's defaults. */
export interface RosterLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
}
export const DEFAULT_ROSTER_LIMITS: RosterLimits = Object.freeze({ maxBytes: DEFAULT_ROSTER_MAX_BYTES, maxRows: DEFAULT_ROSTER_MAX_ROWS });
/** No real row comes near this; it stops one unterminated quote from swallowing the file into memory. */
const MAX_RECORD_BYTES = 64 * 1024;
/** About 10 ms of checking and writing on a slow machine: the longest a roster import keeps other requests waiting. */
const YIELD_EVERY_ROWS = 100;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'is not a real date');
const optional = (schema: z.ZodType<string>) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const email = z.string().max(254, 'is too long').email('is not a valid email address').transform((v) => v.toLowerCase());

const rowSchema = z
  .object({
    employee_id: z
      .string()
      .min(1, 'is required')
      .max(64, 'is longer than 64 characters')
      .regex(/^[\w.\-/]+$/, 'may use letters, digits and . - _ / only')
      // A link to the person (/api/team/reports/ID) would mean this folder or the one above.
      .refine((id) => id !== '.' && id !== '..', 'cannot be "." or ".."'),
    display_name: z.string().min(1, 'is required').max(200, 'is longer than 200 characters'),
    email: optional(email),
    manager_email: optional(email),
    start_date: z.string().min(1, 'is required').pipe(date),
    end_date: optional(date),
    department: optional(z.string().max(120, 'is longer than 120 characters')),
    job_title: optional(z.string().max(120, 'is longer than 120 characters')),
  })
  .refine((r) => !r.end_date || r.end_date >= r.start_date, { path: ['end_date'], message: 'is before start_date' })
  .refine((r) => !r.email || r.email !== r.manager_email, { path: ['manager_email'], message: 'is the person themself' });

/**
 * Reads a roster CSV and yields its valid rows in file order. Problems go to
 * `problems` as they are found; a header without a required column, or a
 * file that is not CSV, throws VALIDATION before or while reading.
 */
export async function* readRoster(input: Readable, problems: RowProblem[], limits: RosterLimits = DEFAULT_ROSTER_LIMITS): AsyncGenerator<RosterRow> {
  let headerSeen = false;
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        headerSeen = true;
        return checkHeader(header);
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  // pipe() does not pass on an input cut off mid-way (an upload whose connection dropped): the parser would
  // wait for ever, and the import's open transaction with it. The rows end with an error instead.
  const cutOff = () => {
    if (!input.readableEnded && !(input as { complete?: boolean }).complete) {
      parser.destroy(new AppError('VALIDATION', 'file: the upload stopped before the end of the file; nothing was imported'));
    }
  };
  input.once('close', cutOff).once('error', cutOff);
  const seen = new Set<string>();
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
      // Parsed records come out of a buffer without a real wait: now and then let the event loop answer
      // requests (a large upload must not stop the service), whatever the consumer does with the rows.
      if (rows % YIELD_EVERY_ROWS === 0) await nextTurn();
      // Either limit stops the whole import (one transaction): a partial roster would mark people as left.
      if (++rows > limits.maxRows) {
        throw new AppError('PAYLOAD_TOO_LARGE', `line ${info.lines}: file: more than ${limits.maxRows} rows (the ROSTER_MAX_ROWS limit); nothing was imported`);
      }
      if (info.bytes > limits.maxBytes) {
        throw new AppError('PAYLOAD_TOO_LARGE', `line ${info.lines}: file: larger than ${limits.maxBytes} bytes (the ROSTER_MAX_BYTES limit); nothing was imported`);
      }
      const parsed = rowSchema.safeParse(record);
      if (!parsed.success) {
        // One problem per field: "not-a-date" is not also reported as "not a real date".
        const fields = new Set<string>();
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'row');
          if (fields.has(field)) continue;
          fields.add(field);
          problems.push({ line: info.lines, field, message: issue.message });
        }
        continue;
      }
      const r = parsed.data;
      if (seen.has(r.employee_id)) {
        problems.push({ line: info.lines, field: 'employee_id', message: `"${r.employee_id}" appears earlier in the file` });
        continue;
      }
      seen.add(r.employee_id);
      yield {
        employeeId: r.employee_id,
        displayName: r.display_name,
        email: r.email,
        managerEmail: r.manager_email,
        startDate: r.start_date,
        endDate: r.end_date,
        department: r.department,
        jobTitle: r.job_title,
      };
    }
    if (rows === 0 && !headerSeen) throw new AppError('VALIDATION', 'line 1: header: the file is empty (send the roster as CSV text)');
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { message?: string; lines?: number };
    throw new AppError('VALIDATION', `line ${e.lines ?? '?'}: csv: ${(e.message ?? 'unreadable').replace(/^Invalid (Record|Opening|Closing)[^:]*: ?/, '')}`);
  }
}

function checkHeader(header: string[]): string[] {
  const names = header.map((h) => h.trim().toLowerCase().replace(/\s+/g, '_'));
  const missing = ROSTER_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) throw new AppError('VALIDATION', `line 1: header: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`);
  return names;
}

export function formatRowProblem(p: RowProblem): string {
  return `line ${p.line}: ${p.field}: ${p.message}`;
}
