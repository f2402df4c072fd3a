import * as chai from 'chai';

/**
 * Two guards that make a test unable to pass by accident (installed once by global-hooks.ts):
 * - an assertion whose condition or subject is a Promise fails at once: a Promise is truthy, so
 *   `to.satisfy(async f)` or `expect(promise).to.be.ok` would otherwise always pass (await it first);
 * - a test that made no chai assertion fails: "it ran without throwing" proves nothing.
 */
let made = 0;

const isThenable = (v: unknown): boolean =>
  (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';

const PATCHED = Symbol.for('lma.honest-assertions');

/** Counts every assertion `chaiModule` makes and refuses a Promise as a condition or subject. */
function install(chaiModule: typeof chai): void {
  const proto = chaiModule.Assertion.prototype as unknown as { assert(this: object, expr: unknown, ...rest: unknown[]): void; [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const original = proto.assert;
  proto.assert = function (this: object, expr: unknown, ...rest: unknown[]) {
    made++;
    if (isThenable(expr) || isThenable(chaiModule.util.flag(this, 'object'))) {
      throw new chaiModule.AssertionError('an assertion was given a Promise: await it first (a Promise is always truthy)');
    }
    return original.call(this, expr, ...rest);
  };
  proto[PATCHED] = true;
}
install(chai);

/**
 * Mocha root hook body (before all): a test file with top-level await is loaded as a true ES module,
 * and gets a chai instance of its own from the one this file was compiled against; patch that one too.
 */
export async function installInEveryChai(): Promise<void> {
  install(await import('chai'));
}

/** Mocha root hook body: wraps the test about to run so it fails if it made no assertion. */
export function requireAnAssertion(this: Mocha.Context): void {
  const test = this.currentTest;
  if (!test?.fn || test.async || (test.fn as { honest?: true }).honest) return;
  const body = test.fn as (this: Mocha.Context) => unknown;
  const wrapped = async function (this: Mocha.Context) {
    const before = made;
    await body.call(this);
    if (made === before) throw new Error('this test made no assertion (every test must be able to fail)');
  };
  Object.assign(wrapped, { honest: true, toString: () => body.toString() });
  test.fn = wrapped as unknown as Mocha.Func;
}
