/**
 * Support of the end-to-end flow tests: real `dbp-hub start` child processes on a
 * PostgreSQL database and a RabbitMQ virtual host of their own (created for the test and
 * removed after it, so that the hub's fixed queue names never meet another run's), a
 * stand-in SMS and push provider that answers every message, the back offices' push
 * through the mocks' EventPublisher with the development credentials, and a direct
 * connection to the database that checks what each flow did independently of the hub.
 *
 * The hub has no option for a prefix of its exchange and queue names (RabbitBusOptions
 * has one, the configuration does not), hence the virtual host; `rabbitmqctl` creates it,
 * which needs the broker on this machine — as CI has it.
 */
import { unavailable } from '../../support/services.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import amqplib from 'amqplib';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import pg from 'pg';
import { EventPublisher, type SourceSystem } from '../../../mocks/push/publisher.js';
import type { ChangeNotice } from '../../../mocks/push/types.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

/** The broker and the database server the tests make their own vhost and database on. */
export const AMQP_BASE = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
export const PG_BASE = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
export const JWT_SECRET = 'e2e-platform-secret-of-at-least-32-characters';

let serial = 0;
const uniqueName = (what: string): string => `e2e_${what}_${process.pid}_${Date.now().toString(36)}_${(serial += 1)}`;

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds, polling; fails with `what()` after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await pause(100);
  }
}

