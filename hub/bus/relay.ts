/**
 * The outbox relay: takes the rows CacheControl (and the flows) committed to the outbox,
 * publishes them on the bus in id order and marks them sent only after the bus accepted
 * them (RabbitMQ: the broker's confirm). While the bus is down the rows stay pending; the
 * relay backs off exponentially and resumes where it stopped.
 *
 * Several hub instances on one database share the work through claims with a lease
 * (hub/store/outbox.ts): one batch at a time is in flight across all instances, so order
 * holds and no row is published twice in the normal case. A relay that dies mid-batch
 * leaves its claim to expire; the rows are then published again, and the consumers,
 * idempotent by message id, absorb the duplicates.
 *
 * notify() wakes the relay at once (the composition root calls it after each applied
 * batch); otherwise it polls. After a batch smaller than the batch size it lingers a few
 * milliseconds before it claims again, so that rows committed one request at a time leave
 * in batches rather than one transaction pair each. The rows of a published batch are marked
 * sent in the transaction that claims the next one (or on its own when the relay stops).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store/index.js';
import { claimPending, ensureLock, markClaimedSent, releaseClaim, RELAY_LOCK } from '../store/outbox.js';
import type { OutboxMessage } from '../store/types.js';
import { orderingKeyOf, type Bus, type OutgoingMessage } from './types.js';

export interface RelayOptions {
  readonly store: Pick<Store, 'transaction'>;
  readonly bus: Pick<Bus, 'publish'>;
  readonly logger?: Logger;
  /** Who claims rows; default a random id (one per process). */
  readonly relayId?: string;
  /** Rows per publish; default 500. */
  readonly batchSize?: number;
  /** How long a claim holds; default 30 s (far above a publish of one batch). */
  readonly leaseMs?: number;
  /** How often an idle relay looks for rows (other instances' commits, expired claims); default 1 s. */
  readonly pollIntervalMs?: number;
  /** Pause after a batch smaller than batchSize, for more rows to gather; default 5 ms. */
  readonly lingerMs?: number;
  /** Backoff after a failure starts at 200 ms and doubles up to this; default 30 s. */
  readonly maxBackoffMs?: number;
  readonly now?: () => Date;
  readonly onPublished?: (count: number) => void;
  readonly onFailed?: (count: number) => void;
}

export interface RelayHealth {
  readonly status: 'up' | 'down';
  readonly detail?: string;
}

export interface OutboxRelay {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** New rows were committed: publish them now. */
  notify(): void;
  health(): RelayHealth;
}

export function createOutboxRelay(options: RelayOptions): OutboxRelay {
  const { store, bus } = options;
  const log = options.logger?.child({ component: 'relay' });
  const now = options.now ?? (() => new Date());
  const relayId = (options.relayId ?? `relay-${randomUUID()}`).slice(0, 64);
  const batchSize = options.batchSize ?? 500;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollIntervalMs ?? 1000;
  const lingerMs = options.lingerMs ?? 5;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  let running = false;
  let loop: Promise<void> | undefined;
  let woken = false;
  let wakeUp: (() => void) | undefined;
  let failures = 0;
  let backingOff = false;
  let lastError: string | undefined;
  /** Published, not yet marked sent: marked with the next claim. */
  let toMark: string[] = [];

  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      if (woken || !running) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeUp = done;
    });
  const backoff = (): number => Math.min(maxBackoffMs, 200 * 2 ** Math.min(failures - 1, 16));

  async function once(): Promise<'idle' | 'published' | 'lingering' | 'failed'> {
    let claimed: OutboxMessage[];
    const marking = toMark;
    try {
      claimed = await store.transaction('claiming outbox rows', async (ex) => {
        if (marking.length > 0) await markClaimedSent(ex, marking, now());
        return claimPending(ex, { relayId, now: now(), leaseMs, limit: batchSize });
      });
      toMark = [];
    } catch (error) {
      failures += 1;
      lastError = `store: ${(error as Error).message}`;
      log?.warn({ err: error, failures }, 'cannot claim outbox rows; backing off');
      return 'failed';
    }
    if (claimed.length === 0) return 'idle';
    const ids = claimed.map((row) => row.id);
    try {
      await bus.publish(claimed.map(toOutgoing));
    } catch (error) {
      failures += 1;
      lastError = `bus: ${(error as Error).message}`;
      options.onFailed?.(claimed.length);
      if (failures === 1 || failures % 10 === 0) log?.warn({ err: error, rows: claimed.length, failures }, 'publishing failed; the rows stay in the outbox');
      await store.transaction('releasing outbox rows', (ex) => releaseClaim(ex, ids, relayId)).catch((releaseError: unknown) => log?.warn({ err: releaseError }, 'cannot release claimed rows; their claim expires'));
      return 'failed';
    }
    toMark.push(...ids);
    if (failures > 0) log?.info({ after: failures }, 'publishing resumed');
    failures = 0;
    lastError = undefined;
    options.onPublished?.(claimed.length);
    return claimed.length < batchSize ? 'lingering' : 'published';
  }

  /** Marks what was published and not yet marked; a failure leaves the claim to expire (the rows are published again). */
  async function markPublished(): Promise<void> {
    if (toMark.length === 0) return;
    const ids = toMark;
    toMark = [];
    try {
      await store.transaction('marking outbox rows sent', (ex) => markClaimedSent(ex, ids, now()));
    } catch (error) {
      log?.warn({ err: error, rows: ids.length }, 'published rows not marked sent; they are published again');
    }
  }

  async function run(): Promise<void> {
    while (running) {
      woken = false;
      const result = await once().catch((error: unknown) => {
        log?.error({ err: error }, 'relay step failed');
        failures += 1;
        return 'failed' as const;
      });
      if (result === 'idle') await sleep(pollMs);
      else if (result === 'lingering') await new Promise((resolve) => setTimeout(resolve, lingerMs));
      else if (result === 'failed') {
        // A notify does not cut a backoff short; stop does.
        woken = false;
        backingOff = true;
        await sleep(backoff());
        backingOff = false;
      }
    }
  }

  return {
    async start() {
      if (running) return;
      await store.transaction('preparing the outbox relay', (ex) => ensureLock(ex, RELAY_LOCK));
      running = true;
      loop = run();
      log?.info({ relayId }, 'outbox relay started');
    },
    async stop() {
      if (!running) return;
      running = false;
      wakeUp?.();
      await loop;
      loop = undefined;
      await markPublished();
      log?.info('outbox relay stopped');
    },
    notify() {
      if (backingOff) return;
      woken = true;
      wakeUp?.();
    },
    health() {
      if (!running) return { status: 'down', detail: 'relay is not running' };
      return failures === 0 ? { status: 'up' } : { status: 'down', detail: lastError ?? 'failing' };
    },
  };
}

function toOutgoing(row: OutboxMessage): OutgoingMessage {
  let orderingKey: string | undefined;
  try {
    orderingKey = orderingKeyOf(JSON.parse(row.payload));
  } catch {
    // Not JSON: published as it is; the consumers dead-letter it as malformed.
  }
  return { messageId: row.eventId, routingKey: row.routingKey, body: row.payload, createdAt: row.createdAt, ...(orderingKey ? { orderingKey } : {}) };
}
