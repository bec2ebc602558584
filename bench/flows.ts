/**
 * `npm run bench:flows`: change events pushed through CacheControl until the timeline and
 * notifications flows have committed them, over RabbitMQ and PostgreSQL, against raw
 * amqplib publish + consume of the same number of messages of the same size, measured in
 * the same run on the same machine (not a test; bounded, loopback only).
 *
 *   hub   a `dbp-hub start` child process (fresh PostgreSQL database, fresh RabbitMQ vhost,
 *         an SMS/push provider stand-in in this process); the core banking system's
 *         postings pushed by several EventPublishers in parallel (PublishEvents batches,
 *         WS-Security UsernameToken), every one of them a timeline entry and a notification
 *   raw   amqplib alone: a confirm channel publishes N persistent messages of the average
 *         outbox payload size to a quorum queue while a consumer (prefetch 100) acks them
 *
 * Throughput end to end: N / (last commit of either flow − first posting's push), from the
 * store's own timestamps. Delay of one posting: from the moment it entered its publisher
 * (its occurredAt) to the later of the two flows' commits (flow_processed.processed_at).
 * Prints each run, then the medians, the ratio to raw and the p99 delay.
 *
 * With `--workers N` (default 0) the hub that takes the pushes runs with FLOW_WORK=off and
 * N more hub processes on the same database and vhost do the flow work.
 *
 *   npx tsx bench/flows.ts [--events 20000] [--runs 3] [--publishers 4] [--batch 250] [--workers 0] [--accounts 25]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import amqplib from 'amqplib';
import type { ChangeNotice } from '../mocks/push/types.js';
import {
  clientNotice,
  createDatabase,
  createVhost,
  postingNotice,
  pusher,
  servicesAvailable,
  startHubProcess,
  startProviderStub,
  type HubProcess,
  type TestDatabase,
} from '../test/flows/e2e/support.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    publishers: { type: 'string', default: '4' },
    batch: { type: 'string', default: '250' },
    workers: { type: 'string', default: '0' },
    accounts: { type: 'string', default: '25' },
  },
});
const EVENTS = positive('events');
const RUNS = positive('runs');
const PUBLISHERS = positive('publishers');
const BATCH = positive('batch');
/** Accounts per publisher: an ordered flow handles one message of an account at a time. */
const ACCOUNTS = positive('accounts');
const WORKERS = Number(values.workers);
if (!Number.isInteger(WORKERS) || WORKERS < 0) throw new Error('--workers must be a whole number');
const CLIENTS = 20;
/** Longest wait for the flows to finish one run. */
const RUN_LIMIT_MS = 15 * 60_000;

