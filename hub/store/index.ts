/**
 * The hub's store: the projections that the Platform API serves, the ordering state of
 * every aggregate, processed event ids, the outbox and resync requests, in one database
 * (SQLite by default, PostgreSQL or SQL Server by URL) reached through a TypeORM
 * DataSource whose schema comes from migrations only.
 *
 * Lifecycle: start() connects and runs pending migrations; stop() waits briefly for work
 * in flight, then disconnects (safe to call twice). Everything between answers
 * SERVICE_UNAVAILABLE while the store is not running.
 *
 * SQLite has one connection: write transactions and reads take turns through one queue,
 * so a read never sees a batch half-applied on the same connection. The changes of
 * CacheControl (store.changes) that arrive in the same turn of the event loop are
 * committed together (group commit): each runs in a savepoint of one transaction, so one
 * that fails is rolled back alone, and each is answered only after the one durable commit,
 * which is most of the cost of a small change. Members join a group only in its first
 * 2 ms: better-sqlite3 works synchronously, so a long group would hold the whole event
 * loop (HTTP reads included) for its length. Other transactions (the bus, the flows, which
 * batch their own messages) are not grouped. Every commit is answered once the WAL is on
 * disk, synced off the event loop (./wal-sync.ts), and a worker thread checkpoints the WAL
 * into the database file (./checkpointer.ts).
 */
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { DataSource, type QueryRunner } from 'typeorm';
import { HubError } from '../errors/catalog.js';
import { changeTransaction } from './changes.js';
import { resolveConnection, type ConnectionOptions } from './connection.js';
import { createDialect, type Dialect } from './dialect.js';
import { storeError } from './errors.js';
import { walSync } from './wal-sync.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import type { DriverKind } from './migrations/columns.js';
import { markFailed, markSent, outboxDepth, pendingMessages } from './outbox.js';
import { readAccount, readApplication, readCard, readClient, readClientOverview, readDeposit, readLoan, readTransactions } from './readers.js';
import { executorOn, type Executor } from './sql.js';
import { encodeValue, selectList, type TableSpec } from './rows.js';
import { AGGREGATE_STATE } from './tables.js';
import type {
  AccountRecord,
  AggregateRef,
  AggregateState,
  ApplicationRecord,
  CardRecord,
  ChangeTransaction,
  ClientOverview,
  ClientRecord,
  DepositRecord,
  LoanRecord,
  OutboxMessage,
  SourceSystem,
  StoreHealth,
  TransactionPage,
  TransactionQuery,
} from './types.js';

export interface StoreOptions extends ConnectionOptions {
  readonly logger?: Logger;
  /** How long stop() waits for work in flight before it disconnects; default 5000 ms. */
  readonly stopTimeoutMs?: number;
}

export interface Store {
  readonly kind: DriverKind;
  /** Where the data lives (file path or URL without password), for logs. */
  readonly location: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<StoreHealth>;

  /** Runs `work` in one database transaction: all of it is committed, or nothing. */
  changes<T>(work: (tx: ChangeTransaction) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one database transaction on the store's own SQL executor (dialect-aware
   * quoting, parameters and batching, see ./sql.ts), for the tables that other components
   * own through their own migrations (the bus, the flows). `action` names it in errors.
   */
  transaction<T>(action: string, work: (ex: Executor) => Promise<T>): Promise<T>;
  /** Like transaction(), without a transaction: for reads. */
  query<T>(action: string, work: (ex: Executor) => Promise<T>): Promise<T>;
  aggregateState(sourceSystem: SourceSystem, ref: AggregateRef): Promise<AggregateState | undefined>;
  /** Aggregates marked for resynchronisation (after a gap or a RequestResync), oldest change first. */
  pendingResyncs(limit: number): Promise<AggregateState[]>;

