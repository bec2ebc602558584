/**
 * Support of the bus tests: the two transports the same suite runs on (embedded always;
 * RabbitMQ from AMQP_URL or the local default, required when CI=true), each on a store of
 * its own in a temporary directory, with topology names under a prefix unique to the test
 * so that runs never see each other's messages; the queues are deleted afterwards.
 */
import { unavailable } from '../support/services.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqplib from 'amqplib';
import { createEmbeddedBus } from '../../hub/bus/embedded.js';
import { createRabbitBus } from '../../hub/bus/rabbitmq.js';
import { flowQueues, topologyNames } from '../../hub/bus/topology.js';
import type { Bus, ConsumerTuning } from '../../hub/bus/types.js';
import type { Outcome } from '../../hub/bus/runtime.js';
import type { FlowMessage } from '../../hub/bus/flow.js';
import { createStore, type Store } from '../../hub/store/index.js';

export const AMQP_URL = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';

/** Fast retries for tests. */
export const TEST_TUNING: Required<ConsumerTuning> = { retryDelaysMs: [100, 300], handlerTimeoutMs: 3000, prefetch: 16, batchPrefetch: 64 };

export interface OutcomeLog {
  readonly flow: string;
  readonly outcome: Outcome;
  readonly message: FlowMessage;
}

export interface Harness {
  readonly store: Store;
  readonly bus: Bus;
  readonly outcomes: OutcomeLog[];
  /** The same topology as another hub instance sees it (RabbitMQ only: a second connection, a second store handle is not needed). */
  another?(instanceId: string): Bus;
  dispose(): Promise<void>;
}

export interface TransportTarget {
  readonly name: 'embedded' | 'rabbitmq';
  available(): Promise<boolean>;
  create(tuning?: Partial<ConsumerTuning>): Promise<Harness>;
}

let serial = 0;

async function tempStore(): Promise<{ store: Store; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dbp-bus-'));
  const store = createStore({ dataDir, sqliteSynchronous: 'NORMAL' });
  await store.start();
  return { store, dataDir };
}

export const embeddedTarget: TransportTarget = {
  name: 'embedded',
  available: async () => true,
  async create(tuning = {}) {
    const { store, dataDir } = await tempStore();
    const outcomes: OutcomeLog[] = [];
    const bus = createEmbeddedBus({ store, ...TEST_TUNING, ...tuning, pollIntervalMs: 50, onOutcome: (flow, outcome, message) => outcomes.push({ flow, outcome, message }) });
    return {
      store,
      bus,
      outcomes,
      async dispose() {
        await bus.stop();
        await store.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export async function brokerAvailable(): Promise<boolean> {
  try {
    const connection = await amqplib.connect(AMQP_URL);
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/** Deletes the queues of these flows and the exchange under a prefix. */
export async function deleteTopology(prefix: string, flows: readonly string[], delays: readonly number[]): Promise<void> {
  const names = topologyNames(prefix);
  const connection = await amqplib.connect(AMQP_URL);
  try {
    const channel = await connection.createChannel();
    for (const flow of flows) for (const queue of flowQueues(names, flow, delays)) await channel.deleteQueue(queue);
    await channel.deleteExchange(names.exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

export const rabbitTarget: TransportTarget = {
  name: 'rabbitmq',
  available: brokerAvailable,
  async create(tuning = {}) {
    const { store, dataDir } = await tempStore();
    const prefix = `test.${process.pid}.${Date.now().toString(36)}.${(serial += 1)}.`;
    const outcomes: OutcomeLog[] = [];
    const buses: Bus[] = [];
    const open = (instanceId: string): Bus => {
      const bus = createRabbitBus({
        url: AMQP_URL,
        store,
        prefix,
        instanceId,
        ...TEST_TUNING,
        ...tuning,
        connectRetries: 1,
        onOutcome: (flow, outcome, message) => outcomes.push({ flow, outcome, message }),
      });
      buses.push(bus);
      return bus;
    };
    const bus = open('one');
    return {
      store,
      bus,
      outcomes,
      another: open,
      async dispose() {
        const flows = new Set(buses.flatMap((each) => each.flows.map((flow) => flow.name)));
        for (const each of buses) await each.stop();
        await deleteTopology(prefix, [...flows], tuning.retryDelaysMs ?? TEST_TUNING.retryDelaysMs).catch(() => undefined);
        await store.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const TRANSPORTS: readonly TransportTarget[] = [embeddedTarget, rabbitTarget];

/**
 * Declares `suite` once per transport, as `${prefix} (${name})`. A broker that does not
 * answer skips the RabbitMQ suite locally and fails it when CI=true.
 */
export function forEachTransport(prefix: string, suite: (target: TransportTarget) => void): void {
  for (const target of TRANSPORTS) {
    describe(`${prefix} (${target.name})`, function () {
      before(async function () {
        if (!(await target.available())) unavailable(this, `${target.name} does not answer`);
      });
      suite(target);
    });
  }
}

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
