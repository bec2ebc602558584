/**
 * The bus: which transport (RabbitMQ when an AMQP URL is configured, the embedded one
 * otherwise), the outbox relay, dead letters for operators, and what the composition
 * root wires. See docs/bus.md.
 */
import type { Logger } from 'pino';
import type { HubMetrics } from '../observability/metrics.js';
import type { Store } from '../store/index.js';
import { createEmbeddedBus } from './embedded.js';
import { createRabbitBus } from './rabbitmq.js';
import type { Outcome } from './runtime.js';
import type { Bus, ConsumerTuning } from './types.js';

export * from './types.js';
export { createEmbeddedBus, type EmbeddedBusOptions } from './embedded.js';
export { createRabbitBus, type RabbitBusOptions } from './rabbitmq.js';
export { createOutboxRelay, type OutboxRelay, type RelayOptions } from './relay.js';
export { createDeadLetters, type DeadLetters, type DeadLetterQuery } from './dead-letters.js';
export { BUS_ADMIN_ROUTES, createBusAdmin, type BusAdmin, type BusAdminOptions } from './admin.js';
export { eventJourney, type EventJourney } from './journey.js';
export type { Outcome } from './runtime.js';

export interface BusOptions extends ConsumerTuning {
  readonly store: Store;
  readonly logger?: Logger;
  readonly metrics?: Pick<HubMetrics, 'flowOutcome' | 'flowLag'>;
  /** RabbitMQ when set (amqp://…); the embedded transport otherwise. */
  readonly amqpUrl?: string;
  /** Prefix of exchange and queue names (RabbitMQ). */
  readonly prefix?: string;
  /** This hub instance (RabbitMQ fanout queue names). */
  readonly instanceId?: string;
  /** Told after a flow committed outbox rows: wire it to the relay's notify(). */
  readonly onEmitted?: () => void;
}

export function createBus(options: BusOptions): Bus {
  const { metrics } = options;
  const common = {
    store: options.store,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    ...(options.handlerTimeoutMs ? { handlerTimeoutMs: options.handlerTimeoutMs } : {}),
    ...(options.prefetch ? { prefetch: options.prefetch } : {}),
    ...(options.batchPrefetch ? { batchPrefetch: options.batchPrefetch } : {}),
    ...(options.onEmitted ? { onEmitted: options.onEmitted } : {}),
    ...(metrics
      ? {
          onOutcome: (flow: string, outcome: Outcome) => metrics.flowOutcome(flow, outcome.kind),
          onLag: (flow: string, seconds: number) => metrics.flowLag(flow, seconds),
        }
      : {}),
  };
  return options.amqpUrl
    ? createRabbitBus({ ...common, url: options.amqpUrl, ...(options.prefix ? { prefix: options.prefix } : {}), ...(options.instanceId ? { instanceId: options.instanceId } : {}) })
    : createEmbeddedBus(common);
}
