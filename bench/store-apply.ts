/**
 * Throughput of applyEvents alone (no HTTP, no XML): events/s into the store, in batches.
 * Not a test; bounded by the number of events. A realistic mix over 2000 accounts: four
 * TransactionPosted (with the balance after) for one BalanceChanged, each event in its
 * own account's sequence, all accepted.
 *
 *   npx tsx bench/store-apply.ts [--database sqlite|sqlite-memory|postgres] [--batch 100]
 *     [--events 20000] [--synchronous FULL|NORMAL] [--runs 3]
 *
 * PostgreSQL: DATABASE_URL or postgres://postgres@127.0.0.1:5432/test, in a throwaway schema.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { PlainObject } from '../common/soap/codec.js';
import { applyEvents } from '../hub/events/apply.js';
import { createStore, type Store } from '../hub/store/index.js';
import { PG_URL, balanceChanged, transactionPosted } from '../test/store/support.js';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'sqlite' },
    batch: { type: 'string', default: '100' },
    events: { type: 'string', default: '20000' },
    synchronous: { type: 'string', default: 'FULL' },
    runs: { type: 'string', default: '3' },
  },
});
const batch = Number(values.batch);
const total = Number(values.events);

function workload(): PlainObject[] {
  const sequences = new Map<string, number>();
  const events: PlainObject[] = [];
  for (let index = 0; index < total; index += 1) {
    const account = `AC${index % 2000}`;
    const sequence = (sequences.get(account) ?? 0) + 1;
    sequences.set(account, sequence);
    events.push(
      index % 5 === 4
        ? balanceChanged(account, sequence, { BOOKED: '100.00', AVAILABLE: '90.00' })
        : transactionPosted(account, sequence, `E-${index}`, { booked: '100.00', amount: `${index % 997}.${String(index % 100).padStart(2, '0')}` }),
    );
  }
  return events;
}

async function open(): Promise<{ store: Store; dispose: () => Promise<void> }> {
  if (values.database === 'postgres') {
    const schema = `throughput_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const store = createStore({ dataDir: tmpdir(), databaseUrl: PG_URL, schema });
    return { store, dispose: async () => void (await admin.query(`DROP SCHEMA "${schema}" CASCADE`), await admin.end()) };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'dbp-throughput-'));
  const store = createStore({
    dataDir,
    sqliteSynchronous: values.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL',
    ...(values.database === 'sqlite-memory' ? { databaseUrl: 'sqlite::memory:' } : {}),
  });
  return { store, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

const rates: number[] = [];
for (let run = 0; run < Number(values.runs); run += 1) {
  const events = workload();
  const { store, dispose } = await open();
  await store.start();
  const now = new Date();
  const started = process.hrtime.bigint();
  for (let offset = 0; offset < events.length; offset += batch) {
    const results = await applyEvents(store, 'CORE_BANKING', events.slice(offset, offset + batch), now);
    if (results.some((result) => result.result !== 'ACCEPTED')) throw new Error('an event was not accepted');
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rates.push(total / seconds);
  await store.stop();
  await dispose();
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;
console.log(`${values.database} synchronous=${values.synchronous} batch=${batch} events=${total}: median ${Math.round(median)} events/s (runs: ${rates.map((rate) => Math.round(rate)).join(', ')})`);
