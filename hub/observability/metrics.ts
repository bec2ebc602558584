/**
 * The hub's Prometheus metrics, on a registry of its own: prom-client's global default
 * registry is never touched, so that a test can run several hubs in one process and a
 * library that registers metrics globally cannot collide with ours.
 *
 * Callers get typed helpers instead of the prom-client objects, so that label names and
 * values stay consistent across the code base (a typo in a label would silently split a
 * series). `registry` is exposed for parts that need a metric of their own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const EVENT_RESULTS = ['ACCEPTED', 'DUPLICATE', 'STALE', 'REJECTED'] as const;
export type EventResult = (typeof EVENT_RESULTS)[number];

/** Upper bounds in seconds: fine from 1 ms to 500 ms, where the hub's requests live, plus a tail. */
export const HTTP_DURATION_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export type OutboxDepthSource = () => number | Promise<number>;
/** Values per flow name, read at scrape time (queue depths, dead letters). */
export type PerFlowSource = () => Readonly<Record<string, number>> | Promise<Readonly<Record<string, number>>>;

/** What became of one delivery to a flow (hub/bus/runtime.ts). */
export const FLOW_OUTCOMES = ['processed', 'duplicate', 'retry', 'dead'] as const;
export type FlowOutcome = (typeof FLOW_OUTCOMES)[number];

export interface MetricsOptions {
  /** Prefix of the hub's own metric names; the Node process metrics keep their standard names. */
  readonly prefix?: string;
  /** Register prom-client's Node process metrics (CPU, memory, event loop lag, GC). Default true. */
  readonly defaultMetrics?: boolean;
  /** Labels added to every series (for example `{ instance: 'hub-1' }`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Told when the outbox depth cannot be read at scrape time; the gauge then reads NaN. */
  readonly onCollectError?: (error: unknown, metric: string) => void;
}

export interface RenderedMetrics {
  readonly contentType: string;
  readonly body: string;
}

export interface HubMetrics {
  readonly registry: Registry;
  /** One finished HTTP request; `route` must be a normalised route, never a raw path. */
  httpRequest(route: string, method: string, status: number, seconds: number): void;
  cacheHit(cache: string, count?: number): void;
  cacheMiss(cache: string, count?: number): void;
  /** Results of one batch of change events from a back office (`source`: its authenticated id). */
  eventResults(source: string, counts: Partial<Readonly<Record<EventResult, number>>>): void;
  /** Gaps found in per-aggregate sequence numbers (events that must have been lost or are late). */
  sequenceGaps(source: string, count?: number): void;
  /** One read through to a back office (cache miss or marked aggregate), by aggregate type and outcome. */
  readThrough(aggregateType: string, outcome: string): void;
  /** One aggregate's resynchronisation, by outcome. */
  resyncResult(outcome: string): void;
  /** What the outbox depth gauge reads at each scrape; undefined stops reading (the gauge stays at its last value). */
  setOutboxDepthSource(source: OutboxDepthSource | undefined): void;
  /** One delivery to a flow and what became of it. */
  flowOutcome(flow: string, outcome: FlowOutcome): void;
  /** Seconds from publishing to handling of the last message a flow handled. */
  flowLag(flow: string, seconds: number): void;
  /** Outbox rows the relay published (confirmed) or failed to publish. */
  relayPublished(count: number): void;
  relayFailed(count: number): void;
  /** What the per-flow queue depth gauge reads at each scrape; undefined stops reading. */
  setFlowDepthSource(source: PerFlowSource | undefined): void;
  /** What the per-flow dead letter gauge reads at each scrape; undefined stops reading. */
  setDeadLetterSource(source: PerFlowSource | undefined): void;
  /** The Prometheus text exposition of every metric, for GET /metrics. */
  render(): Promise<RenderedMetrics>;
}

