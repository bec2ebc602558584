/**
 * The RabbitMQ transport (amqplib 2). The connection uses amqplib's `recovery` option,
 * which only reconnects the connection, with exponential backoff and jitter: channels
 * and consumers of a lost connection stay dead. So everything hangs off the recovery's
 * `setup`, run after every (re)connection: declare the topology (./topology.ts), open the
 * confirm channels, start a consumer per flow and a keeper per dead-letter queue. A
 * channel the broker closes on its own (a protocol error) closes the whole connection,
 * so that one path, recovery, brings everything back.
 *
 * Publishing (the relay): persistent messages with messageId = eventId on a confirm
 * channel; publish() resolves once the broker confirmed every message, and rejects
 * (SERVICE_UNAVAILABLE) at once while disconnected, so the relay keeps its rows.
 *
 * Consuming: bounded prefetch per flow; the runtime handles each delivery in a store
 * transaction and the delivery is acked after the commit. A retryable failure is
 * republished (confirmed) to the flow's TTL queue for its attempt, which dead-letters it
 * back to the flow's queue; a permanent one to the flow's DLQ with the reason in its
 * headers; the original is acked only after that confirm. A flow ordered per aggregate
 * has a single active consumer; it handles the messages of one aggregate one at a time
 * and retries in place (holding back that aggregate only), so that order survives retries.
 *
 * The keeper moves each DLQ message into the store's dead_letter table (then acks), so
 * that operators list, replay and discard dead letters with plain SQL whatever the
 * transport.
 */
import { randomUUID } from 'node:crypto';
import amqplib, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage, type Options, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { HubError } from '../errors/catalog.js';
import type { Store } from '../store/index.js';
import type { FlowDefinition, FlowMessage, InstanceFlowDefinition } from './flow.js';
import { clip, recordDeadLetter, recordRetry } from './records.js';
import { createFlowRuntime, type Outcome } from './runtime.js';
import { declareExchange, declareFlow, declareInstanceQueue, topologyNames, type TopologyNames } from './topology.js';
import {
  checkFlow,
  DEFAULT_HANDLER_TIMEOUT_MS,
  DEFAULT_BATCH_PREFETCH,
  DEFAULT_PREFETCH,
  DEFAULT_RETRY_DELAYS_MS,
  type Bus,
  type BusHealth,
  type ConsumerTuning,
  type DeadLetter,
  type OutgoingMessage,
} from './types.js';

export interface RabbitBusOptions extends ConsumerTuning {
  /** amqp://user:password@host:5672/vhost */
  readonly url: string;
  readonly store: Store;
  readonly logger?: Logger;
  /** Prefix of every exchange and queue name (test runs, tenants); default none. */
  readonly prefix?: string;
  /** This hub instance, in fanout queue names; default a random id. */
  readonly instanceId?: string;
  /** Reconnect attempts before start() gives up; default 5 (once connected, recovery never gives up). */
  readonly connectRetries?: number;
  /** Longest pause between reconnect attempts; default 10 s. */
  readonly maxReconnectDelayMs?: number;
  /** How long a stop waits for handlers in flight; default 10 s. */
  readonly stopTimeoutMs?: number;
  readonly now?: () => Date;
  readonly onEmitted?: () => void;
  readonly onOutcome?: (flow: string, outcome: Outcome, message: FlowMessage) => void;
  readonly onLag?: (flow: string, seconds: number) => void;
}

/** Header names the bus writes. */
export const HEADERS = {
  attempt: 'x-attempt',
  routingKey: 'x-routing-key',
  orderingKey: 'x-ordering-key',
  publishedAt: 'x-published-at',
  firstFailedAt: 'x-first-failed-at',
  code: 'x-error-code',
  reason: 'x-error-reason',
  flow: 'x-flow',
  deadAt: 'x-dead-at',
  traceparent: 'traceparent',
} as const;

