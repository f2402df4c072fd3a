import fs from 'node:fs';
import os from 'node:os';
import { Command } from 'commander';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { importRoster, MAX_LEFT_SHARE } from '../nudges/import-roster.js';
import { formatRowProblem, OPTIONAL_COLUMNS, ROSTER_COLUMNS } from '../nudges/roster.js';
import { serveLockHolder } from '../store/serve-lock.js';
import { openStore } from '../store/store.js';
import { ExitWith, type CliIO } from './main.js';

export function rosterCommand(io: CliIO): Command {
  const roster = new Command('roster').description('manage who reports to whom');
  roster
    .command('import')
    .description(
      `import a roster CSV with columns ${ROSTER_COLUMNS.join(', ')} (and optional ${OPTIONAL_COLUMNS.join(', ')}); ` +
        'valid rows import in one transaction, bad rows are listed, and the exit code is 1 if any row was bad',
    )
    .argument('<file>', 'CSV file ("-" for standard input)')
    .option('--full', 'the file is the whole roster: mark people missing from it as left (their nudges stop)')
    .option('--confirm-left', `with --full: go ahead even if more than ${MAX_LEFT_SHARE * 100}% of people would be marked as left`)
    .action(async (file: string, opts: { full?: boolean; confirmLeft?: boolean }) => {
      if (file !== '-') {
        await fs.promises.access(file, fs.constants.R_OK).catch((err: NodeJS.ErrnoException) => {
          throw new AppError('USAGE', `cannot read ${file}: ${err.code ?? err.message}`);
        });
      }
      const config = loadConfig(io.env);
      const server = config.store.kind === 'sqlite' ? serveLockHolder(config.store.file) : undefined;
      if (server && config.store.kind === 'sqlite') {
        // It works, but costs the service: say so rather than leave the operator to find out from its log.
        io.err(
          `lma: warning: lma serve (pid ${server.pid} on ${server.host}) is using ${config.store.file}. This import is one transaction: ` +
            'until it commits, the service\'s own writes wait for it (up to 5 s) or fail ("database is locked"). ' +
            'For a large file, upload it in the HR admin tab instead (the service imports it without stopping).\n',
        );
      }
      const store = await openStore({ config, logger: createLogger('warn') });
      try {
        const input = file === '-' ? process.stdin : fs.createReadStream(file);
        const report = await importRoster({ store, clock: systemClock }, input, {
          full: !!opts.full,
          confirmLeft: !!opts.confirmLeft,
          limits: { maxBytes: config.limits.rosterMaxBytes, maxRows: config.limits.rosterMaxRows },
          actor: `command line (${commandLineUser()})`,
        });
        for (const p of report.problems) io.err(formatRowProblem(p) + '\n');
        io.out(
          `${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.markedLeft} marked as left; ${report.badLines} bad row(s)\n`,
        );
        if (report.problems.length > 0) throw new ExitWith(1);
      } finally {
        await store.close();
      }
    });
  return roster;
}

/** Who ran the command, for the audit log: the operating system account. */
function commandLineUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown user';
  }
}
