/**
 * The standing orders' scheduler: a node-cron task (default every minute, UTC, never two
 * runs of one instance at once: noOverlap) that, while this instance holds the job's DB
 * lease, finds the orders due today or earlier and makes each due date's payment.
 *
 * One due date is ONE transaction: the order row is locked, the payment is recorded in
 * standing_order_payment (key: order and due date), the `payment.requested` message is
 * written to the outbox (message id = payment id = order id + due date), and the order
 * moves on to its next due date, conditionally on still standing at this one. So a due
 * date makes exactly one payment, whichever instance fires and however often; and dates
 * missed while no hub ran are caught up, each once, oldest first, on the next run.
 *
 * The lease is taken (or renewed) at the start of each run and renewed before each
 * order; a run that loses it stops. stop() releases it, so another instance takes over on
 * its next run; a holder that dies leaves it to expire after leaseMs.
 */
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Store } from '../../hub/store/index.js';
import { writeRows } from '../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../hub/store/tables.js';
import { createLease } from './lease.js';
import { PAYMENT_REQUESTED, paymentIdOf, paymentRequested } from './mapping.js';
import { advanceOrder, dueOrders, insertOrderPayment, orderById } from './records.js';
import { dateOf, nextAfter } from './schedule.js';

export const RECURRING_PAYMENTS_JOB = 'recurring-payments';
export const DEFAULT_RECURRING_SCHEDULE = '* * * * *';
export const DEFAULT_LEASE_MS = 120_000;
/** Orders looked at per query; a run goes on until none is due. */
const BATCH = 100;

export interface RecurringPaymentsOptions {
  readonly store: Pick<Store, 'transaction' | 'query'>;
  /** node-cron expression (seconds allowed: '* * * * * *'), evaluated in UTC; default every minute. */
  readonly schedule?: string;
  /** This hub instance, the lease's holder (1–64 characters); default a random id. */
  readonly instanceId?: string;
  /** How long the lease holds without renewal; default 120 s (above the default schedule's minute). */
  readonly leaseMs?: number;
  /** Told after a run committed payment.requested messages: wire it to the relay's notify(). */
  readonly onCommitted?: () => void;
  readonly now?: () => Date;
  readonly logger?: Logger;
}

export interface RunReport {
  /** Whether this instance held the lease for the run. */
  readonly held: boolean;
  /** Payments requested by the run. */
  readonly payments: number;
}

export interface RecurringPaymentsHealth {
  readonly status: 'up' | 'down';
  readonly detail?: string;
  /** Whether this instance held the lease at its last run. */
  readonly leader: boolean;
  readonly lastRunAt?: string;
}

export interface RecurringPayments {
  start(): Promise<void>;
  /** Stops the task, waits for a run under way, releases the lease; safe to call twice. */
  stop(): Promise<void>;
  health(): RecurringPaymentsHealth;
  /** One run now, as the task makes them (for operators and tests); runs never overlap. */
  runDue(): Promise<RunReport>;
}

export class RecurringPaymentsError extends Error {
  override readonly name = 'RecurringPaymentsError';
  constructor(
    readonly code: 'INVALID_SCHEDULE' | 'INVALID_OPTIONS',
    message: string,
  ) {
    super(message);
  }
}

