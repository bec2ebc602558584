/**
 * What a suite does when a service or tool it needs is not there: in CI (CI=true) the
 * suite fails, so that nothing is silently left untested; elsewhere it is skipped.
 */
export function unavailable(ctx: Mocha.Context, problem: string): never {
  if (process.env.CI === 'true') throw new Error(`${problem}, and this suite must run (CI=true)`);
  ctx.skip();
}
