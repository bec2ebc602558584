/**
 * The sender loop: delivers the rows the flow's handler committed. Each round claims due
 * rows in one short transaction (status sending, attempt counted, a lease), sends each
 * outside any transaction, and records each outcome as soon as the provider answered (the
 * outcomes that arrive while one is being recorded share the next transaction):
 * - accepted: sent;
 * - retryable failure: pending again after an exponential backoff with jitter (at least the
 *   provider's Retry-After), until the attempts run out, then failed with the last reason;
 * - permanent failure: failed with the provider's reason.
 * A row whose sender stopped mid-send (crash, lost database) is taken over when its lease
 * ends and sent again under the same key: HTTP providers drop the repeat by its
 * Idempotency-Key; an e-mail repeats with the same Message-ID (see channels/smtp.ts).
 *
 * Lifecycle: start() polls every pollIntervalMs (at once again while rounds come back full);
 * stop() lets the round in flight finish (bounded), then closes the providers; safe twice.
 */
import type { Logger } from 'pino';
import { HubError } from '../../hub/errors/catalog.js';
import type { Store, StoreHealth } from '../../hub/store/index.js';
import type { ChannelProviders, ChannelProvider, OutgoingMessage } from './channels/types.js';
import { claim, claimAll, deliveryKey, dueDeliveries, settle, type DeliveryRecord, type Settlement } from './deliveries.js';
import { ProviderError } from './errors.js';
import type { Channel } from './model.js';

export interface BackoffOptions {
  /** Delay after the first failed attempt; default 5 000 ms. */
  readonly initialMs?: number;
  /** Longest delay; default 15 minutes. */
  readonly maxMs?: number;
}

export interface NotificationSenderOptions {
  readonly store: Pick<Store, 'transaction'>;
  readonly providers: ChannelProviders;
  /** Attempts per delivery before it is failed; default 6. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** How long a claimed row belongs to its sender; longer than any provider timeout. Default 120 000 ms. */
  readonly leaseMs?: number;
  /** Rows claimed per round; default 50. */
  readonly batchSize?: number;
  /** Sends in flight at once; default 8. */
  readonly concurrency?: number;
  /** Default 1 000 ms. */
  readonly pollIntervalMs?: number;
  /** How long stop() waits for the round in flight; default 10 000 ms. */
  readonly stopTimeoutMs?: number;
  readonly logger?: Logger;
  readonly now?: () => Date;
  readonly random?: () => number;
}

export interface DeliveryReport {
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
  /** Rows claimed this round (a full batch means more may be due); those taken over by another sender meanwhile count in no other field. */
  readonly claimed: number;
}

export interface NotificationSender {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<StoreHealth>;
  /** One round now: claim what is due, send, record. */
  deliverDue(): Promise<DeliveryReport>;
}

