/**
 * A test that cannot run on this machine (no PostgreSQL, no Chromium, no older Node) says so loudly
 * and skips; under CI=true (.ci/run sets it, and installs what these need) that is a failure instead,
 * so nothing is ever skipped there without anyone noticing.
 */
export function skipOrFail(ctx: Mocha.Context, reason: string): never {
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: a test may not skip here)`);
  console.warn(`\n  !!! ${reason}: SKIPPED on this machine\n`);
  ctx.skip();
}