function positive(name: string): number {
  const value = Number(values[name as keyof typeof values]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

interface HubRun {
  readonly ingestPerSecond: number;
  readonly endToEndPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly payloadBytes: number;
}

interface RunResult extends HubRun {
  readonly rawPerSecond: number;
}

async function hubRun(run: number): Promise<{ hub: HubRun; db: TestDatabase; amqpUrl: string; cleanup: () => Promise<void> }> {
  const db = await createDatabase();
  const vhost = await createVhost();
  const provider = await startProviderStub();
  const nodeArgs = process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
  const hub = await startHubProcess({ databaseUrl: db.url, amqpUrl: vhost.url, providerUrl: provider.url, nodeArgs, ...(WORKERS > 0 ? { env: { FLOW_WORK: 'off' } } : {}) });
  // One after the other: each runs the store's migrations at start.
  const workers: HubProcess[] = [];
  for (let i = 0; i < WORKERS; i += 1) workers.push(await startHubProcess({ databaseUrl: db.url, amqpUrl: vhost.url, providerUrl: provider.url, nodeArgs }));
  const cleanup = async (): Promise<void> => {
    for (const worker of workers) await worker.kill('SIGTERM');
    await hub.kill('SIGTERM');
    await provider.close();
    await db.dispose();
    await vhost.dispose();
  };
  try {
    const crm = pusher(hub.url, 'CRM');
    const clients = Array.from({ length: CLIENTS }, (_, i) => `BENCH-${run}-CL${i}`);
    for (const clientId of clients) crm.publisher.publish(clientNotice(clientId));
    await crm.publisher.stop(30_000);
    if (crm.acknowledged.size !== CLIENTS) throw new Error(`the clients were not all acknowledged: ${JSON.stringify([...crm.results])}`);

    // Each publisher its own accounts (sequences are per publisher and aggregate); notices are
    // made when the publisher pulls them, so that a posting's delay starts when it is pushed.
    const share = Math.ceil(EVENTS / PUBLISHERS);
    const streams = Array.from({ length: PUBLISHERS }, (_, p) => {
      const count = Math.min(share, EVENTS - p * share);
      function* postings(): Generator<ChangeNotice[]> {
        for (let i = 0; i < count; i += 50) {
          const group: ChangeNotice[] = [];
          for (let j = i; j < Math.min(count, i + 50); j += 1) {
            const clientId = clients[j % CLIENTS]!;
            group.push(postingNotice(clientId, `BENCH-${run}-${p}-ACC${j % ACCOUNTS}`, `BENCH-${run}-${p}-P${j}`, j % 4 === 0 ? 'large-debit' : 'incoming'));
          }
          yield group;
        }
      }
      const { publisher } = pusher(hub.url, 'CORE_BANKING', { batchSize: BATCH, lingerMs: 1 });
      return { publisher, done: publisher.publishStream(postings()) };
    });
    const started = Date.now();
    const reports = await Promise.all(streams.map((each) => each.done));
    const ingestSeconds = (Date.now() - started) / 1000;
    for (const each of streams) await each.publisher.stop(1000);
    const accepted = reports.reduce((sum, report) => sum + (report.results.ACCEPTED ?? 0), 0);
    if (accepted !== EVENTS) throw new Error(`the hub accepted ${accepted} of ${EVENTS} postings: ${JSON.stringify(reports.map((report) => report.results))}`);

    const deadline = Date.now() + RUN_LIMIT_MS;
    for (;;) {
      const done = await db.count(`SELECT COUNT(*) FROM flow_processed WHERE flow IN ('timeline', 'notifications')`);
      if (done >= 2 * EVENTS) break;
      if (Date.now() > deadline) throw new Error(`the flows processed ${done} of ${2 * EVENTS} messages in ${RUN_LIMIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const [stats] = await db.rows(`
      WITH delays AS (
        SELECT (o.payload::json->>'occurredAt')::timestamptz AS pushed, GREATEST(t.processed_at, n.processed_at) AS committed
        FROM outbox o
        JOIN flow_processed t ON t.flow = 'timeline' AND t.message_id = o.event_id
        JOIN flow_processed n ON n.flow = 'notifications' AND n.message_id = o.event_id
        WHERE o.routing_key = 'account.transaction.posted')
      SELECT COUNT(*) AS n,
             EXTRACT(EPOCH FROM MAX(committed) - MIN(pushed)) AS span_s,
             PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM committed - pushed) * 1000) AS p50_ms,
             PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM committed - pushed) * 1000) AS p99_ms,
             (SELECT AVG(LENGTH(payload)) FROM outbox WHERE routing_key = 'account.transaction.posted') AS payload_bytes
      FROM delays`);
    if (Number(stats!.n) !== EVENTS) throw new Error(`${String(stats!.n)} postings went through both flows, expected ${EVENTS}`);
    return {
      hub: {
        ingestPerSecond: EVENTS / ingestSeconds,
        endToEndPerSecond: EVENTS / Number(stats!.span_s),
        p50Ms: Number(stats!.p50_ms),
        p99Ms: Number(stats!.p99_ms),
        payloadBytes: Math.round(Number(stats!.payload_bytes)),
      },
      db,
      amqpUrl: vhost.url,
      cleanup,
    };
  } catch (error) {
    console.error(hub.tail().slice(-3000));
    await cleanup();
    throw error;
  }
}

/** Raw amqplib: confirmed persistent publishes to a quorum queue while one consumer acks them; messages/s. */
async function rawRun(amqpUrl: string, count: number, size: number): Promise<number> {
  const queue = `bench.raw.${randomBytes(4).toString('hex')}`;
  const producer = await amqplib.connect(amqpUrl);
  const consumer = await amqplib.connect(amqpUrl);
  try {
    const admin = await producer.createChannel();
    await admin.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    const inbound = await consumer.createChannel();
    await inbound.prefetch(100);
    let received = 0;
    let allReceived: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (allReceived = resolve));
    const started = Date.now();
    await inbound.consume(queue, (message) => {
      if (!message) return;
      inbound.ack(message);
      received += 1;
      if (received === count) allReceived();
    });
    const outbound = await producer.createConfirmChannel();
    const body = Buffer.alloc(size, 'x');
    const window = 1000;
    let outstanding = 0;
    let room: (() => void) | undefined;
    for (let i = 0; i < count; i += 1) {
      while (outstanding >= window) await new Promise<void>((resolve) => (room = resolve));
      outstanding += 1;
      outbound.sendToQueue(queue, body, { persistent: true, messageId: `raw-${i}`, contentType: 'application/json' }, (error: unknown) => {
        if (error) throw error;
        outstanding -= 1;
        room?.();
        room = undefined;
      });
    }
    await outbound.waitForConfirms();
    await finished;
    const rate = count / ((Date.now() - started) / 1000);
    await admin.deleteQueue(queue);
    return rate;
  } finally {
    await producer.close().catch(() => undefined);
    await consumer.close().catch(() => undefined);
  }
}

function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const fmt = (value: number, digits = 0): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const missing = await servicesAvailable();
  if (missing) throw new Error(missing);
  console.log(
    `bench:flows — ${EVENTS} postings per run, ${RUNS} runs, ${PUBLISHERS} publishers with ${ACCOUNTS} accounts each, ${BATCH} events per PublishEvents, ${WORKERS === 0 ? 'one hub process' : `a hub with FLOW_WORK=off and ${WORKERS} flow worker${WORKERS > 1 ? 's' : ''}`}`,
  );
  console.log('each posting: CacheControl push → store + outbox → relay → RabbitMQ → timeline and notifications flows (PostgreSQL)\n');
  const results: RunResult[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const { hub, amqpUrl, cleanup } = await hubRun(run);
    let rawPerSecond: number;
    try {
      rawPerSecond = await rawRun(amqpUrl, EVENTS, hub.payloadBytes);
    } finally {
      await cleanup();
    }
    results.push({ ...hub, rawPerSecond });
    console.log(
      `run ${run}: ingest ${fmt(hub.ingestPerSecond)} events/s, end to end ${fmt(hub.endToEndPerSecond)} events/s, ` +
        `delay p50 ${fmt(hub.p50Ms)} ms p99 ${fmt(hub.p99Ms)} ms; raw amqplib ${fmt(rawPerSecond)} msg/s (${hub.payloadBytes} B); ratio ${fmt(hub.endToEndPerSecond / rawPerSecond, 3)}`,
    );
  }
  const endToEnd = median(results.map((each) => each.endToEndPerSecond));
  const raw = median(results.map((each) => each.rawPerSecond));
  const ratio = median(results.map((each) => each.endToEndPerSecond / each.rawPerSecond));
  console.log('\nmedian of the runs');
  console.log(`  ingest (PublishEvents acknowledged)   ${fmt(median(results.map((each) => each.ingestPerSecond)))} events/s`);
  console.log(`  end to end (both flows committed)     ${fmt(endToEnd)} events/s   target ≥ 10,000: ${endToEnd >= 10_000 ? 'met' : 'NOT met'}`);
  console.log(`  raw amqplib publish + consume         ${fmt(raw)} msg/s`);
  console.log(`  ratio end to end / raw                ${fmt(ratio, 3)}   target ≥ 0.3: ${ratio >= 0.3 ? 'met' : 'NOT met'}`);
  console.log(`  delay push → commit                   p50 ${fmt(median(results.map((each) => each.p50Ms)))} ms, p99 ${fmt(median(results.map((each) => each.p99Ms)))} ms`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:flows failed:', error);
    process.exit(1);
  },
);
