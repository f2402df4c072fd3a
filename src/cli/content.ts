import path from 'node:path';
import { Command } from 'commander';
import { buildContentPack, formatProblem } from '../content/content-pack.js';
import { readContentDir } from '../content/read-content-dir.js';
import { pino } from 'pino';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { ContentRejected } from '../publishing/content-set.js';
import { importContent } from '../publishing/import-content.js';
import { openStore } from '../store/store.js';
import { ExitWith, type CliIO } from './main.js';
import { checkExampleQuestions } from '../knowledge/check-examples.js';
import { createKnowledgeBase } from '../knowledge/knowledge-base.js';

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
      const built = buildContentPack(files, { today, maxFileBytes: limits.contentMaxDocumentBytes });
      const { pack } = built;
      const problems = [...built.problems];
      // Only a pack without errors can be ranked; then flag example questions another document wins.
      if (!problems.some((p) => p.severity === 'error')) problems.push(...checkExampleQuestions(createKnowledgeBase(pack), files));
      for (const p of problems) io.err(formatProblem(p) + '\n');
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      io.out(`${pack.documents.length} documents, ${pack.plans.length} plans, ${pack.stages.length} stages: ${errors} error(s), ${warnings} warning(s)\n`);
      if (errors > 0 || (opts.strict && warnings > 0)) throw new ExitWith(1);
    });
  content
    .command('import')
    .description('import a content folder into the store as new versions (files identical to their latest version are skipped); any error imports nothing')
    .argument('<dir>', 'content folder (documents, stages, plans, settings; any subset)')
    .option('--author <name>', 'recorded as the author of the new versions', 'system')
    .option('--note <text>', 'the change note', 'imported with lma content import')
    .action(async (dir: string, opts: { author: string; note: string }) => {
      const config = loadConfig(io.env);
      const files = await readContentDir(path.resolve(dir));
      if (files.length === 0) throw new AppError('USAGE', `${dir} holds no .md or .yml files`);
      const store = await openStore({ config, logger: createLogger('warn', pino.destination(2)) });
      try {
        const report = await importContent({ store, clock: systemClock, maxDocumentBytes: config.limits.contentMaxDocumentBytes }, { name: opts.author }, files, opts.note).catch((err: unknown) => {
          if (err instanceof ContentRejected) {
            for (const p of err.problems) io.err(formatProblem(p) + '\n');
            throw new ExitWith(1);
          }
          throw err;
        });
        for (const p of report.warnings) io.err(formatProblem(p) + '\n');
        for (const v of report.imported) io.out(`${v.path}: version ${v.version}\n`);
        io.out(`${report.imported.length} imported, ${report.unchanged} unchanged; content revision ${report.revision}\n`);
      } finally {
        await store.close();
      }
    });
  return content;
}