export function createMetrics(options: MetricsOptions = {}): HubMetrics {
  const prefix = options.prefix ?? 'dbp_';
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels({ ...options.labels });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const registers = [registry];
  const httpRequests = new Counter({
    name: `${prefix}http_requests_total`,
    help: 'HTTP requests answered, by normalised route, method and status class (2xx, 4xx, …).',
    labelNames: ['route', 'method', 'status_class'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'Time from receiving an HTTP request to the end of its response, by normalised route, method and status class.',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: [...HTTP_DURATION_BUCKETS],
    registers,
  });
  const cacheLookups = new Counter({
    name: `${prefix}cache_lookups_total`,
    help: 'Cache lookups by cache name and result (hit or miss).',
    labelNames: ['cache', 'result'] as const,
    registers,
  });
  const changeEvents = new Counter({
    name: `${prefix}change_events_total`,
    help: 'Change events received on CacheControl by source system and result (ACCEPTED, DUPLICATE, STALE, REJECTED).',
    labelNames: ['source', 'result'] as const,
    registers,
  });
  const sequenceGaps = new Counter({
    name: `${prefix}sequence_gaps_total`,
    help: 'Gaps found in the per-aggregate sequence numbers of change events, by source system.',
    labelNames: ['source'] as const,
    registers,
  });

  const readThroughs = new Counter({
    name: `${prefix}read_through_total`,
    help: 'Platform API reads that went to a back office, by aggregate type and outcome (loaded, stale, unavailable, not_found, superseded).',
    labelNames: ['aggregate_type', 'outcome'] as const,
    registers,
  });
  const resyncs = new Counter({
    name: `${prefix}resyncs_total`,
    help: 'Aggregates reloaded after a sequence gap or RequestResync, by outcome (resynced, gone, superseded, failed).',
    labelNames: ['outcome'] as const,
    registers,
  });

  let outboxSource: OutboxDepthSource | undefined;
  const outboxName = `${prefix}outbox_depth`;
  new Gauge({
    name: outboxName,
    help: 'Outbox rows not yet confirmed by the message broker, read when scraped.',
    registers,
    // prom-client calls collect with the gauge as `this` before each scrape.
    async collect(this: Gauge) {
      if (!outboxSource) return;
      try {
        this.set(await outboxSource());
      } catch (error) {
        this.set(Number.NaN);
        options.onCollectError?.(error, outboxName);
      }
    },
  });

  const flowOutcomes = new Counter({
    name: `${prefix}flow_messages_total`,
    help: 'Deliveries to flows by flow and outcome (processed, duplicate, retry, dead).',
    labelNames: ['flow', 'outcome'] as const,
    registers,
  });
  const flowLag = new Gauge({
    name: `${prefix}flow_lag_seconds`,
    help: 'Seconds from publishing to handling of the last message each flow handled.',
    labelNames: ['flow'] as const,
    registers,
  });
  const relayMessages = new Counter({
    name: `${prefix}relay_messages_total`,
    help: 'Outbox rows the relay published (confirmed by the bus) or failed to publish (kept for a later attempt).',
    labelNames: ['result'] as const,
    registers,
  });
  const perFlowGauge = (name: string, help: string): { set(source: PerFlowSource | undefined): void } => {
    let source: PerFlowSource | undefined;
    new Gauge({
      name,
      help,
      labelNames: ['flow'] as const,
      registers,
      async collect(this: Gauge<'flow'>) {
        if (!source) return;
        try {
          const values = await source();
          this.reset();
          for (const [flow, value] of Object.entries(values)) this.set({ flow }, value);
        } catch (error) {
          options.onCollectError?.(error, name);
        }
      },
    });
    return { set: (next) => (source = next) };
  };
  const flowDepth = perFlowGauge(`${prefix}flow_queue_depth`, 'Messages waiting for each flow (ready and in delayed retry), read when scraped.');
  const deadLetters = perFlowGauge(`${prefix}dead_letters`, 'Dead letters kept for each flow (waiting for an operator to replay or discard them), read when scraped.');

  return {
    registry,
    flowOutcome(flow, outcome) {
      flowOutcomes.inc({ flow, outcome });
    },
    flowLag(flow, seconds) {
      if (Number.isFinite(seconds) && seconds >= 0) flowLag.set({ flow }, seconds);
    },
    relayPublished(count) {
      relayMessages.inc({ result: 'published' }, amount(count));
    },
    relayFailed(count) {
      relayMessages.inc({ result: 'failed' }, amount(count));
    },
    setFlowDepthSource(source) {
      flowDepth.set(source);
    },
    setDeadLetterSource(source) {
      deadLetters.set(source);
    },
    httpRequest(route, method, status, seconds) {
      const labels = { route, method, status_class: statusClass(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds >= 0 && Number.isFinite(seconds) ? seconds : 0);
    },
    cacheHit(cache, count = 1) {
      cacheLookups.inc({ cache, result: 'hit' }, amount(count));
    },
    cacheMiss(cache, count = 1) {
      cacheLookups.inc({ cache, result: 'miss' }, amount(count));
    },
    eventResults(source, counts) {
      // Every result of a source gets a series, zero or not, so that rate() over REJECTED
      // works (and alerts can fire) from the first batch on.
      for (const result of EVENT_RESULTS) changeEvents.inc({ source, result }, amount(counts[result] ?? 0));
    },
    sequenceGaps(source, count = 1) {
      sequenceGaps.inc({ source }, amount(count));
    },
    readThrough(aggregateType, outcome) {
      readThroughs.inc({ aggregate_type: aggregateType, outcome });
    },
    resyncResult(outcome) {
      resyncs.inc({ outcome });
    },
    setOutboxDepthSource(source) {
      outboxSource = source;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** A metric must never break the request that records it: a bad count (negative, NaN) counts as zero. */
function amount(count: number): number {
  return count > 0 && Number.isFinite(count) ? count : 0;
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** '2xx' for 200–299 and so on; anything outside 100–599 counts as '5xx' (a bug on our side). */
export function statusClass(status: number): string {
  return STATUS_CLASSES[Math.floor(status / 100) - 1] ?? '5xx';
}
