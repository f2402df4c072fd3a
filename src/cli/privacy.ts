import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { applyRetention } from '../privacy/retention.js';
import { exportPersonData } from '../privacy/subject-access.js';
import { openStore, type Store } from '../store/store.js';
import type { CliIO } from './main.js';
import { clockAt } from './nudges.js';

async function withStore<T>(io: CliIO, job: (store: Store, retentionDays: number) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const store = await openStore({ config, logger: createLogger('warn') });
  try {
    return await job(store, config.privacy.questionRetentionDays);
  } finally {
    await store.close();
  }
}

export function retentionCommand(io: CliIO): Command {
  const retention = new Command('retention').description('delete personal data past its retention period');
  retention
    .command('run')
    .description('delete question logs, unanswered question texts and feedback comments older than QUESTION_RETENTION_DAYS, and the ids of Teams activities answered over a day ago (the server does this every RETENTION_INTERVAL_MS)')
    .option('--now <iso>', 'act as if it were this time')
    .action(async (opts: { now?: string }) => {
      const now = clockAt(opts.now).now();
      const result = await withStore(io, (store, retentionDays) => applyRetention({ privacy: store.privacy, activities: store.activities, retentionDays }, now));
      io.out(`deleted before ${result.cutoff}: ${result.questions} question log rows, ${result.unanswered} unanswered questions, ${result.feedbackComments} feedback comments\n`);
    });
  return retention;
}

export function peopleCommand(io: CliIO): Command {
  const people = new Command('people').description('what the assistant holds about people');
  people
    .command('export')
    .description('print, as JSON, everything held about one person (subject access): roster row, reminder dates and outcomes, manager settings; never message text')
    .argument('<emailOrId>', 'an email address or employee id')
    .action(async (emailOrId: string) => {
      const record = await withStore(io, (store) => exportPersonData(store.privacy, emailOrId, new Date()));
      io.out(JSON.stringify(record, null, 2) + '\n');
    });
  return people;
}
