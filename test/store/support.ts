/**
 * Support of the store and event tests: the databases the same suites run on (SQLite in a
 * temporary directory always; PostgreSQL from DATABASE_URL or the local default, in a
 * schema of its own per store, required when CI=true; SQL Server in a throwaway database
 * when MSSQL_URL is set, skipped otherwise), a direct connection to
 * check what was stored independently of the store's readers, and change events shaped
 * exactly as the back offices send them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { findContract } from '../../common/contracts/catalog.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { buildEnvelope, parseEnvelope } from '../../common/soap/envelope.js';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { resolveConnection } from '../../hub/store/connection.js';
import { createStore, type SourceSystem, type Store } from '../../hub/store/index.js';
import type { ChangeNotice } from '../../mocks/push/types.js';

export const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
/** mssql://user:password@host:1433/master?trustServerCertificate=true — the SQL Server suites run only with it. */
export const MSSQL_URL = process.env.MSSQL_URL;
export const CI = process.env.CI === 'true';

/** Rows as a direct connection reads them (not through the store). */
export interface Inspector {
  rows(sql: string): Promise<Record<string, unknown>[]>;
  count(table: string): Promise<number>;
  /** Runs a statement on the store's database (for fault injection). */
  exec(sql: string): Promise<void>;
}

export interface TestDatabase {
  readonly store: Store;
  readonly inspect: Inspector;
  /** A second store on the same database (a second hub process). */
  another(): Store;
  dispose(): Promise<void>;
}

export interface DatabaseTarget {
  readonly name: 'sqlite' | 'postgres' | 'mssql';
  /** Whether the suites must run: a target that is wanted but does not answer fails them. */
  wanted(): boolean;
  /** Whether the database answers; a target that does not is skipped unless wanted. */
  available(): Promise<boolean>;
  create(): Promise<TestDatabase>;
}

let serial = 0;

