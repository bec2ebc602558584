/**
 * A scheduled job's lease in the database, so that of several hub instances sharing it
 * only one fires: a row per job with its holder and expiry, taken with ONE conditional
 * UPDATE (free, expired, or already ours), which the database applies to one instance at
 * a time, so two can never both see it taken by themselves. The holder renews it while
 * it works and releases it when it stops; a holder that dies leaves it to expire.
 */
import type { Store } from '../../hub/store/index.js';

export interface Lease {
  /** Takes or renews the lease until now + leaseMs; answers whether this instance holds it. */
  take(now: Date): Promise<boolean>;
  /** Gives the lease up, if held, so that another instance may take it at once. */
  release(): Promise<void>;
}

export function createLease(store: Pick<Store, 'transaction'>, name: string, holder: string, leaseMs: number): Lease {
  let ensured = false;
  return {
    take: (now) =>
      store.transaction(`taking the ${name} lease`, async (ex) => {
        const { quote, param, table } = ex.dialect;
        if (!ensured) {
          // The job's row, once: an insert that does nothing when it exists.
          await ex.execute(ex.dialect.upsert('scheduler_lease', ['name'], ['name'], 1), [name]);
          ensured = true;
        }
        const changed = await ex.execute(
          `UPDATE ${table('scheduler_lease')} SET ${quote('holder')} = ${param(0)}, ${quote('expires_at')} = ${param(1)} WHERE ${quote('name')} = ${param(2)} AND (${quote('holder')} IS NULL OR ${quote('holder')} = ${param(3)} OR ${quote('expires_at')} IS NULL OR ${quote('expires_at')} <= ${param(4)})`,
          [holder, new Date(now.getTime() + leaseMs).toISOString(), name, holder, now.toISOString()],
        );
        return changed === 1;
      }),
    release: () =>
      store.transaction(`releasing the ${name} lease`, async (ex) => {
        const { quote, param, table } = ex.dialect;
        await ex.execute(`UPDATE ${table('scheduler_lease')} SET ${quote('holder')} = NULL, ${quote('expires_at')} = NULL WHERE ${quote('name')} = ${param(0)} AND ${quote('holder')} = ${param(1)}`, [name, holder]);
      }),
  };
}