  clientOverview(clientId: string): Promise<ClientOverview>;
  client(clientId: string): Promise<ClientRecord | undefined>;
  account(accountId: string): Promise<AccountRecord | undefined>;
  transactions(query: TransactionQuery): Promise<TransactionPage>;
  card(cardId: string): Promise<CardRecord | undefined>;
  loan(loanId: string): Promise<LoanRecord | undefined>;
  deposit(depositId: string): Promise<DepositRecord | undefined>;
  application(applicationId: string): Promise<ApplicationRecord | undefined>;

  /** Messages not yet sent. */
  outboxDepth(): Promise<number>;
  /** The oldest unsent messages, in id order. */
  pending(limit: number): Promise<OutboxMessage[]>;
  markSent(ids: readonly string[], at?: Date): Promise<number>;
  markFailed(ids: readonly string[]): Promise<number>;
}

type Phase = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/** Changes committed together at most (SQLite group commit). */
const MAX_GROUP = 64;
/** Members join a group only within this many milliseconds of its start. */
const GROUP_BUDGET_MS = 2;

interface GroupMember {
  readonly action: string;
  readonly work: (ex: Executor) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: HubError) => void;
}

export function createStore(options: StoreOptions): Store {
  const resolved = resolveConnection(options);
  const dialect: Dialect = createDialect(resolved.kind, options.schema);
  const log = options.logger?.child({ component: 'store' });
  let phase: Phase = 'new';
  let dataSource: DataSource | undefined;
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  // SQLite: one connection, so one unit of work at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const wal = resolved.sqliteFile !== undefined && resolved.syncWal ? walSync(resolved.sqliteFile) : undefined;
  let checkpointer: Checkpointer | undefined;
  /** Resolves when the commits before it are durable; the next unit of work need not wait. */
  const durable = async (action: string): Promise<void> => {
    try {
      await wal?.sync();
    } catch (error) {
      throw failureOf(error, action);
    }
  };

  const running = (): DataSource => {
    if (phase !== 'running' || !dataSource) throw new HubError('SERVICE_UNAVAILABLE', 'The store is not running.');
    return dataSource;
  };

  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    if (resolved.kind !== 'sqlite') return work();
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };

  const withRunner = async <T>(action: string, transactional: boolean, work: (ex: Executor, runner: QueryRunner) => Promise<T>): Promise<T> => {
    const source = running();
    inFlight += 1;
    try {
      const result = await serialised(async () => {
        const runner = source.createQueryRunner();
        try {
          await runner.connect();
          if (transactional) await runner.startTransaction();
          const result = await work(executorOn(runner, dialect), runner);
          if (transactional) await runner.commitTransaction();
          return result;
        } catch (error) {
          if (transactional && runner.isTransactionActive) {
            await runner.rollbackTransaction().catch((rollbackError: unknown) => log?.error({ err: rollbackError }, 'rollback failed'));
          }
          const failure = storeError(error, action);
          if (failure !== error) {
            if (failure.code === 'SERVICE_UNAVAILABLE') log?.warn({ err: error, code: failure.code }, `store: ${action} failed, retryable`);
            else log?.error({ err: error, code: failure.code }, `store: ${action} failed`);
          }
          throw failure;
        } finally {
          if (resolved.kind !== 'sqlite') await runner.release();
        }
      });
      if (transactional) await durable(action);
      return result;
    } finally {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    }
  };
  const read = <T>(action: string, work: (ex: Executor) => Promise<T>): Promise<T> => withRunner(action, false, work);

  // Group commit (SQLite): the changes waiting for the next commit.
  const waiting: GroupMember[] = [];
  let groupQueued = false;

  const write = async <T>(action: string, work: (ex: Executor) => Promise<T>): Promise<T> => {
    if (resolved.kind !== 'sqlite') return withRunner(action, true, work);
    const source = running();
    inFlight += 1;
    try {
      return await new Promise<T>((resolve, reject) => {
        waiting.push({ action, work, resolve: resolve as (value: unknown) => void, reject });
        queueGroup(source);
      });
    } finally {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    }
  };

  // The group starts in the check phase of the event loop: requests whose bytes arrived in
  // the same poll phase have joined it by then.
  const queueGroup = (source: DataSource): void => {
    if (groupQueued) return;
    groupQueued = true;
    setImmediate(() => void serialised(() => commitGroup(source)));
  };

  /** Runs the waiting writes in one transaction, each in a savepoint; answers each after the commit. */
  async function commitGroup(source: DataSource): Promise<void> {
    groupQueued = false;
    if (waiting.length === 0) return;
    const members: GroupMember[] = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: HubError })[] = [];
    const runner = source.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const ex = executorOn(runner, dialect);
      const started = performance.now();
      // Members join while the group is young: reads queued meanwhile wait at most about
      // the budget (plus one member's own work), not for everything that keeps arriving.
      while (waiting.length > 0 && members.length < MAX_GROUP && (members.length === 0 || performance.now() - started < GROUP_BUDGET_MS)) {
        const member = waiting.shift()!;
        members.push(member);
        await runner.query('SAVEPOINT "group_member"');
        try {
          outcomes.push({ ok: true, value: await member.work(ex) });
        } catch (error) {
          await runner.query('ROLLBACK TO SAVEPOINT "group_member"');
          outcomes.push({ ok: false, error: failureOf(error, member.action) });
        }
        await runner.query('RELEASE SAVEPOINT "group_member"');
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch((rollbackError: unknown) => log?.error({ err: rollbackError }, 'rollback failed'));
      // Nothing of the group was committed: every member fails; when not even the
      // transaction began, so does everything waiting (nothing can be written now).
      for (const member of members.length > 0 ? members : waiting.splice(0)) member.reject(failureOf(error, member.action));
      return;
    } finally {
      if (waiting.length > 0) queueGroup(source);
    }
    // The next group may run while this one's WAL is synced; its members wait for that.
    const synced = durable(members[0]!.action).then(
      () => undefined,
      (error: HubError) => error,
    );
    members.forEach((member, index) => {
      const outcome = outcomes[index]!;
      if (!outcome.ok) return member.reject(outcome.error);
      void synced.then((error) => (error ? member.reject(error) : member.resolve(outcome.value)));
    });
  }

  const failureOf = (error: unknown, action: string): HubError => {
    const failure = storeError(error, action);
    if (failure !== error) {
      if (failure.code === 'SERVICE_UNAVAILABLE') log?.warn({ err: error, code: failure.code }, `store: ${action} failed, retryable`);
      else log?.error({ err: error, code: failure.code }, `store: ${action} failed`);
    }
    return failure;
  };

  async function start(): Promise<void> {
    if (phase === 'running') return;
    if (starting) return starting;
    if (phase !== 'new') throw new HubError('SERVICE_UNAVAILABLE', 'The store was stopped and cannot start again.');
    phase = 'starting';
    starting = (async () => {
      if (resolved.sqliteFile !== undefined) mkdirSync(options.dataDir, { recursive: true });
      const source = new DataSource(resolved.options);
      try {
        await source.initialize();
        const applied = await source.runMigrations({ transaction: 'each' });
        await wal?.sync();
        if (resolved.sqliteFile !== undefined) checkpointer = startCheckpointer(resolved.sqliteFile, log ? { logger: log } : {});
        dataSource = source;
        phase = 'running';
        log?.info({ database: resolved.kind, location: resolved.location, migrations: applied.map((migration) => migration.name) }, 'store started');
      } catch (error) {
        phase = 'new';
        if (source.isInitialized) await source.destroy().catch(() => undefined);
        throw storeError(error, 'starting the store');
      } finally {
        starting = undefined;
      }
    })();
    return starting;
  }

  async function stop(): Promise<void> {
    if (stopping) return stopping;
    stopping = (async () => {
      await starting?.catch(() => undefined);
      phase = 'stopping';
      if (inFlight > 0) {
        const drained = new Promise<void>((resolve) => (idle = resolve));
        await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, options.stopTimeoutMs ?? 5000).unref())]);
      }
      try {
        await checkpointer?.stop();
        if (dataSource?.isInitialized) await dataSource.destroy();
        await wal?.close();
      } catch (error) {
        log?.error({ err: error }, 'store: disconnect failed');
      } finally {
        dataSource = undefined;
        phase = 'stopped';
        log?.info('store stopped');
      }
    })();
    return stopping;
  }

  async function health(): Promise<StoreHealth> {
    if (phase !== 'running') return { status: 'down', detail: `store is ${phase}` };
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000);
        timer.unref();
      });
      await Promise.race([read('the health check', (ex) => ex.query('SELECT 1 AS ok')), timeout]).finally(() => clearTimeout(timer));
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: error instanceof HubError && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error) };
    }
  }

  return {
    kind: resolved.kind,
    location: resolved.location,
    start,
    stop,
    health,
    changes: (work) => write('the change', (ex) => work(changeTransaction(ex))),
    transaction: (action, work) => withRunner(action, true, work),
    query: (action, work) => read(action, work),
    aggregateState: (sourceSystem, ref) =>
      read('reading the aggregate state', async (ex) => {
        const { quote, param } = ex.dialect;
        const rows = await ex.query(
          `SELECT ${selectList(AGGREGATE_STATE as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table('aggregate_state')} WHERE ${quote('source_system')} = ${param(0)} AND ${quote('aggregate_type')} = ${param(1)} AND ${quote('aggregate_id')} = ${param(2)}`,
          [sourceSystem, ref.aggregateType, ref.aggregateId],
        );
        return rows[0] ? AGGREGATE_STATE.fromRow(rows[0]) : undefined;
      }),
    pendingResyncs: (limit) =>
      read('reading pending resynchronisations', async (ex) => {
        const { quote, param } = ex.dialect;
        const rows = await ex.query(
          ex.dialect.limit(
            `SELECT ${selectList(AGGREGATE_STATE as TableSpec<unknown>, ex.dialect)} FROM ${ex.dialect.table('aggregate_state')} WHERE ${quote('resync_pending')} = ${param(0)} ORDER BY ${quote('as_of')}, ${quote('aggregate_id')}`,
            limit,
          ),
          [encodeValue('flag', true)],
        );
        return rows.map((row) => AGGREGATE_STATE.fromRow(row));
      }),
    clientOverview: (clientId) => read('reading the client', (ex) => readClientOverview(ex, clientId)),
    client: (clientId) => read('reading the client', (ex) => readClient(ex, clientId)),
    account: (accountId) => read('reading the account', (ex) => readAccount(ex, accountId)),
    transactions: (query) => read('reading the transactions', (ex) => readTransactions(ex, query)),
    card: (cardId) => read('reading the card', (ex) => readCard(ex, cardId)),
    loan: (loanId) => read('reading the loan', (ex) => readLoan(ex, loanId)),
    deposit: (depositId) => read('reading the deposit', (ex) => readDeposit(ex, depositId)),
    application: (applicationId) => read('reading the application', (ex) => readApplication(ex, applicationId)),
    outboxDepth: () => read('reading the outbox', outboxDepth),
    pending: (limit) => read('reading the outbox', (ex) => pendingMessages(ex, limit)),
    markSent: (ids, at = new Date()) => withRunner('marking outbox messages sent', true, (ex) => markSent(ex, ids, at)),
    markFailed: (ids) => withRunner('counting outbox attempts', true, (ex) => markFailed(ex, ids)),
  };
}

export type { ConnectionOptions } from './connection.js';
export type { Executor } from './sql.js';
export type { DriverKind } from './migrations/columns.js';
export { emptyChangeSet } from './changes.js';
export * from './types.js';