/** Whether PostgreSQL and RabbitMQ (with rabbitmqctl) answer: the suites need both. */
export async function servicesAvailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_BASE, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    return `PostgreSQL at ${PG_BASE} does not answer: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
  try {
    const connection = await amqplib.connect(AMQP_BASE);
    await connection.close();
  } catch (error) {
    return `RabbitMQ at ${AMQP_BASE} does not answer: ${(error as Error).message}`;
  }
  try {
    await rabbitmqctl('status');
  } catch (error) {
    return `rabbitmqctl does not work here: ${(error as Error).message}`;
  }
  return undefined;
}

/** Skips the suite when a service is missing, and fails it when CI=true. */
export function requireServices(): Mocha.Func {
  return async function (this: Mocha.Context) {
    this.timeout(60_000);
    const missing = await servicesAvailable();
    if (missing) unavailable(this, missing);
  };
}

export function rabbitmqctl(...args: string[]): Promise<{ stdout: string }> {
  return run('rabbitmqctl', args, { timeout: 60_000 });
}

// ---------------------------------------------------------------------------------------
// Database and virtual host of one test
// ---------------------------------------------------------------------------------------

/** A fresh PostgreSQL database, with a direct connection to read it. */
export interface TestDatabase {
  readonly url: string;
  rows(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  count(sql: string, params?: unknown[]): Promise<number>;
  dispose(): Promise<void>;
}

export async function createDatabase(): Promise<TestDatabase> {
  const name = uniqueName('db');
  const admin = new pg.Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  return {
    url: url.href,
    rows: async (sql, params) => (await client.query(sql, params)).rows as Record<string, unknown>[],
    count: async (sql, params) => Number(Object.values((await client.query(sql, params)).rows[0] as Record<string, unknown>)[0]),
    async dispose() {
      await client.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error: unknown) => console.error(`could not drop ${name}:`, error));
      await admin.end().catch(() => undefined);
    },
  };
}

/** A fresh RabbitMQ virtual host that guest may use. */
export interface TestVhost {
  readonly url: string;
  /** Messages ready in a queue of this vhost (0 when it does not exist). */
  ready(queue: string): Promise<number>;
  dispose(): Promise<void>;
}

export async function createVhost(): Promise<TestVhost> {
  const name = uniqueName('vhost');
  await rabbitmqctl('add_vhost', name);
  const url = new URL(AMQP_BASE);
  const user = decodeURIComponent(url.username || 'guest');
  await rabbitmqctl('set_permissions', '-p', name, user, '.*', '.*', '.*');
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    url: url.href,
    async ready(queue) {
      const connection = await amqplib.connect(url.href);
      try {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        try {
          return (await channel.checkQueue(queue)).messageCount;
        } catch {
          return 0;
        }
      } finally {
        await connection.close().catch(() => undefined);
      }
    },
    async dispose() {
      await rabbitmqctl('delete_vhost', name).catch((error: unknown) => console.error(`could not delete vhost ${name}:`, error));
    },
  };
}

// ---------------------------------------------------------------------------------------
// Notification providers
// ---------------------------------------------------------------------------------------

/** An SMS and push provider on loopback that accepts every message and counts them by idempotency key. */
export interface ProviderStub {
  readonly url: string;
  readonly received: Map<string, number>;
  close(): Promise<void>;
}

export async function startProviderStub(): Promise<ProviderStub> {
  const received = new Map<string, number>();
  let served = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      received.set(key, (received.get(key) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `msg-${(served += 1)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------
// Hub processes
// ---------------------------------------------------------------------------------------

export interface HubProcessOptions {
  readonly databaseUrl: string;
  readonly amqpUrl: string;
  readonly providerUrl?: string;
  readonly logLevel?: string;
  /** A fixed port (a restart where the back offices push to); default a free one. */
  readonly port?: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Options of node itself (a CPU profile, say). */
  readonly nodeArgs?: readonly string[];
}

export interface HubProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** The last lines the hub logged (for failure messages). */
  tail(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<number | string | null>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Variables of the parent that would point the child elsewhere. */
const INHERITED_OUT = ['DATABASE_URL', 'AMQP_URL', 'CORE_BANKING_URL', 'CARDS_URL', 'CRM_URL', 'CONNECTORS_FILE', 'SMTP_URL', 'SMS_PROVIDER_URL', 'PUSH_PROVIDER_URL', 'DBP_CONFIG_FILE', 'HTTP_PORT'];

/** Starts `dbp-hub start` on a free port and resolves once it listens. */
export function startHubProcess(options: HubProcessOptions): Promise<HubProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dbp-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_OUT) delete env[name];
  Object.assign(env, {
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    AMQP_URL: options.amqpUrl,
    EMBEDDED_MOCKS: 'off',
    NODE_ENV: 'test',
    LOG_LEVEL: options.logLevel ?? 'info',
    PLATFORM_JWT_SECRET: JWT_SECRET,
    ...(options.providerUrl ? { SMS_PROVIDER_URL: `${options.providerUrl}/sms`, PUSH_PROVIDER_URL: `${options.providerUrl}/push` } : {}),
    ...options.env,
  });
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(ROOT, 'bin/dbp-hub.js'), 'start', '--port', String(options.port ?? 0)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      resolve(signal ?? code);
    }),
  );
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      keep(chunk);
      seen += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)","msg":"http server listening"/.exec(seen);
      if (!match) return;
      seen = '';
      child.stdout!.off('data', onData);
      child.stdout!.on('data', keep);
      resolve({
        child,
        url: match[1]!,
        tail: () => log,
        exited,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', keep);
    void exited.then((how) => reject(new Error(`the hub exited (${String(how)}) before it listened:\n${log}`)));
  });
}

/** A TCP port free right now on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A Platform API bearer token for a client. */
export function platformToken(clientId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(clientId).setIssuedAt(now).setExpirationTime(now + 3600).sign(new TextEncoder().encode(JWT_SECRET));
}

// ---------------------------------------------------------------------------------------
// What the back offices push
// ---------------------------------------------------------------------------------------

const CREDENTIALS: Readonly<Record<SourceSystem, { username: string; password: string }>> = {
  CORE_BANKING: { username: 'core-banking', password: 'core-banking-dev-password' },
  CARDS: { username: 'cards', password: 'cards-dev-password' },
  CRM: { username: 'crm', password: 'crm-dev-password' },
};

