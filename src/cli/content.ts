import path from 'node:path';
import { Command } from 'commander';
import { buildContentPack, formatProblem } from '../content/content-pack.js';
import { readContentDir } from '../content/read-content-dir.js';
import { loadConfig } from '../config.js';
import { ExitWith, type CliIO } from './main.js';

export function contentCommand(io: CliIO): Command {
  const content = new Command('content').description('check and manage the content pack');
  content
    .command('validate')
    .description('check a content folder: front matter, catalogue ids, links, placeholders, sections, sizes')
    .argument('[dir]', 'content folder', 'content')
    .option('--strict', 'treat warnings as errors')
    .option('--today <date>', 'date to check review_due against (YYYY-MM-DD)')
    .action(async (dir: string, opts: { strict?: boolean; today?: string }) => {
      const today = opts.today ?? new Date().toISOString().slice(0, 10);
      const { limits } = loadConfig(io.env);
      const files = await readContentDir(path.resolve(dir));
      const { pack, problems } = buildContentPack(files, { today, maxFileBytes: limits.contentMaxDocumentBytes });
      for (const p of problems) io.err(formatProblem(p) + '\n');
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      io.out(`${pack.documents.length} documents, ${pack.plans.length} plans, ${pack.stages.length} stages: ${errors} error(s), ${warnings} warning(s)\n`);
      if (errors > 0 || (opts.strict && warnings > 0)) throw new ExitWith(1);
    });
  return content;
}