interface Session {
  readonly model: ChannelModel;
  readonly admin: Channel;
  readonly publisher: ConfirmChannel;
  /** Retries, dead letters and replays: separate from the relay's channel so that their confirms do not wait on each other. */
  readonly republisher: ConfirmChannel;
  /** Consumers to cancel at stop. */
  readonly consumers: { readonly channel: Channel; readonly tag: string }[];
}

type Phase = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

export function createRabbitBus(options: RabbitBusOptions): Bus {
  const { store } = options;
  const names: TopologyNames = topologyNames(options.prefix);
  const log = options.logger?.child({ component: 'bus', transport: 'rabbitmq' });
  const now = options.now ?? (() => new Date());
  const delays = options.retryDelaysMs && options.retryDelaysMs.length > 0 ? options.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS;
  const prefetch = options.prefetch ?? DEFAULT_PREFETCH;
  const batchPrefetch = options.batchPrefetch ?? DEFAULT_BATCH_PREFETCH;
  const instanceId = options.instanceId ?? randomUUID().slice(0, 8);
  const runtime = createFlowRuntime({
    store,
    ...(options.logger ? { logger: options.logger } : {}),
    retryDelaysMs: delays,
    handlerTimeoutMs: options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS,
    now,
    ...(options.onEmitted ? { onEmitted: options.onEmitted } : {}),
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
  });

  const flows: FlowDefinition[] = [];
  const instanceFlows: InstanceFlowDefinition[] = [];
  let phase: Phase = 'new';
  let connection: RecoveringChannelModel | undefined;
  let session: Session | undefined;
  let connections = 0;
  let lastError: string | undefined;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    }
  };

  /** A channel closed by the broker while the connection lives: reconnect everything. */
  const watch = (model: ChannelModel, channel: Channel, what: string): void => {
    channel.on('error', (error: Error) => log?.warn({ err: error, channel: what }, 'channel error'));
    channel.on('handler-error', (error: Error, event: string) => log?.error({ err: error, channel: what, event }, 'a channel listener threw'));
    channel.on('close', () => {
      if (session?.model !== model || phase !== 'running') return;
      log?.warn({ channel: what }, 'channel closed by the broker; reconnecting');
      session = undefined;
      model.close().catch(() => undefined);
    });
  };

  function confirmSend(channel: ConfirmChannel, queue: string, content: Buffer, properties: Options.Publish): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      try {
        channel.sendToQueue(queue, content, properties, (error: unknown) => (error ? reject(asUnavailable(error)) : resolve()));
      } catch (error) {
        reject(asUnavailable(error));
      }
    });
  }

  function headersOf(message: ConsumeMessage): Record<string, unknown> {
    return (message.properties.headers ?? {}) as Record<string, unknown>;
  }

  function flowMessageOf(message: ConsumeMessage): { base: Omit<FlowMessage, 'body'>; orderingKey?: string; publishedAt?: number; firstFailedAt?: Date } {
    const headers = headersOf(message);
    const attempt = Number(headers[HEADERS.attempt] ?? 1);
    const traceparent = typeof headers[HEADERS.traceparent] === 'string' ? (headers[HEADERS.traceparent] as string) : undefined;
    const routingKey = typeof headers[HEADERS.routingKey] === 'string' ? (headers[HEADERS.routingKey] as string) : message.fields.routingKey;
    const firstFailed = typeof headers[HEADERS.firstFailedAt] === 'string' ? new Date(headers[HEADERS.firstFailedAt] as string) : undefined;
    return {
      base: {
        messageId: String(message.properties.messageId ?? ''),
        routingKey,
        attempt: Number.isInteger(attempt) && attempt >= 1 ? attempt : 1,
        ...(traceparent ? { traceparent } : {}),
      },
      ...(typeof headers[HEADERS.orderingKey] === 'string' ? { orderingKey: headers[HEADERS.orderingKey] as string } : {}),
      ...(headers[HEADERS.publishedAt] !== undefined ? { publishedAt: Number(headers[HEADERS.publishedAt]) } : {}),
      ...(firstFailed && !Number.isNaN(firstFailed.getTime()) ? { firstFailedAt: firstFailed } : {}),
    };
  }

  /** Sends a failed delivery on (retry queue or DLQ), confirmed, then acks it; never throws. */
  async function forward(flow: FlowDefinition, channel: Channel, message: ConsumeMessage, outcome: Outcome & { kind: 'retry' | 'dead' }, firstFailedAt: Date): Promise<void> {
    const current = session;
    try {
      if (!current) throw new HubError('SERVICE_UNAVAILABLE', 'The broker connection is down.');
      const { base } = flowMessageOf(message);
      const headers: Record<string, unknown> = {
        ...headersOf(message),
        [HEADERS.routingKey]: base.routingKey,
        [HEADERS.firstFailedAt]: firstFailedAt.toISOString(),
        [HEADERS.code]: outcome.code,
        [HEADERS.reason]: clip(outcome.reason, 1000),
      };
      delete headers['x-death'];
      if (outcome.kind === 'retry') {
        headers[HEADERS.attempt] = outcome.attempt;
        await confirmSend(current.republisher, names.retryQueue(flow.name, outcome.delayMs), message.content, properties(message, headers));
      } else {
        headers[HEADERS.attempt] = outcome.attempts;
        headers[HEADERS.flow] = flow.name;
        headers[HEADERS.deadAt] = now().toISOString();
        await confirmSend(current.republisher, names.deadLetterQueue(flow.name), message.content, properties(message, headers));
      }
      safely(() => channel.ack(message));
    } catch (error) {
      log?.warn({ err: error, flow: flow.name, messageId: message.properties.messageId }, 'could not forward a failed delivery; it is delivered again');
      safely(() => channel.nack(message, false, true));
    }
  }

  const properties = (message: ConsumeMessage, headers: Record<string, unknown>): Options.Publish => ({
    persistent: true,
    contentType: 'application/json',
    ...(message.properties.messageId ? { messageId: String(message.properties.messageId) } : {}),
    headers,
  });

  function safely(action: () => void): void {
    try {
      action();
    } catch {
      // The channel is gone: the broker delivers the message again.
    }
  }

  async function noteRetry(flow: FlowDefinition, messageId: string, outcome: Outcome & { kind: 'retry' }, firstFailedAt: Date): Promise<void> {
    try {
      await store.transaction('noting a retry', (ex) =>
        recordRetry(ex, { flow: flow.name, messageId, attempts: outcome.attempt - 1, code: outcome.code, reason: outcome.reason, firstFailedAt, nextAttemptAt: new Date(now().getTime() + outcome.delayMs) }),
      );
    } catch (error) {
      log?.warn({ err: error, flow: flow.name, messageId }, 'could not note the retry');
    }
  }

  /** One delivery of a flow's queue, start to ack; never throws. */
  async function onDelivery(flow: FlowDefinition, channel: Channel, message: ConsumeMessage): Promise<void> {
    const { base, publishedAt, firstFailedAt } = flowMessageOf(message);
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch (error) {
      const outcome = runtime.malformed(flow, { ...base, body: message.content.toString('utf8') }, `the body is not JSON: ${(error as Error).message}`);
      if (outcome.kind === 'dead') await forward(flow, channel, message, outcome, firstFailedAt ?? now());
      return;
    }
    let delivery: FlowMessage = { ...base, body };
    let first = firstFailedAt;
    for (;;) {
      const outcome = await runtime.deliver(flow, delivery);
      if (outcome.kind === 'processed' || outcome.kind === 'duplicate') {
        if (publishedAt !== undefined && Number.isFinite(publishedAt)) options.onLag?.(flow.name, Math.max(0, (now().getTime() - publishedAt) / 1000));
        safely(() => channel.ack(message));
        return;
      }
      first ??= now();
      if (outcome.kind === 'dead') {
        await forward(flow, channel, message, outcome, first);
        return;
      }
      await noteRetry(flow, delivery.messageId, outcome, first);
      if (flow.ordering !== 'per-aggregate') {
        await forward(flow, channel, message, outcome, first);
        return;
      }
      // Ordered: wait here, holding back this aggregate only.
      await pause(outcome.delayMs);
      if (phase !== 'running' || session?.model === undefined) return; // redelivered after reconnecting
      delivery = { ...delivery, attempt: outcome.attempt };
    }
  }

  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  async function startFlow(model: ChannelModel, flow: FlowDefinition): Promise<void> {
    const channel = await model.createChannel();
    watch(model, channel, `flow ${flow.name}`);
    await channel.prefetch(flow.handleBatch ? batchPrefetch : prefetch);
    // Per-aggregate chains: the messages of one aggregate are handled one after the other.
    const chains = new Map<string, Promise<void>>();
    const { consumerTag } = await channel.consume(names.queue(flow.name), (message) => {
      if (!message) return;
      const run = (): Promise<void> => track(() => onDelivery(flow, channel, message)).catch((error: unknown) => log?.error({ err: error, flow: flow.name }, 'delivery failed'));
      if (flow.ordering !== 'per-aggregate') {
        void run();
        return;
      }
      const key = flowMessageOf(message).orderingKey ?? '';
      const next = (chains.get(key) ?? Promise.resolve()).then(run);
      chains.set(key, next);
      void next.then(() => {
        if (chains.get(key) === next) chains.delete(key);
      });
    });
    session?.consumers.push({ channel, tag: consumerTag });

    const keeper = await model.createChannel();
    watch(model, keeper, `dead letters of ${flow.name}`);
    await keeper.prefetch(16);
    const kept = await keeper.consume(names.deadLetterQueue(flow.name), (message) => {
      if (message) void track(() => keep(flow, keeper, message));
    });
    session?.consumers.push({ channel: keeper, tag: kept.consumerTag });
  }

  /** Moves one DLQ message into the dead_letter table, then acks it; never throws. */
  async function keep(flow: FlowDefinition, channel: Channel, message: ConsumeMessage): Promise<void> {
    const headers = headersOf(message);
    const { base, orderingKey, firstFailedAt } = flowMessageOf(message);
    const at = typeof headers[HEADERS.deadAt] === 'string' ? new Date(headers[HEADERS.deadAt] as string) : now();
    const letter: DeadLetter = {
      flow: flow.name,
      messageId: base.messageId || `unidentified-${randomUUID()}`,
      routingKey: base.routingKey,
      body: message.content.toString('utf8'),
      ...(base.traceparent ? { traceparent: base.traceparent } : {}),
      ...(orderingKey ? { orderingKey } : {}),
      code: String(headers[HEADERS.code] ?? 'UNKNOWN'),
      reason: String(headers[HEADERS.reason] ?? 'no reason recorded'),
      attempts: base.attempt,
      firstFailedAt: firstFailedAt ?? at,
      deadAt: Number.isNaN(at.getTime()) ? now() : at,
    };
    try {
      await store.transaction('keeping a dead letter', (ex) => recordDeadLetter(ex, letter));
      safely(() => channel.ack(message));
    } catch (error) {
      log?.warn({ err: error, flow: flow.name, messageId: letter.messageId }, 'could not keep a dead letter; trying again later');
      setTimeout(() => safely(() => channel.nack(message, false, true)), 5000).unref();
    }
  }

  async function startInstanceFlow(model: ChannelModel, flow: InstanceFlowDefinition, reconnected: boolean): Promise<void> {
    const channel = await model.createChannel();
    watch(model, channel, `fanout ${flow.name}`);
    const queue = await declareInstanceQueue(channel, names, flow, instanceId);
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        try {
          const { base } = flowMessageOf(message);
          const delivery: FlowMessage = { ...base, body: JSON.parse(message.content.toString('utf8')) };
          Promise.resolve(flow.handle(delivery)).catch((error: unknown) => log?.warn({ err: error, flow: flow.name }, 'fanout consumer failed'));
        } catch (error) {
          log?.warn({ err: error, flow: flow.name }, 'fanout consumer failed');
        }
      },
      { noAck: true },
    );
    if (reconnected) {
      try {
        flow.resync?.();
      } catch (error) {
        log?.warn({ err: error, flow: flow.name }, 'fanout resync failed');
      }
    }
  }

  /** Runs after every (re)connection, before the connection is handed out. */
  async function setup(model: ChannelModel): Promise<void> {
    const reconnected = connections > 0;
    const admin = await model.createChannel();
    watch(model, admin, 'admin');
    await declareExchange(admin, names);
    for (const flow of flows) await declareFlow(admin, names, flow, delays);
    const publisher = await model.createConfirmChannel();
    watch(model, publisher, 'publisher');
    const republisher = await model.createConfirmChannel();
    watch(model, republisher, 'republisher');
    session = { model, admin, publisher, republisher, consumers: [] };
    for (const flow of flows) await startFlow(model, flow);
    for (const flow of instanceFlows) await startInstanceFlow(model, flow, reconnected);
    connections += 1;
    lastError = undefined;
    log?.info({ flows: flows.map((flow) => flow.name), reconnected }, 'connected to the broker');
  }

  const asUnavailable = (error: unknown): HubError =>
    error instanceof HubError ? error : new HubError('SERVICE_UNAVAILABLE', 'The message broker did not accept the message.', { cause: error });

  function running(): Session {
    if (phase !== 'running') throw new HubError('SERVICE_UNAVAILABLE', 'The bus is not running.');
    if (!session) throw new HubError('SERVICE_UNAVAILABLE', 'The message broker is unreachable; retrying.');
    return session;
  }

  const bus: Bus = {
    kind: 'rabbitmq',
    get flows() {
      return [...flows];
    },
    async start() {
      if (phase === 'running') return;
      if (phase !== 'new') throw new HubError('SERVICE_UNAVAILABLE', 'The bus was stopped and cannot start again.');
      phase = 'starting';
      try {
        const model = await amqplib.connect(options.url, {
          clientProperties: { connection_name: `dbp-hub ${instanceId}` },
          recovery: {
            initialDelay: 200,
            maxDelay: options.maxReconnectDelayMs ?? 10_000,
            maxRetries: Infinity,
            initialMaxRetries: options.connectRetries ?? 5,
            setup: async (channelModel: ChannelModel) => {
              channelModel.on('error', (error: Error) => log?.warn({ err: error }, 'broker connection error'));
              await setup(channelModel);
            },
          },
        });
        model.on('disconnect', (error: Error) => {
          session = undefined;
          lastError = error.message;
          if (phase === 'running') log?.warn({ err: error }, 'lost the broker connection; reconnecting');
        });
        model.on('connect-failed', (error: Error) => {
          lastError = error.message;
        });
        model.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) => log?.info({ attempt, delayMs: delay }, 'reconnecting to the broker'));
        model.on('error', (error: Error) => log?.warn({ err: error }, 'broker connection error'));
        connection = model;
        phase = phase === 'starting' ? 'running' : phase;
        if (phase !== 'running') await model.close().catch(() => undefined);
      } catch (error) {
        phase = 'new';
        session = undefined;
        throw new HubError('SERVICE_UNAVAILABLE', 'The message broker is unreachable.', { cause: error });
      }
    },
    async stop() {
      if (phase === 'stopping' || phase === 'stopped') return;
      const was = phase;
      phase = 'stopping';
      if (was === 'running' && session) {
        // Consumers first: no new deliveries; handlers in flight finish and ack (bounded).
        for (const { channel, tag } of session.consumers) await channel.cancel(tag).catch(() => undefined);
      }
      if (inFlight > 0) {
        const drained = new Promise<void>((resolve) => (idle = resolve));
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, options.stopTimeoutMs ?? 10_000)))]);
        clearTimeout(timer);
      }
      session = undefined;
      await connection?.close().catch((error: unknown) => log?.warn({ err: error }, 'closing the broker connection failed'));
      connection = undefined;
      phase = 'stopped';
      log?.info('bus stopped');
    },
    async health(): Promise<BusHealth> {
      if (phase !== 'running') return { status: 'down', detail: `bus is ${phase}` };
      return session ? { status: 'up' } : { status: 'down', detail: `broker unreachable${lastError ? `: ${lastError}` : ''}` };
    },
    async publish(messages: readonly OutgoingMessage[]) {
      if (messages.length === 0) return;
      const { publisher } = running();
      const at = now().getTime();
      const confirms = messages.map(
        (message) =>
          new Promise<void>((resolve, reject) => {
            const headers: Record<string, unknown> = { [HEADERS.publishedAt]: message.createdAt?.getTime() ?? at };
            if (message.orderingKey) headers[HEADERS.orderingKey] = message.orderingKey;
            if (message.traceparent) headers[HEADERS.traceparent] = message.traceparent;
            try {
              publisher.publish(
                names.exchange,
                message.routingKey,
                Buffer.from(message.body, 'utf8'),
                { persistent: true, messageId: message.messageId, contentType: 'application/json', timestamp: Math.floor(at / 1000), headers },
                (error: unknown) => (error ? reject(asUnavailable(error)) : resolve()),
              );
            } catch (error) {
              reject(asUnavailable(error));
            }
          }),
      );
      // Every confirm settles (a closed channel fails the ones outstanding); report the first failure.
      const results = await Promise.allSettled(confirms);
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
    },
    async consume(flow) {
      checkFlow(flow, [...flows.map((each) => each.name), ...instanceFlows.map((each) => each.name)]);
      flows.push(flow);
      const current = session;
      if (phase === 'running' && current) {
        try {
          await declareFlow(current.admin, names, flow, delays);
          await startFlow(current.model, flow);
        } catch (error) {
          // Recovery declares and starts it with the others.
          log?.warn({ err: error, flow: flow.name }, 'could not start the flow now; it starts on reconnection');
        }
      }
    },
    async consumeOnEveryInstance(flow) {
      checkFlow(flow, [...flows.map((each) => each.name), ...instanceFlows.map((each) => each.name)]);
      instanceFlows.push(flow);
      const current = session;
      if (phase === 'running' && current) await startInstanceFlow(current.model, flow, false).catch((error: unknown) => log?.warn({ err: error, flow: flow.name }, 'could not start the fanout consumer now'));
    },
    async requeue(letter) {
      const { republisher } = running();
      const headers: Record<string, unknown> = { [HEADERS.attempt]: 1, [HEADERS.routingKey]: letter.routingKey, [HEADERS.publishedAt]: now().getTime() };
      if (letter.orderingKey) headers[HEADERS.orderingKey] = letter.orderingKey;
      if (letter.traceparent) headers[HEADERS.traceparent] = letter.traceparent;
      await confirmSend(republisher, names.queue(letter.flow), Buffer.from(letter.body, 'utf8'), { persistent: true, messageId: letter.messageId, contentType: 'application/json', headers });
    },
    async depths() {
      const { admin } = running();
      const counts: Record<string, number> = {};
      for (const flow of flows) {
        let total = 0;
        for (const queue of [names.queue(flow.name), ...new Set(delays.map((delay) => names.retryQueue(flow.name, delay)))]) total += (await admin.checkQueue(queue)).messageCount;
        counts[flow.name] = total;
      }
      return counts;
    },
  };
  return bus;
}
