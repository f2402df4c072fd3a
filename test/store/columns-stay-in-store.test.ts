import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { REPO_ROOT } from '../helpers/test-server.js';

/**
 * Only `src/store` knows table columns: everything else sees domain objects
 * (`Manager`, `Nudge`, `Person`) in camelCase. This reads the column names
 * from the schema and fails on any of them used as a property (read,
 * written or declared) anywhere else in `src/`.
 */
const SRC = path.join(REPO_ROOT, 'src');
/** HR's roster CSV names its columns employee_id, manager_email...: that file format is read (and its problems named) in one place. */
const CSV_FORMAT = new Set(['nudges/roster.ts']);

function snakeColumns(): string[] {
  const schema = fs.readFileSync(path.join(SRC, 'store', 'schema.ts'), 'utf8');
  const columns = new Set<string>();
  for (const table of schema.matchAll(/export interface \w+Table \{([^}]*)\}/g)) {
    for (const field of table[1]!.matchAll(/^\s*(\w+)\??:/gm)) if (field[1]!.includes('_')) columns.add(field[1]!);
  }
  return [...columns].sort();
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return full === path.join(SRC, 'store') ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The code without comments and without the text of string literals (a message may name a column; code may not use one). */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
}

export function columnUses(code: string, columns: readonly string[]): string[] {
  const found: string[] = [];
  const names = columns.join('|');
  // obj.column, { column: ... } or column?: in a type, and { column } / { column, ... } destructured.
  const use = new RegExp(`(?:\\.\\s*(${names})\\b)|(?:\\b(${names})\\s*\\??:)|(?:[{,]\\s*(${names})\\s*[,}])`, 'g');
  for (const m of codeOnly(code).matchAll(use)) found.push(m[1] ?? m[2] ?? m[3]!);
  return found;
}

describe('table columns stay in src/store', () => {
  const columns = snakeColumns();

  it('reads the snake_case columns from the schema', () => {
    expect(columns).to.include.members(['employee_id', 'manager_email', 'time_zone', 'conversation_reference', 'due_date', 'send_after']);
  });

  it('finds a column used as a property, declared, or destructured, and ignores it in comments and messages', () => {
    expect(columnUses('if (manager.time_zone) x();', columns)).to.deep.equal(['time_zone']);
    expect(columnUses('const n = { due_date: d };', columns)).to.deep.equal(['due_date']);
    expect(columnUses('type T = { send_after?: string };', columns)).to.deep.equal(['send_after']);
    expect(columnUses('const { employee_id, kind } = row;', columns)).to.deep.equal(['employee_id']);
    expect(columnUses("// the manager_email column\nthrow new Error('bad manager_email: x');", columns)).to.deep.equal([]);
  });

  it('no file in src/ outside src/store uses a column name', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = path.relative(SRC, file).split(path.sep).join('/');
      if (CSV_FORMAT.has(rel)) continue;
      const uses = columnUses(fs.readFileSync(file, 'utf8'), columns);
      if (uses.length) offenders.push(`src/${rel}: ${[...new Set(uses)].join(', ')}`);
    }
    expect(offenders, 'map rows to domain objects in src/store instead').to.deep.equal([]);
  });

  it('src/store imports nothing from src/nudges (use-cases depend on the store through their own interfaces, not the other way)', () => {
    const store = path.join(SRC, 'store');
    const importing = fs
      .readdirSync(store)
      .filter((f) => f.endsWith('.ts') && /from '\.\.\/nudges\//.test(fs.readFileSync(path.join(store, f), 'utf8')))
      .map((f) => `src/store/${f}`);
    expect(importing).to.deep.equal([]);
  });
});
