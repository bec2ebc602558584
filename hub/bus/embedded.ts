/**
 * The embedded transport: the bus without a broker, for the default single-process run.
 * A published message becomes one bus_message row per flow bound to its routing key, in
 * the store and in one transaction, so that a crash loses nothing the bus accepted. Each
 * flow has a loop that claims due rows (oldest first), hands them to the consumer runtime,
 * and deletes a row in the same transaction as the handling; a retry puts the row back
 * with a later due time, a dead letter moves it to dead_letter. Loops wake at once when
 * this process publishes and otherwise poll (for retries that fall due).
 *
 * Per-aggregate ordering: an ordered flow only claims the oldest row of each ordering key,
 * so a message in delayed retry holds back the later ones of its aggregate.
 *
 * One process owns the queues: claims are forgotten at start (nobody else can hold them),
 * so a row claimed by a process that crashed is delivered again at once.
 *
 * Fanout consumers (consumeOnEveryInstance) get each message in-process after its commit.
 */
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import { instant, optInstant, optText, selectList, text, type TableSpec } from '../store/rows.js';
import { selectIn, writeRows, type Executor } from '../store/sql.js';
import type { Store } from '../store/index.js';
import type { FlowDefinition, FlowMessage, InstanceFlowDefinition } from './flow.js';
import { recordDeadLetter, recordRetry } from './records.js';
import { createFlowRuntime, type FlowRuntime, type Outcome } from './runtime.js';
import { checkFlow, DEFAULT_HANDLER_TIMEOUT_MS, DEFAULT_BATCH_PREFETCH, DEFAULT_PREFETCH, topicMatches, type Bus, type BusHealth, type ConsumerTuning, type DeadLetter, type OutgoingMessage } from './types.js';

export interface EmbeddedBusOptions extends ConsumerTuning {
  readonly store: Store;
  readonly logger?: Logger;
  /** How often idle flows look for due retries; default 500 ms. */
  readonly pollIntervalMs?: number;
  /** How long a stop waits for handlers in flight; default 10 s. */
  readonly stopTimeoutMs?: number;
  readonly now?: () => Date;
  /** Told after a handler committed outbox rows (wake the relay). */
  readonly onEmitted?: () => void;
  readonly onOutcome?: (flow: string, outcome: Outcome, message: FlowMessage) => void;
  /** Told when a flow handled a message, with the seconds since it was published. */
  readonly onLag?: (flow: string, seconds: number) => void;
}

interface QueuedRow {
  readonly id: string;
  readonly flow: string;
  readonly messageId: string;
  readonly routingKey: string;
  readonly body: string;
  readonly traceparent?: string;
  readonly orderingKey?: string;
  /** Attempts made so far. */
  readonly attempts: number;
  readonly availableAt: Date;
  readonly firstFailedAt?: Date;
  readonly publishedAt: Date;
}

const BUS_MESSAGE_INSERT: TableSpec<Omit<QueuedRow, 'id'>> = {
  name: 'bus_message',
  keys: [],
  columns: [
    ['flow', 'text'],
    ['message_id', 'text'],
    ['routing_key', 'text'],
    ['body', 'text'],
    ['traceparent', 'text'],
    ['ordering_key', 'text'],
    ['attempts', 'int'],
    ['available_at', 'instant'],
    ['first_failed_at', 'instant'],
    ['published_at', 'instant'],
  ],
  toRow: (r) => [r.flow, r.messageId, r.routingKey, r.body, r.traceparent, r.orderingKey, r.attempts, r.availableAt, r.firstFailedAt, r.publishedAt],
  fromRow: () => {
    throw new Error('read through BUS_MESSAGE');
  },
};

const BUS_MESSAGE: TableSpec<QueuedRow> = {
  name: 'bus_message',
  keys: ['id'],
  columns: [['id', 'bigint'], ...BUS_MESSAGE_INSERT.columns],
  toRow: () => {
    throw new Error('inserted through BUS_MESSAGE_INSERT');
  },
  fromRow: (row) => {
    const traceparent = optText(row, 'traceparent');
    const orderingKey = optText(row, 'ordering_key');
    const firstFailedAt = optInstant(row, 'first_failed_at');
    return {
      id: text(row, 'id'),
      flow: text(row, 'flow'),
      messageId: text(row, 'message_id'),
      routingKey: text(row, 'routing_key'),
      body: text(row, 'body'),
      ...(traceparent ? { traceparent } : {}),
      ...(orderingKey ? { orderingKey } : {}),
      attempts: Number(row.attempts),
      availableAt: instant(row, 'available_at'),
      ...(firstFailedAt ? { firstFailedAt } : {}),
      publishedAt: instant(row, 'published_at'),
    };
  },
};