export const sqliteTarget: DatabaseTarget = {
  name: 'sqlite',
  wanted: () => true,
  available: async () => true,
  async create() {
    const dataDir = mkdtempSync(join(tmpdir(), 'dbp-store-'));
    const stores: Store[] = [];
    const open = (): Store => {
      const store = createStore({ dataDir });
      stores.push(store);
      return store;
    };
    const store = open();
    await store.start();
    const db = new Database(join(dataDir, 'hub.sqlite'));
    db.defaultSafeIntegers(true);
    const rows = async (sql: string) => (db.prepare(sql).all() as Record<string, unknown>[]).map(normaliseBigints);
    return {
      store,
      another: open,
      inspect: {
        rows,
        count: async (table) => Number((db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: bigint }).n),
        exec: async (sql) => void db.exec(sql),
      },
      async dispose() {
        for (const each of stores) await each.stop();
        db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresTarget: DatabaseTarget = {
  name: 'postgres',
  // CI has PostgreSQL; elsewhere the suites run when it answers.
  wanted: () => CI,
  async available() {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  },
  async create() {
    const schema = `store_test_${process.pid}_${Date.now().toString(36)}_${(serial += 1)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const stores: Store[] = [];
    const open = (): Store => {
      const store = createStore({ dataDir: tmpdir(), databaseUrl: PG_URL, schema, poolSize: 4 });
      stores.push(store);
      return store;
    };
    const store = open();
    await store.start();
    await admin.query(`SET search_path TO "${schema}"`);
    return {
      store,
      another: open,
      inspect: {
        rows: async (sql) => (await admin.query(sql)).rows as Record<string, unknown>[],
        count: async (table) => Number((await admin.query(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0].n),
        exec: async (sql) => void (await admin.query(sql)),
      },
      async dispose() {
        for (const each of stores) await each.stop();
        await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
        await admin.end();
      },
    };
  },
};

/** SQL Server: a throwaway database per store, through TypeORM's own mssql driver. */
export const mssqlTarget: DatabaseTarget = {
  name: 'mssql',
  wanted: () => MSSQL_URL !== undefined,
  async available() {
    if (!MSSQL_URL) return false;
    const admin = mssqlDataSource('master');
    try {
      await admin.initialize();
      await admin.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      if (admin.isInitialized) await admin.destroy();
    }
  },
  async create() {
    const name = `store_test_${process.pid}_${Date.now().toString(36)}_${(serial += 1)}`;
    const admin = mssqlDataSource('master');
    await admin.initialize();
    await admin.query(`CREATE DATABASE [${name}]`);
    const url = new URL(MSSQL_URL!);
    url.pathname = `/${name}`;
    const stores: Store[] = [];
    const open = (): Store => {
      const store = createStore({ dataDir: tmpdir(), databaseUrl: url.href, poolSize: 4 });
      stores.push(store);
      return store;
    };
    const store = open();
    await store.start();
    const inspector = mssqlDataSource(name);
    await inspector.initialize();
    const rows = async (sql: string) => (await inspector.query(sql)) as Record<string, unknown>[];
    return {
      store,
      another: open,
      inspect: {
        rows,
        count: async (table) => Number((await rows(`SELECT COUNT(*) AS n FROM "${table}"`))[0]?.n),
        exec: async (sql) => void (await inspector.query(sql)),
      },
      async dispose() {
        for (const each of stores) await each.stop();
        await inspector.destroy();
        await admin.query(`ALTER DATABASE [${name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE`);
        await admin.query(`DROP DATABASE [${name}]`);
        await admin.destroy();
      },
    };
  },
};

function mssqlDataSource(database: string): DataSource {
  const url = new URL(MSSQL_URL!);
  url.pathname = `/${database}`;
  const { options } = resolveConnection({ databaseUrl: url.href, dataDir: tmpdir() });
  return new DataSource({ ...options, migrations: [] } as DataSourceOptions);
}

export const TARGETS: readonly DatabaseTarget[] = [sqliteTarget, postgresTarget, mssqlTarget];

/**
 * Declares `suite` once per database, as `${prefix} (${name})`. A database that does not
 * answer skips its suite locally and fails it when CI=true.
 */
export function forEachDatabase(prefix: string, suite: (db: () => TestDatabase, target: DatabaseTarget) => void): void {
  for (const target of TARGETS) {
    if (target === mssqlTarget && !MSSQL_URL) {
      describe(`${prefix} (${target.name})`, () => it.skip('runs only when MSSQL_URL is set'));
      continue;
    }
    describe(`${prefix} (${target.name})`, function () {
      let current: TestDatabase | undefined;
      let available = true;
      before(async function () {
        available = await target.available();
        if (!available) {
          if (target.wanted()) throw new Error(`${target.name} does not answer, and its suites must run (CI=true, or MSSQL_URL set)`);
          this.skip();
        }
      });
      beforeEach(async function () {
        if (!available) this.skip();
        current = await target.create();
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      suite(() => {
        if (!current) throw new Error('no database');
        return current;
      }, target);
    });
  }
}

/** The tables of the store, in an order that drops cleanly. */
export const TABLES = [
  'resync_request',
  'outbox',
  'processed_event',
  'aggregate_state',
  'application',
  'deposit',
  'loan',
  'card',
  'account_transaction',
  'account',
  'client',
] as const;

export async function counts(inspect: Inspector): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) result[table] = await inspect.count(table);
  return result;
}

function normaliseBigints(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? value.toString() : value]));
}

// ---------------------------------------------------------------------------------------
// Events as the back offices send them
// ---------------------------------------------------------------------------------------

export const cacheControl = findContract('cache-control')!;
export const codec = createContractCodec(cacheControl);
const operations = loadWsdlModel(cacheControl).operations;
export const PUBLISH_EVENTS = operations.find((operation) => operation.name === 'PublishEvents')!;

let eventCounter = 0;

export interface EventOptions {
  readonly eventId?: string;
  readonly sourceSystem?: string;
  readonly occurredAt?: string;
  readonly schemaVersion?: string;
  readonly aggregateType?: string;
}

/** One ChangeEvent as a decoded plain value (all leaves are strings, repeatable elements arrays). */
export function changeEvent(
  source: SourceSystem,
  aggregateType: string,
  aggregateId: string,
  sequence: number | string,
  payload: Record<string, PlainObject>,
  options: EventOptions = {},
): PlainObject {
  return {
    eventId: options.eventId ?? `evt-${process.pid}-${(eventCounter += 1)}`,
    sourceSystem: options.sourceSystem ?? source,
    aggregate: { aggregateType: options.aggregateType ?? aggregateType, aggregateId },
    sequence: String(sequence),
    occurredAt: options.occurredAt ?? '2026-11-24T09:30:00Z',
    schemaVersion: options.schemaVersion ?? '1.0',
    ...payload,
  };
}

const money = (amount: string, currency: string): PlainObject => ({ amount, currency });

export function balanceChanged(accountId: string, seq: number, balances: Partial<Record<'BOOKED' | 'AVAILABLE' | 'BLOCKED', string>>, currency = 'EUR', options: EventOptions = {}): PlainObject {
  return changeEvent(
    'CORE_BANKING',
    'ACCOUNT',
    accountId,
    seq,
    {
      balanceChanged: {
        accountId,
        clientId: 'CL1',
        balance: Object.entries(balances).map(([type, amount]) => ({ type, amount: money(amount, currency), asOf: '2026-11-24T09:29:00Z' })),
      },
    },
    options,
  );
}

export interface EntryOptions extends EventOptions {
  readonly source?: SourceSystem;
  readonly status?: 'BOOKED' | 'PENDING';
  readonly kind?: string;
  readonly amount?: string;
  readonly currency?: string;
  readonly direction?: 'CRDT' | 'DBIT';
  readonly bookingDate?: string;
  readonly valueDate?: string;
  readonly booked?: string;
  readonly extra?: PlainObject;
}

export function transactionPosted(accountId: string, seq: number, entryReference: string, options: EntryOptions = {}): PlainObject {
  const status = options.status ?? 'BOOKED';
  const currency = options.currency ?? 'EUR';
  const valueDate = options.valueDate ?? options.bookingDate ?? '2026-11-24';
  return changeEvent(
    options.source ?? 'CORE_BANKING',
    'ACCOUNT',
    accountId,
    seq,
    {
      transactionPosted: {
        clientId: 'CL1',
        transaction: {
          entryReference,
          accountId,
          status,
          kind: options.kind ?? 'TRANSFER',
          amount: money(options.amount ?? '10.00', currency),
          creditDebitIndicator: options.direction ?? 'DBIT',
          ...(status === 'BOOKED' ? { bookingDate: options.bookingDate ?? valueDate } : {}),
          valueDate,
          counterparty: { name: 'Landlord Ltd', iban: 'DE89370400440532013000' },
          remittanceInformation: 'Rent',
          ...options.extra,
        },
        ...(options.booked ? { balance: [{ type: 'BOOKED', amount: money(options.booked, currency), asOf: '2026-11-24T09:30:00Z' }] } : {}),
      },
    },
    options,
  );
}

export function cardStatusChanged(cardId: string, seq: number, status: string, options: EventOptions = {}): PlainObject {
  return changeEvent('CARDS', 'CARD', cardId, seq, { cardStatusChanged: { cardId, clientId: 'CL1', maskedPan: '427683******1234', status, ...(status === 'BLOCKED' ? { reason: 'Blocked by the client in the app' } : {}) } }, options);
}

export function clientDataChanged(clientId: string, seq: number, parts: PlainObject, options: EventOptions = {}): PlainObject {
  return changeEvent('CRM', 'CLIENT', clientId, seq, { clientDataChanged: { clientId, ...parts } }, options);
}

export function loanScheduleChanged(loanId: string, seq: number, outstanding: string, options: EventOptions = {}): PlainObject {
  const line = (number: number, status: string): PlainObject => ({
    number: String(number),
    dueDate: `2026-${String(number + 10).padStart(2, '0')}-15`,
    principal: money('480.00', 'EUR'),
    interest: money('20.50', 'EUR'),
    total: money('500.50', 'EUR'),
    status,
  });
  return changeEvent('CORE_BANKING', 'LOAN', loanId, seq, { loanScheduleChanged: { loanId, clientId: 'CL1', status: 'ACTIVE', outstandingPrincipal: money(outstanding, 'EUR'), installment: [line(1, 'PAID'), line(2, 'PLANNED')] } }, options);
}

export function depositChanged(depositId: string, seq: number, principal: string, options: EventOptions = {}): PlainObject {
  return changeEvent(
    'CORE_BANKING',
    'DEPOSIT',
    depositId,
    seq,
    { depositChanged: { depositId, clientId: 'CL1', status: 'ACTIVE', principal: money(principal, 'EUR'), accruedInterest: money('12.34', 'EUR'), interestRate: '3.5', maturityDate: '2027-05-20' } },
    options,
  );
}

export function applicationStatusChanged(applicationId: string, seq: number, status: string, options: EventOptions = {}): PlainObject {
  return changeEvent('CRM', 'APPLICATION', applicationId, seq, { applicationStatusChanged: { applicationId, clientId: 'CL1', productType: 'LOAN', status } }, options);
}

/**
 * Wraps a back office's change notices into ChangeEvents as mocks/push/publisher.ts does
 * (per-aggregate sequences, schema version 1.0), then sends them through the contract
 * codec and back, so the events are exactly what ingress decodes from the wire.
 */
export function eventsFromNotices(source: SourceSystem, notices: readonly ChangeNotice[], sequences = new Map<string, number>()): PlainObject[] {
  if (notices.length === 0) return [];
  const events: EncodableObject[] = notices.map((notice) => {
    const key = `${notice.aggregateType}:${notice.aggregateId}`;
    const sequence = (sequences.get(key) ?? 0) + 1;
    sequences.set(key, sequence);
    return {
      eventId: `${source}-${process.pid}-${(eventCounter += 1)}`,
      sourceSystem: source,
      aggregate: { aggregateType: notice.aggregateType, aggregateId: notice.aggregateId },
      sequence,
      occurredAt: notice.occurredAt.toISOString(),
      schemaVersion: '1.0',
      ...notice.payload,
    };
  });
  const xml = buildEnvelope('1.1', codec.encode(PUBLISH_EVENTS.input, { event: events }));
  return codec.decode(parseEnvelope(xml).payload).event as PlainObject[];
}