export interface Pusher {
  readonly publisher: EventPublisher;
  /** Event ids the hub answered ACCEPTED or DUPLICATE (durable in the hub). */
  readonly acknowledged: Set<string>;
  /** Every answer, by result code. */
  readonly results: Map<string, number>;
}

/** A back office's publisher towards a hub, remembering every event the hub acknowledged. */
export function pusher(url: string, source: SourceSystem, options: { batchSize?: number; lingerMs?: number; retryBaseMs?: number } = {}): Pusher {
  const acknowledged = new Set<string>();
  const results = new Map<string, number>();
  const publisher = new EventPublisher({
    endpoint: `${url}/soap/CacheControl`,
    sourceSystem: source,
    ...CREDENTIALS[source],
    clock: { now: () => new Date() },
    batchSize: options.batchSize ?? 50,
    lingerMs: options.lingerMs ?? 2,
    retryBaseMs: options.retryBaseMs ?? 200,
    retryMaxMs: 2000,
    onResults: (answers) => {
      for (const item of answers) {
        results.set(item.result, (results.get(item.result) ?? 0) + 1);
        if (item.result === 'ACCEPTED' || item.result === 'DUPLICATE') acknowledged.add(item.eventId);
      }
    },
  });
  return { publisher, acknowledged, results };
}

/** Pushes the clients through the CRM's publisher and waits until the hub acknowledged each (a notification needs its client). */
export async function pushClients(url: string, clients: readonly string[]): Promise<void> {
  const crm = pusher(url, 'CRM');
  for (const clientId of clients) crm.publisher.publish(clientNotice(clientId));
  await eventually(() => crm.acknowledged.size === clients.length, 30_000, () => `the clients to be acknowledged (${JSON.stringify([...crm.results])})`);
  await crm.publisher.stop(1000);
}

/** Stops what an end-to-end test started, whatever of it there is (for an after hook). */
export async function disposeAll(started: { hubs: readonly HubProcess[]; signal?: NodeJS.Signals; provider?: ProviderStub | undefined; db?: TestDatabase | undefined; vhost?: TestVhost | undefined }): Promise<void> {
  for (const hub of started.hubs) await hub.kill(started.signal ?? 'SIGTERM');
  await started.provider?.close();
  await started.db?.dispose();
  await started.vhost?.dispose();
}

/** The CRM's news of a client that notifications can reach (phone and e-mail, English). */
export function clientNotice(clientId: string): ChangeNotice {
  return {
    aggregateType: 'CLIENT',
    aggregateId: clientId,
    occurredAt: new Date(),
    payload: {
      clientDataChanged: {
        clientId,
        name: { givenName: 'Erika', familyName: 'Mustermann' },
        contacts: { phone: '+4915112345678', email: `${clientId.toLowerCase()}@example.com` },
        language: 'en',
      },
    },
  };
}

/**
 * A booked posting on an account. A credit transfer is an incoming-transfer notification
 * (push, by default); a debit of 1000 EUR or more is a large-debit security alert (every
 * channel the client has: push and SMS here).
 */
export function postingNotice(clientId: string, accountId: string, entryReference: string, kind: 'incoming' | 'large-debit'): ChangeNotice {
  const today = new Date().toISOString().slice(0, 10);
  return {
    aggregateType: 'ACCOUNT',
    aggregateId: accountId,
    occurredAt: new Date(),
    payload: {
      transactionPosted: {
        clientId,
        transaction: {
          entryReference,
          accountId,
          status: 'BOOKED',
          kind: 'TRANSFER',
          amount: { amount: kind === 'incoming' ? '25.00' : '1500.00', currency: 'EUR' },
          creditDebitIndicator: kind === 'incoming' ? 'CRDT' : 'DBIT',
          bookingDate: today,
          valueDate: today,
          counterparty: { name: 'Landlord Ltd', iban: 'DE89370400440532013000' },
          remittanceInformation: entryReference,
        },
      },
    },
  };
}