export function createRecurringPayments(options: RecurringPaymentsOptions): RecurringPayments {
  const { store } = options;
  const schedule = options.schedule ?? DEFAULT_RECURRING_SCHEDULE;
  const instanceId = options.instanceId ?? `hub-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = options.now ?? (() => new Date());
  const log = options.logger?.child({ component: 'recurring-payments', instance: instanceId });
  if (!cron.validate(schedule)) throw new RecurringPaymentsError('INVALID_SCHEDULE', `${schedule} is not a cron expression`);
  if (instanceId.length < 1 || instanceId.length > 64) throw new RecurringPaymentsError('INVALID_OPTIONS', 'instanceId must have 1 to 64 characters');
  if (!Number.isInteger(leaseMs) || leaseMs < 1000) throw new RecurringPaymentsError('INVALID_OPTIONS', 'leaseMs must be a whole number of at least 1000');
  const lease = createLease(store, RECURRING_PAYMENTS_JOB, instanceId, leaseMs);

  let task: ScheduledTask | undefined;
  let running: Promise<RunReport> | undefined;
  let stopped = false;
  let leader = false;
  let lastRunAt: Date | undefined;
  let lastError: string | undefined;

  /** Makes the payment of the order's next due date if it is due by `today`; answers whether it did. */
  const fireOne = (orderId: string, today: string): Promise<boolean> =>
    store.transaction('requesting a standing order payment', async (ex) => {
      const order = await orderById(ex, orderId, true);
      if (!order || order.status !== 'ACTIVE' || order.nextDueDate === undefined || order.nextDueDate > today) return false;
      const dueDate = order.nextDueDate;
      const at = now();
      const paymentId = paymentIdOf(order.orderId, dueDate);
      await insertOrderPayment(ex, { orderId: order.orderId, dueDate, paymentId, createdAt: at });
      await writeRows(ex, OUTBOX_INSERT, [{ eventId: paymentId, routingKey: PAYMENT_REQUESTED, payload: JSON.stringify(paymentRequested(order, dueDate)), createdAt: at }], 'insert');
      const next = nextAfter(order, dueDate);
      const ended = order.endDate !== undefined && next > order.endDate;
      if (!(await advanceOrder(ex, order, dueDate, ended ? undefined : next, at))) throw new Error(`standing order ${order.orderId} moved past ${dueDate} meanwhile`);
      return true;
    });

  async function run(): Promise<RunReport> {
    const startedAt = now();
    let payments = 0;
    try {
      leader = await lease.take(startedAt);
      if (!leader) return { held: false, payments };
      const today = dateOf(startedAt);
      for (;;) {
        const due = await store.query('finding due standing orders', (ex) => dueOrders(ex, today, BATCH));
        let fired = 0;
        for (const orderId of due) {
          if (stopped || !(leader = await lease.take(now()))) return { held: leader, payments };
          // Every due date the order missed, oldest first, each in its own transaction.
          while (await fireOne(orderId, today)) {
            fired += 1;
            payments += 1;
          }
        }
        if (due.length < BATCH || fired === 0) break;
      }
      lastError = undefined;
      return { held: true, payments };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      log?.warn({ err: error }, 'standing orders: the run failed; the next run tries again');
      return { held: leader, payments };
    } finally {
      lastRunAt = startedAt;
      if (payments > 0) {
        log?.info({ payments }, 'standing orders: payments requested');
        options.onCommitted?.();
      }
    }
  }

  const runDue = (): Promise<RunReport> => {
    if (running) return running;
    running = run().finally(() => (running = undefined));
    return running;
  };

  return {
    async start() {
      if (task || stopped) return;
      task = cron.createTask(schedule, async () => void (await runDue()), { name: `${RECURRING_PAYMENTS_JOB}-${instanceId}`, noOverlap: true, timezone: 'UTC' });
      await task.start();
      log?.info({ schedule, leaseMs }, 'standing orders scheduler started');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const current = task;
      task = undefined;
      const results = await Promise.allSettled([(async () => current && (await current.destroy()))(), running]);
      for (const result of results) if (result.status === 'rejected') log?.error({ err: result.reason }, 'standing orders: stopping failed');
      await lease.release().catch((error: unknown) => log?.warn({ err: error }, 'standing orders: the lease could not be released; it expires'));
      leader = false;
    },
    health() {
      const base = { leader, ...(lastRunAt ? { lastRunAt: lastRunAt.toISOString() } : {}) };
      if (stopped || !task) return { status: 'down', detail: 'the scheduler is not running', ...base };
      return lastError ? { status: 'down', detail: lastError, ...base } : { status: 'up', ...base };
    },
    runDue,
  };
}