export function createNotificationSender(options: NotificationSenderOptions): NotificationSender {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 6;
  const initialMs = options.backoff?.initialMs ?? 5000;
  const maxMs = options.backoff?.maxMs ?? 15 * 60 * 1000;
  const leaseMs = options.leaseMs ?? 120_000;
  const batchSize = options.batchSize ?? 50;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const log = options.logger?.child({ component: 'notification-sender' });
  let phase: 'new' | 'running' | 'stopped' = 'new';
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> | undefined;
  let stopping: Promise<void> | undefined;
  let lastError: string | undefined;

  const backoff = (attempts: number, retryAfterMs = 0): number => {
    const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempts - 1));
    return Math.max(retryAfterMs, Math.round(base * (0.8 + 0.4 * random())));
  };

  /**
   * Claims the due rows: all of them in one statement when no other sender got in the way,
   * else (that transaction rolled back) one by one, taking those still free.
   */
  async function claimDue(): Promise<DeliveryRecord[]> {
    const round = (oneByOne: boolean): Promise<DeliveryRecord[]> =>
      options.store.transaction('claiming notification deliveries', async (ex) => {
        const at = now();
        const leaseUntil = new Date(at.getTime() + leaseMs);
        const due: DeliveryRecord[] = [];
        for (const row of await dueDeliveries(ex, at, batchSize)) {
          if (row.attempts >= maxAttempts) {
            // The last attempt's sender never reported back: its outcome is unknown and no attempt is left.
            await settle(ex, row, { status: 'failed', error: `PROVIDER_UNAVAILABLE: the outcome of attempt ${row.attempts} is unknown (the sender stopped); no attempts left` });
          } else due.push(row);
        }
        const claimed: DeliveryRecord[] = [];
        if (!oneByOne) {
          if ((await claimAll(ex, due, leaseUntil)) !== due.length) throw new ClaimContended();
          claimed.push(...due);
        } else for (const row of due) if (await claim(ex, row, leaseUntil)) claimed.push(row);
        return claimed.map((row) => ({ ...row, status: 'sending' as const, attempts: row.attempts + 1 }));
      });
    try {
      return await round(false);
    } catch (error) {
      if (!(error instanceof ClaimContended)) throw error;
      return round(true);
    }
  }

  // Outcomes are recorded as soon as the provider answered; those that arrive while a
  // recording transaction runs are recorded together in the next one (group commit).
  const recordings: { row: DeliveryRecord; outcome: Settlement; done: (recorded: boolean | Error) => void }[] = [];
  let recording = false;
  function record(row: DeliveryRecord, outcome: Settlement): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      recordings.push({ row, outcome, done: (recorded) => (recorded instanceof Error ? reject(recorded) : resolve(recorded)) });
      if (!recording) void recordWaiting();
    });
  }
  async function recordWaiting(): Promise<void> {
    recording = true;
    while (recordings.length > 0) {
      const batch = recordings.splice(0, 200);
      try {
        const recorded = await options.store.transaction('recording notification deliveries', async (ex) => {
          const results: boolean[] = [];
          for (const { row, outcome } of batch) results.push(await settle(ex, row, outcome));
          return results;
        });
        batch.forEach((each, index) => each.done(recorded[index]!));
      } catch (error) {
        for (const each of batch) each.done(error instanceof Error ? error : new Error(String(error)));
      }
    }
    recording = false;
  }

  async function attempt(row: DeliveryRecord): Promise<Settlement['status'] | 'superseded'> {
    const outcome = await send(row);
    try {
      if (!(await record(row, outcome))) {
        log?.warn({ notificationId: row.notificationId, channel: row.channel }, 'delivery was taken over by another sender before its outcome was recorded');
        return 'superseded';
      }
    } catch (error) {
      // The row stays "sending" until its lease ends, then goes out again under the same key.
      log?.error({ err: error, notificationId: row.notificationId, channel: row.channel, outcome: outcome.status }, 'could not record a delivery outcome');
      throw error;
    }
    return outcome.status;
  }

  async function send(row: DeliveryRecord): Promise<Settlement> {
    const provider = options.providers[row.channel] as ChannelProvider<Channel> | undefined;
    const key = deliveryKey(row);
    if (!provider) return { status: 'failed', error: `PROVIDER_NOT_CONFIGURED: no ${row.channel} provider in this hub` };
    const message: OutgoingMessage = { key, channel: row.channel, address: row.address, clientId: row.clientId, content: row.content, language: row.language };
    try {
      const result = await provider.send(message);
      log?.info({ key, kind: row.kind, attempt: row.attempts }, 'notification sent');
      return { status: 'sent', at: now(), ...(result.reference ? { providerReference: result.reference } : {}) };
    } catch (error) {
      const failure =
        error instanceof ProviderError ? error : new ProviderError('PROVIDER_UNAVAILABLE', error instanceof Error ? error.message : String(error), true, { cause: error });
      const reason = `${failure.code}: ${failure.message}`;
      if (!failure.retryable) {
        log?.warn({ key, kind: row.kind, attempt: row.attempts, reason }, 'notification refused by the provider');
        return { status: 'failed', error: reason };
      }
      if (row.attempts >= maxAttempts) {
        log?.warn({ key, kind: row.kind, attempt: row.attempts, reason }, 'notification failed, no attempts left');
        return { status: 'failed', error: `${reason} (after ${row.attempts} attempts)` };
      }
      const delay = backoff(row.attempts, failure.options.retryAfterMs);
      log?.info({ key, kind: row.kind, attempt: row.attempts, reason, delayMs: delay }, 'notification send failed, will retry');
      return { status: 'pending', nextAttemptAt: new Date(now().getTime() + delay), error: reason };
    }
  }

  async function deliverDue(): Promise<DeliveryReport> {
    const claimed = await claimDue();
    const counts = { sent: 0, retrying: 0, failed: 0 };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < claimed.length) {
        const row = claimed[next++]!;
        const status = await attempt(row).catch(() => undefined);
        if (status === 'sent') counts.sent += 1;
        else if (status === 'pending') counts.retrying += 1;
        else if (status === 'failed') counts.failed += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    return { ...counts, claimed: claimed.length };
  }

  const schedule = (delayMs: number): void => {
    if (phase !== 'running') return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  };

  function tick(): void {
    timer = undefined;
    const current = deliverDue().then(
      (report) => {
        lastError = undefined;
        return report.claimed >= batchSize ? 0 : pollIntervalMs;
      },
      (error: unknown) => {
        lastError = error instanceof Error ? error.message : String(error);
        log?.error({ err: error }, 'notification round failed');
        return pollIntervalMs;
      },
    );
    round = current;
    void current.then((delay) => {
      if (round === current) round = undefined;
      schedule(delay);
    });
  }

  return {
    async start() {
      if (phase === 'running') return;
      if (phase === 'stopped') throw new Error('the notification sender was stopped and cannot start again');
      phase = 'running';
      schedule(0);
      log?.info({ maxAttempts, pollIntervalMs }, 'notification sender started');
    },
    stop() {
      stopping ??= (async () => {
        phase = 'stopped';
        if (timer) clearTimeout(timer);
        if (round) await Promise.race([round, new Promise((resolve) => setTimeout(resolve, options.stopTimeoutMs ?? 10_000).unref())]);
        for (const provider of Object.values(options.providers)) {
          await provider?.close().catch((error: unknown) => log?.error({ err: error }, 'closing a notification provider failed'));
        }
        log?.info('notification sender stopped');
      })();
      return stopping;
    },
    async health() {
      if (phase !== 'running') return { status: 'down', detail: `notification sender is ${phase}` };
      return lastError ? { status: 'down', detail: lastError } : { status: 'up' };
    },
    deliverDue,
  };
}

/** Another sender took some of the rows this round read: the round claims one by one instead. */
class ClaimContended extends HubError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'another sender claimed some of the due notification deliveries');
  }
}