/** A balance of an account owned by a client, as the core banking system pushes it. */
export function balanceNotice(clientId: string, accountId: string, booked: string): ChangeNotice {
  const asOf = new Date().toISOString();
  return {
    aggregateType: 'ACCOUNT',
    aggregateId: accountId,
    occurredAt: new Date(),
    payload: {
      balanceChanged: {
        accountId,
        clientId,
        balance: [
          { type: 'BOOKED', amount: { amount: booked, currency: 'EUR' }, asOf },
          { type: 'AVAILABLE', amount: { amount: booked, currency: 'EUR' }, asOf },
        ],
      },
    },
  };
}

// ---------------------------------------------------------------------------------------
// What the flows did
// ---------------------------------------------------------------------------------------

export interface FlowCheck {
  /** Acknowledged events without a flow_processed row, per flow. */
  readonly unprocessed: Readonly<Record<string, string[]>>;
  /** Entry references with more than one timeline entry, and their counts. */
  readonly duplicateEntries: readonly { readonly entryReference: string; readonly n: number }[];
  /** Acknowledged postings without a timeline entry. */
  readonly missingEntries: readonly string[];
  /** (notification, channel) pairs recorded more than once. */
  readonly duplicateDeliveries: readonly { readonly notificationId: string; readonly channel: string; readonly n: number }[];
  /** Acknowledged postings whose notification has other channels than expected. */
  readonly wrongChannels: readonly { readonly notificationId: string; readonly channels: string }[];
  readonly pendingOutbox: number;
  readonly deadLetters: number;
}

/**
 * What the flows did for these acknowledged postings (event id → expected channels,
 * sorted and comma-joined), read straight from the tables.
 */
export async function checkFlows(db: TestDatabase, postings: ReadonlyMap<string, { entryReference: string; channels: string }>): Promise<FlowCheck> {
  const ids = [...postings.keys()];
  const unprocessed: Record<string, string[]> = {};
  for (const flow of ['timeline', 'notifications']) {
    const rows = await db.rows('SELECT message_id FROM flow_processed WHERE flow = $1 AND message_id = ANY($2)', [flow, ids]);
    const done = new Set(rows.map((row) => String(row.message_id)));
    unprocessed[flow] = ids.filter((id) => !done.has(id));
  }
  const entries = await db.rows('SELECT entry_reference, COUNT(*) AS n FROM timeline_entry WHERE entry_reference IS NOT NULL GROUP BY entry_reference');
  const entryCount = new Map(entries.map((row) => [String(row.entry_reference), Number(row.n)]));
  const deliveries = await db.rows('SELECT notification_id, channel, COUNT(*) AS n FROM notification_delivery GROUP BY notification_id, channel');
  const channelsOf = new Map<string, string[]>();
  for (const row of deliveries) channelsOf.set(String(row.notification_id), [...(channelsOf.get(String(row.notification_id)) ?? []), String(row.channel)]);
  return {
    unprocessed,
    duplicateEntries: [...entryCount].filter(([, n]) => n > 1).map(([entryReference, n]) => ({ entryReference, n })),
    missingEntries: [...postings.values()].map((posting) => posting.entryReference).filter((reference) => !entryCount.has(reference)),
    duplicateDeliveries: deliveries.filter((row) => Number(row.n) > 1).map((row) => ({ notificationId: String(row.notification_id), channel: String(row.channel), n: Number(row.n) })),
    wrongChannels: [...postings]
      .map(([eventId, posting]) => ({ notificationId: eventId, channels: [...(channelsOf.get(eventId) ?? [])].sort().join(','), expected: posting.channels }))
      .filter((each) => each.channels !== each.expected)
      .map(({ notificationId, channels }) => ({ notificationId, channels })),
    pendingOutbox: await db.count('SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL'),
    deadLetters: await db.count('SELECT COUNT(*) FROM dead_letter'),
  };
}

