import { Command, CommanderError } from 'commander';
import dotenv from 'dotenv';
import { exitCodeFor, isAppError } from '../errors.js';
import { serveCommand } from './serve.js';
import { contentCommand } from './content.js';
import { askCommand } from './ask.js';
import { rosterCommand } from './roster.js';
import { nudgesCommand } from './nudges.js';
import { packageCommand } from './package.js';
import { demoCommand } from './demo.js';
import { peopleCommand, retentionCommand } from './privacy.js';

/**
 * The `lma` command. Every subcommand returns an exit code or throws; this is
 * the one place that turns errors into messages and exit codes.
 */
export function buildProgram(io: CliIO): Command {
  const program = new Command('lma')
    .description('Line Manager Assistant: a Teams assistant for NHS line managers')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .showHelpAfterError(false);
  program.addCommand(serveCommand(io));
  program.addCommand(contentCommand(io));
  program.addCommand(askCommand(io));
  program.addCommand(rosterCommand(io));
  program.addCommand(nudgesCommand(io));
  program.addCommand(packageCommand(io));
  program.addCommand(retentionCommand(io));
  program.addCommand(peopleCommand(io));
  program.addCommand(demoCommand(io));
  // addCommand does not pass these settings down, and without them commander would exit on its own.
  const inherit = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    cmd.commands.forEach(inherit);
  };
  program.commands.forEach(inherit);
  return program;
}

export interface CliIO {
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; anything else commander raises is bad usage.
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
    }
    if (err instanceof ExitWith) return err.code;
    report(io, err);
    return exitCodeFor(err);
  }
}

/** Thrown by a subcommand to finish with a given exit code after it has printed its own output. */
export class ExitWith extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function report(io: CliIO, err: unknown): void {
  if (isAppError(err)) {
    io.err(`lma: ${err.message}\n`);
    for (const d of err.details) io.err(`  ${d}\n`);
  } else {
    io.err(`lma: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
  }
}


/** Runs `lma ARGS` in this process: reads .env, then sets the exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  dotenv.config({ quiet: true });
  process.exitCode = await runCli(argv, {
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
