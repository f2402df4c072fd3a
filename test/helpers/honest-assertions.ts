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

const proto = chai.Assertion.prototype as unknown as { assert(this: object, expr: unknown, ...rest: unknown[]): void };
const original = proto.assert;
proto.assert = function (this: object, expr: unknown, ...rest: unknown[]) {
  made++;
  if (isThenable(expr) || isThenable(chai.util.flag(this, 'object'))) {
    throw new chai.AssertionError('an assertion was given a Promise: await it first (a Promise is always truthy)');
  }
  return original.call(this, expr, ...rest);
};

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