type Phase = 'new' | 'running' | 'stopping' | 'stopped';

export function createEmbeddedBus(options: EmbeddedBusOptions): Bus {
  const { store } = options;
  const log = options.logger?.child({ component: 'bus', transport: 'embedded' });
  const now = options.now ?? (() => new Date());
  const pollMs = options.pollIntervalMs ?? 500;
  const prefetch = options.prefetch ?? DEFAULT_PREFETCH;
  const batchPrefetch = options.batchPrefetch ?? DEFAULT_BATCH_PREFETCH;
  const runtime: FlowRuntime = createFlowRuntime({
    store,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    handlerTimeoutMs: options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS,
    now,
    ...(options.onEmitted ? { onEmitted: options.onEmitted } : {}),
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
  });
  // A claim outlives the longest handling, so that it never expires under a live handler.
  const leaseMs = (options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS) + 30_000;
  const flows: FlowDefinition[] = [];
  const instanceFlows: InstanceFlowDefinition[] = [];
  const loops = new Map<string, { wake: () => void; done: Promise<void> }>();
  let phase: Phase = 'new';

  const q = (ex: Executor) => ex.dialect.quote;

  async function claim(flow: FlowDefinition): Promise<QueuedRow[]> {
    return store.transaction(`claiming messages of flow ${flow.name}`, async (ex) => {
      const { param, table } = ex.dialect;
      const quote = q(ex);
      const at = now().toISOString();
      const heads =
        flow.ordering === 'per-aggregate'
          ? ` AND NOT EXISTS (SELECT 1 FROM ${table('bus_message')} e WHERE e.${quote('flow')} = b.${quote('flow')} AND e.${quote('ordering_key')} = b.${quote('ordering_key')} AND e.${quote('id')} < b.${quote('id')})`
          : '';
      const rows = await ex.query(
        ex.dialect.limit(
          `SELECT ${selectList(BUS_MESSAGE as TableSpec<unknown>, ex.dialect, 'b')} FROM ${table('bus_message')} b WHERE b.${quote('flow')} = ${param(0)} AND b.${quote('available_at')} <= ${param(1)} AND (b.${quote('claimed_until')} IS NULL OR b.${quote('claimed_until')} < ${param(2)})${heads} ORDER BY b.${quote('id')}`,
          flow.handleBatch ? batchPrefetch : prefetch,
        ),
        [flow.name, at, at],
      );
      const claimed = rows.map((row) => BUS_MESSAGE.fromRow(row));
      if (claimed.length > 0) {
        await selectIn(
          { ...ex, query: async (sql, params) => (await ex.execute(sql, params), []) },
          {
            name: 'bus_message.claim',
            before: [new Date(Date.parse(at) + leaseMs).toISOString()],
            values: claimed.map((row) => row.id),
            sql: (list) => `UPDATE ${table('bus_message')} SET ${quote('claimed_until')} = ${param(0)} WHERE ${quote('id')} IN (${list})`,
          },
        );
      }
      return claimed;
    });
  }

  const deleteRow = (id: string) => async (ex: Executor) => {
    await ex.execute(`DELETE FROM ${ex.dialect.table('bus_message')} WHERE ${q(ex)('id')} = ${ex.dialect.param(0)}`, [id]);
  };

  async function settle(flow: FlowDefinition, row: QueuedRow, outcome: Outcome): Promise<void> {
    if (outcome.kind === 'processed' || outcome.kind === 'duplicate') {
      options.onLag?.(flow.name, Math.max(0, (now().getTime() - row.publishedAt.getTime()) / 1000));
      return;
    }
    const at = now();
    const firstFailedAt = row.firstFailedAt ?? at;
    if (outcome.kind === 'retry') {
      const next = new Date(at.getTime() + outcome.delayMs);
      await store.transaction(`scheduling a retry in flow ${flow.name}`, async (ex) => {
        const { param, table } = ex.dialect;
        const quote = q(ex);
        await ex.execute(
          `UPDATE ${table('bus_message')} SET ${quote('attempts')} = ${param(0)}, ${quote('available_at')} = ${param(1)}, ${quote('claimed_until')} = NULL, ${quote('first_failed_at')} = ${param(2)} WHERE ${quote('id')} = ${param(3)}`,
          [outcome.attempt - 1, next.toISOString(), firstFailedAt.toISOString(), row.id],
        );
        await recordRetry(ex, { flow: flow.name, messageId: row.messageId, attempts: outcome.attempt - 1, code: outcome.code, reason: outcome.reason, firstFailedAt, nextAttemptAt: next });
      });
      return;
    }
    await store.transaction(`dead-lettering a message of flow ${flow.name}`, async (ex) => {
      await recordDeadLetter(ex, {
        flow: flow.name,
        messageId: row.messageId,
        routingKey: row.routingKey,
        body: row.body,
        ...(row.traceparent ? { traceparent: row.traceparent } : {}),
        ...(row.orderingKey ? { orderingKey: row.orderingKey } : {}),
        code: outcome.code,
        reason: outcome.reason,
        attempts: outcome.attempts,
        firstFailedAt,
        deadAt: at,
      });
      await deleteRow(row.id)(ex);
    });
  }

  async function handle(flow: FlowDefinition, row: QueuedRow): Promise<void> {
    const base = { messageId: row.messageId, routingKey: row.routingKey, attempt: row.attempts + 1, ...(row.traceparent ? { traceparent: row.traceparent } : {}) };
    let outcome: Outcome;
    let body: unknown;
    try {
      body = JSON.parse(row.body);
    } catch (error) {
      outcome = runtime.malformed(flow, { ...base, body: row.body }, `the body is not JSON: ${(error as Error).message}`);
      await settle(flow, row, outcome);
      return;
    }
    outcome = await runtime.deliver(flow, { ...base, body }, { inTransaction: deleteRow(row.id) });
    await settle(flow, row, outcome);
  }

  function startLoop(flow: FlowDefinition): void {
    let wakeUp: (() => void) | undefined;
    let pending = false;
    const wake = (): void => {
      pending = true;
      wakeUp?.();
    };
    const sleep = (ms: number): Promise<void> =>
      new Promise<void>((resolve) => {
        if (pending) return resolve();
        const timer = setTimeout(() => done(), ms);
        const done = (): void => {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        };
        wakeUp = done;
      });
    const run = async (): Promise<void> => {
      let failures = 0;
      while (phase === 'running') {
        pending = false;
        try {
          const batch = await claim(flow);
          failures = 0;
          if (batch.length === 0) {
            await sleep(pollMs);
            continue;
          }
          await Promise.all(
            batch.map((row) =>
              handle(flow, row).catch((error: unknown) => log?.error({ err: error, flow: flow.name, messageId: row.messageId }, 'settling a delivery failed; it is delivered again later')),
            ),
          );
        } catch (error) {
          failures += 1;
          log?.warn({ err: error, flow: flow.name }, 'cannot claim messages; retrying');
          await sleep(Math.min(30_000, pollMs * 2 ** Math.min(failures, 6)));
        }
      }
    };
    loops.set(flow.name, { wake, done: run() });
  }

  function wakeAll(): void {
    for (const loop of loops.values()) loop.wake();
  }

  function fanOut(messages: readonly OutgoingMessage[]): void {
    if (instanceFlows.length === 0) return;
    setImmediate(() => {
      for (const message of messages) {
        for (const flow of instanceFlows) {
          if (!flow.bindings.some((pattern) => topicMatches(pattern, message.routingKey))) continue;
          try {
            const delivery: FlowMessage = { messageId: message.messageId, routingKey: message.routingKey, body: JSON.parse(message.body), attempt: 1 };
            Promise.resolve(flow.handle(delivery)).catch((error: unknown) => log?.warn({ err: error, flow: flow.name }, 'fanout consumer failed'));
          } catch (error) {
            log?.warn({ err: error, flow: flow.name }, 'fanout consumer failed');
          }
        }
      }
    });
  }

  async function insert(rows: Omit<QueuedRow, 'id'>[], action: string): Promise<void> {
    if (rows.length > 0) await store.transaction(action, (ex) => writeRows(ex, BUS_MESSAGE_INSERT, rows, 'insert'));
  }

  const bus: Bus = {
    kind: 'embedded',
    get flows() {
      return [...flows];
    },
    async start() {
      if (phase === 'running') return;
      if (phase !== 'new') throw new HubError('SERVICE_UNAVAILABLE', 'The bus was stopped and cannot start again.');
      // Claims of a process that is gone: this process owns the queues now.
      await store.transaction('releasing claims of the embedded bus', (ex) =>
        ex.execute(`UPDATE ${ex.dialect.table('bus_message')} SET ${q(ex)('claimed_until')} = NULL WHERE ${q(ex)('claimed_until')} IS NOT NULL`),
      );
      phase = 'running';
      for (const flow of flows) startLoop(flow);
      log?.info({ flows: flows.map((flow) => flow.name) }, 'bus started');
    },
    async stop() {
      if (phase === 'stopped' || phase === 'stopping') return;
      if (phase === 'new') {
        phase = 'stopped';
        return;
      }
      phase = 'stopping';
      wakeAll();
      const all = Promise.all([...loops.values()].map((loop) => loop.done));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, options.stopTimeoutMs ?? 10_000)))]);
      clearTimeout(timer);
      phase = 'stopped';
      log?.info('bus stopped');
    },
    async health(): Promise<BusHealth> {
      return phase === 'running' ? { status: 'up' } : { status: 'down', detail: `bus is ${phase}` };
    },
    async publish(messages) {
      if (phase !== 'running') throw new HubError('SERVICE_UNAVAILABLE', 'The bus is not running.');
      const at = now();
      const rows: Omit<QueuedRow, 'id'>[] = [];
      for (const message of messages) {
        for (const flow of flows) {
          if (!flow.bindings.some((pattern) => topicMatches(pattern, message.routingKey))) continue;
          rows.push({
            flow: flow.name,
            messageId: message.messageId,
            routingKey: message.routingKey,
            body: message.body,
            ...(message.traceparent ? { traceparent: message.traceparent } : {}),
            ...(message.orderingKey ? { orderingKey: message.orderingKey } : {}),
            attempts: 0,
            availableAt: at,
            publishedAt: message.createdAt ?? at,
          });
        }
      }
      await insert(rows, 'publishing messages');
      wakeAll();
      fanOut(messages);
    },
    async consume(flow) {
      checkFlow(flow, [...flows.map((each) => each.name), ...instanceFlows.map((each) => each.name)]);
      flows.push(flow);
      if (phase === 'running') startLoop(flow);
    },
    async consumeOnEveryInstance(flow) {
      checkFlow(flow, [...flows.map((each) => each.name), ...instanceFlows.map((each) => each.name)]);
      instanceFlows.push(flow);
    },
    async requeue(letter: DeadLetter) {
      const at = now();
      await insert(
        [
          {
            flow: letter.flow,
            messageId: letter.messageId,
            routingKey: letter.routingKey,
            body: letter.body,
            ...(letter.traceparent ? { traceparent: letter.traceparent } : {}),
            ...(letter.orderingKey ? { orderingKey: letter.orderingKey } : {}),
            attempts: 0,
            availableAt: at,
            publishedAt: at,
          },
        ],
        'replaying a dead letter',
      );
      loops.get(letter.flow)?.wake();
    },
    async depths() {
      const rows = await store.query('reading queue depths', (ex) =>
        ex.query(`SELECT ${q(ex)('flow')}, COUNT(*) AS ${q(ex)('n')} FROM ${ex.dialect.table('bus_message')} GROUP BY ${q(ex)('flow')}`),
      );
      const counts: Record<string, number> = Object.fromEntries(flows.map((flow) => [flow.name, 0]));
      for (const row of rows) counts[text(row, 'flow')] = Number(row.n);
      return counts;
    },
  };
  return bus;
}