/**
 * The postings among these acknowledged events, read from the outbox the hub wrote them to
 * in the transaction that acknowledged them: event id → entry reference and the channels
 * its notification must have. Acknowledged events absent from the outbox are lost ones.
 */
export async function acknowledgedPostings(db: TestDatabase, acknowledged: ReadonlySet<string>): Promise<{ postings: Map<string, { entryReference: string; channels: string }>; notInOutbox: string[] }> {
  const rows = await db.rows('SELECT event_id, routing_key, payload FROM outbox WHERE event_id = ANY($1)', [[...acknowledged]]);
  const found = new Set(rows.map((row) => String(row.event_id)));
  const postings = new Map<string, { entryReference: string; channels: string }>();
  for (const row of rows) {
    if (row.routing_key !== 'account.transaction.posted') continue;
    const body = JSON.parse(String(row.payload)) as { payload: { transaction?: { entryReference: string; creditDebitIndicator: string } } };
    const transaction = body.payload.transaction;
    if (!transaction) throw new Error(`outbox row ${String(row.event_id)} has no transaction: ${String(row.payload).slice(0, 300)}`);
    postings.set(String(row.event_id), { entryReference: transaction.entryReference, channels: transaction.creditDebitIndicator === 'CRDT' ? 'push' : 'push,sms' });
  }
  return { postings, notInOutbox: [...acknowledged].filter((id) => !found.has(id)) };
}

/**
 * Waits (bounded) until the outbox is drained and both flows processed every acknowledged
 * posting, lets the queues go idle, then asserts what each flow did: one flow_processed
 * row per flow and posting, exactly one timeline entry per posting, one delivery row per
 * notification and expected channel, no dead letters, nothing invented.
 */
export async function expectEveryPostingThroughTheFlows(db: TestDatabase, vhost: TestVhost, acknowledged: ReadonlySet<string>, tail: () => string): Promise<void> {
  const { postings, notInOutbox } = await acknowledgedPostings(db, acknowledged);
  expect(notInOutbox, 'acknowledged postings missing from the outbox').to.deep.equal([]);
  expect(postings.size).to.equal(acknowledged.size);
  await eventually(
    async () => {
      const check = await checkFlows(db, postings);
      return check.pendingOutbox === 0 && check.unprocessed.timeline!.length === 0 && check.unprocessed.notifications!.length === 0;
    },
    180_000,
    () => `the outbox to drain and both flows to process every acknowledged posting\n${tail().slice(-3000)}`,
  );
  // Idle: nothing waits on the flows' queues, and nothing more appears a moment later.
  await eventually(async () => (await vhost.ready('dbp.flow.timeline')) + (await vhost.ready('dbp.flow.notifications')) === 0, 30_000, () => 'the flow queues to empty');
  await pause(1000);

  const check = await checkFlows(db, postings);
  expect(check.unprocessed, 'acknowledged postings a flow did not process').to.deep.equal({ timeline: [], notifications: [] });
  expect(check.missingEntries, 'acknowledged postings without a timeline entry').to.deep.equal([]);
  expect(check.duplicateEntries, 'postings with more than one timeline entry').to.deep.equal([]);
  expect(check.duplicateDeliveries, 'notifications recorded twice on one channel').to.deep.equal([]);
  expect(check.wrongChannels, 'notifications not on the channels expected').to.deep.equal([]);
  expect(check.deadLetters, 'dead letters').to.equal(0);
  expect(check.pendingOutbox).to.equal(0);
  // The timeline and the deliveries hold exactly what the hub took: nothing was invented.
  expect(await db.count('SELECT COUNT(*) FROM timeline_entry'), 'timeline entries').to.equal(await db.count(`SELECT COUNT(*) FROM outbox WHERE routing_key = 'account.transaction.posted'`));
  expect(await db.count('SELECT COUNT(*) FROM notification_delivery'), 'delivery rows').to.equal([...postings.values()].reduce((sum, posting) => sum + posting.channels.split(',').length, 0));
}
