import { Command } from 'commander';
import { startApp } from '../app.js';
import { fixedClock, systemClock, type Clock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { bankHolidays } from '../nudges/delivery-window.js';
import { listNudgesDueAt } from '../nudges/nudges-due.js';
import type { DueNudge } from '../domain/nudge.js';
import { AppError } from '../errors.js';
import { pino } from 'pino';
import { createLogger } from '../logger.js';
import type { CliIO } from './main.js';

export function clockAt(iso: string | undefined): Clock {
  if (iso === undefined) return systemClock;
  if (Number.isNaN(Date.parse(iso))) throw new AppError('USAGE', `"${iso}" is not an ISO time such as 2026-11-24T09:00:00Z`);
  return fixedClock(iso);
}

/** Runs the service briefly on a loopback port (no dispatcher timer) for one job, then stops it. */
async function withApp<T>(io: CliIO, clock: Clock, job: (app: Awaited<ReturnType<typeof startApp>>, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const app = await startApp({
    // No timers: no dispatcher loop, and no retention pass (which would delete relative to a --now in the future).
    config: { ...config, port: 0, host: '127.0.0.1', nudges: { ...config.nudges, intervalMs: 0 }, privacy: { ...config.privacy, retentionIntervalMs: 0 } },
    // Logs go to standard error so that --json output stays clean.
    logger: createLogger('warn', pino.destination(2)),
    clock,
  });
  try {
    return await job(app, config);
  } finally {
    await app.close();
  }
}

export function nudgesCommand(io: CliIO): Command {
  const nudges = new Command('nudges').description('check and run wellbeing and onboarding reminders');
  nudges
    .command('due')
    .description("plan as of now, then list the reminders a dispatch at --at would send (the manager's working window, bank holidays and pause applied), and those it would hold back")
    .option('--at <iso>', 'the time to check (default: now)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { at?: string; json?: boolean }) => {
      const at = clockAt(opts.at).now();
      const due = await withApp(io, systemClock, async (app, config) => {
        await app.dispatcher.planNow();
        return listNudgesDueAt({ nudges: app.store.nudges, holidays: bankHolidays(config.nudges.nation) }, at);
      });
      const row = (n: DueNudge) => ({ id: n.id, kind: n.kind, employeeId: n.employeeId, managerEmail: n.managerEmail, stepId: n.stepId ?? null, dueDate: n.dueDate, sendAfter: n.sendAfter.toISOString() });
      if (opts.json) {
        const waiting = due.waiting.map((w) => ({ ...row(w.nudge), opensAt: w.opensAt?.toISOString() ?? null }));
        io.out(JSON.stringify({ at: at.toISOString(), due: due.send.map(row), waiting, parked: due.parked.map(row) }) + '\n');
        return;
      }
      const line = (n: DueNudge, note = '') => `${n.sendAfter.toISOString()}  ${n.kind.padEnd(10)} ${n.employeeId} -> ${n.managerEmail}${n.stepId ? ` (${n.stepId})` : ''}${note}\n`;
      for (const n of due.send) io.out(line(n));
      for (const w of due.waiting) io.out(line(w.nudge, `  [waits for the working window: ${w.opensAt?.toISOString() ?? 'no working days'}]`));
      for (const n of due.parked) io.out(line(n, '  [would be parked: the manager has not installed the assistant, or cannot be reached]'));
      io.err(`${due.send.length} would be sent at ${at.toISOString()}, ${due.waiting.length} wait for the manager's working window, ${due.parked.length} would be parked\n`);
    });
  nudges
    .command('dispatch')
    .description('run one planning and dispatch pass (the server runs these continuously)')
    .requiredOption('--once', 'run a single pass and exit')
    .option('--now <iso>', 'act as if it were this time')
    .action(async (opts: { now?: string }) => {
      const summary = await withApp(io, clockAt(opts.now), (app) => app.dispatcher.runNow());
      io.out(`${summary.planned} planned, ${summary.sent} sent, ${summary.retried} to retry, ${summary.parked} parked, ${summary.failed} failed, ${summary.deferred} waiting for working hours\n`);
    });
  return nudges;
}
