import { Command } from 'commander';
import { systemClock } from '../clock.js';
import { loadConfig, loadNodeEnv, type Config } from '../config.js';
import { addDemoTeam, openWindowForDemo, PLAYGROUND_USER, removeDemoTeam, type DemoDeps } from '../demo/demo-team.js';
import { AppError } from '../errors.js';
import { createLogger } from '../logger.js';
import { bankHolidays } from '../nudges/delivery-window.js';
import { openStore } from '../store/store.js';
import { ExitWith, type CliIO } from './main.js';

/** Where `npm run playground` serves Microsoft 365 Agents Playground (its default port). */
export const PLAYGROUND_URL = 'http://localhost:56150';

async function withDemoStore<T>(io: CliIO, job: (deps: DemoDeps, config: Config) => Promise<T>): Promise<T> {
  // Checked before the rest of the configuration, so production gets this line and not another.
  if (loadNodeEnv(io.env) === 'production') {
    throw new AppError('USAGE', 'demo: refused because NODE_ENV=production; demo people are only for trying the assistant on your own machine');
  }
  const config = loadConfig(io.env);
  const store = await openStore({ config, logger: createLogger('warn') });
  try {
    return await job({ store, clock: systemClock, holidays: bankHolidays(config.nudges.nation), defaultCadenceWeeks: config.nudges.defaultCadenceWeeks }, config);
  } finally {
    await store.close();
  }
}

export function demoCommand(io: CliIO): Command {
  const demo = new Command('demo')
    .description(`add three demo reports for the Playground's user (${PLAYGROUND_USER.email}) and send them a reminder card now; not in production`)
    .option('--wait <seconds>', 'how long to wait for you to open the chat in the Playground (0: do not wait)', '600')
    .action(async (opts: { wait: string }) => {
      const waitSeconds = Number(opts.wait);
      if (!/^\d+$/.test(opts.wait)) throw new AppError('USAGE', `--wait: "${opts.wait}" must be a whole number of seconds`);
      await withDemoStore(io, async (deps, config) => {
        const people = await addDemoTeam(deps);
        io.out(`Demo team added for the Playground's user, ${PLAYGROUND_USER.name} (${PLAYGROUND_USER.email}), as their manager:\n`);
        for (const p of people) io.out(`  ${p.name.padEnd(32)} ${p.note}\n`);
        io.out(
          [
            '',
            'Try it:',
            `  1. npm start            the assistant, if it is not running (${config.publicUrl})`,
            `  2. npm run playground   in another terminal; open ${PLAYGROUND_URL} and click "Personal chat"`,
            '  3. type "my reminders", "help", or a question such as "someone rang in sick, what do I do?"',
            `  My team tab: ${config.publicUrl}/tabs/my-team/?as=${PLAYGROUND_USER.email}`,
            '  Take the demo out again with: npm run demo -- remove',
            '',
          ].join('\n'),
        );
        let manager = await openWindowForDemo(deps);
        if (!manager && waitSeconds > 0) {
          io.out(`Waiting for ${PLAYGROUND_USER.name} to open "Personal chat" in the Playground, so the assistant can send the reminder card (Ctrl-C stops; run this again any time)...\n`);
          const deadline = Date.now() + waitSeconds * 1000;
          while (!manager && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 1000));
            manager = await openWindowForDemo(deps);
          }
        }
        if (!manager) {
          io.err(`lma: the reminder card was not sent: ${PLAYGROUND_USER.email} has not opened "Personal chat" in the Playground yet; open it, then run "npm run demo" again\n`);
          throw new ExitWith(1);
        }
        const seconds = Math.round(config.nudges.intervalMs / 1000);
        io.out(
          seconds > 0
            ? `Reminder card on its way: ${PLAYGROUND_USER.name}'s reminder hours are now every day, all day (demo), and the assistant sends due reminders every ${seconds} s. Look in the Playground's chat.\n`
            : 'NUDGE_INTERVAL_MS=0 here: the dispatcher is off, so the reminder card waits until the assistant runs with it on.\n',
        );
      });
    });
  demo
    .command('remove')
    .description("take the demo reports and their reminders out, and put the Playground user's reminder hours back to the default")
    .action(async () => {
      await withDemoStore(io, async (deps) => {
        const removed = await removeDemoTeam(deps);
        io.out(`${removed} demo people removed, with their reminders; ${PLAYGROUND_USER.name}'s reminder hours are Monday to Friday, 09:00 to 17:00 again\n`);
      });
    });
  return demo;
}
