import type { z } from 'zod';
import type { ContentProblem } from './types.js';
import type { YamlSource } from './yaml-source.js';

/** Every check reports through one of these, so a single run lists every problem in every file. */
export type Report = (severity: ContentProblem['severity'], file: string, line: number, field: string, message: string) => void;

/** A schema's issues as problems on the lines they are about, in words an author reads. */
export function zodProblems(error: z.ZodError, file: string, source: YamlSource, report: Report, prefix: readonly PropertyKey[] = []) {
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    const field = path.length ? path.map((p, i) => (typeof p === 'number' ? `[${p}]` : (i ? '.' : '') + String(p))).join('') : 'file';
    const message =
      issue.code === 'invalid_type' && issue.input === undefined
        ? 'is required'
        : issue.code === 'unrecognized_keys'
          ? `unknown field(s): ${issue.keys.join(', ')}`
          : issue.message;
    report('error', file, source.lineOf(path), field, message);
  }
}

export function formatProblem(p: ContentProblem): string {
  return `${p.file}:${p.line}: ${p.field}: ${p.message}${p.severity === 'warning' ? ' (warning)' : ''}`;
}
