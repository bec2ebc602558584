/**
 * Prometheus metrics of the connectors, on the registry the hub passes in (its own, never
 * prom-client's global one), named with the `dbp_connector_` prefix and labelled by
 * `back_office`. Registered once per registry: every connector of a hub shares the same
 * series objects, and a second call with the same registry answers the same instance.
 * Gauges (circuit state, bulkhead places) are read from each connector when scraped.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BackOfficeId } from './types.js';

/** How a call ended, as the latency histogram labels it. */
export type CallOutcome = 'ok' | 'fault' | 'failed' | 'rejected' | 'cancelled';

export type CircuitStateName = 'closed' | 'open' | 'half-open';
/** Gauge values of dbp_connector_circuit_state. */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitStateName, number>> = { closed: 0, 'half-open': 1, open: 2 };

/** Upper bounds in seconds: back office calls live between a few milliseconds and the timeout. */
export const CALL_DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface ConnectorGaugeSource {
  circuit(): CircuitStateName;
  active(): number;
  queued(): number;
}

export interface ConnectorMetrics {
  /** One finished call() of a typed client (a coalesced caller counts as a call of its own). */
  callFinished(backOffice: BackOfficeId, operation: string, outcome: CallOutcome, seconds: number): void;
  /** A failed call, by error code. */
  error(backOffice: BackOfficeId, code: string): void;
  /** One more attempt of a call after a retryable failure. */
  retry(backOffice: BackOfficeId, operation: string): void;
  /** A read that joined an identical one in flight instead of calling the back office. */
  coalesced(backOffice: BackOfficeId, operation: string): void;
  /** Reads a connector's gauges at each scrape until the returned function is called. */
  track(backOffice: BackOfficeId, source: ConnectorGaugeSource): () => void;
}

const PREFIX = 'dbp_connector_';
const perRegistry = new WeakMap<Registry, ConnectorMetrics>();

export function createConnectorMetrics(registry: Registry): ConnectorMetrics {
  const existing = perRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const sources = new Map<BackOfficeId, ConnectorGaugeSource>();

  const duration = new Histogram({
    name: `${PREFIX}call_duration_seconds`,
    help: 'Time of a connector call as its caller sees it (queueing, retries and backoff included), by back office, operation and outcome (ok, fault, failed, rejected, cancelled).',
    labelNames: ['back_office', 'operation', 'outcome'] as const,
    buckets: [...CALL_DURATION_BUCKETS],
    registers,
  });
  const errors = new Counter({
    name: `${PREFIX}errors_total`,
    help: 'Failed connector calls by back office and error code (contract fault codes and the connector\'s own).',
    labelNames: ['back_office', 'code'] as const,
    registers,
  });
  const retries = new Counter({
    name: `${PREFIX}retries_total`,
    help: 'Attempts made after a retryable failure (a call retried twice counts 2), by back office and operation.',
    labelNames: ['back_office', 'operation'] as const,
    registers,
  });
  const coalesced = new Counter({
    name: `${PREFIX}coalesced_calls_total`,
    help: 'Reads that joined an identical read in flight instead of calling the back office, by back office and operation.',
    labelNames: ['back_office', 'operation'] as const,
    registers,
  });
  const gauge = (name: string, help: string, read: (source: ConnectorGaugeSource) => number): void => {
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      labelNames: ['back_office'] as const,
      registers,
      collect(this: Gauge<'back_office'>) {
        this.reset();
        for (const [backOffice, source] of sources) this.set({ back_office: backOffice }, read(source));
      },
    });
  };
  gauge('circuit_state', 'State of the back office\'s circuit breaker: 0 closed, 1 half-open, 2 open.', (source) => CIRCUIT_STATE_VALUES[source.circuit()]);
  gauge('bulkhead_active', 'Calls under way to the back office (bulkhead places taken).', (source) => source.active());
  gauge('bulkhead_queued', 'Calls waiting for a bulkhead place.', (source) => source.queued());

  const metrics: ConnectorMetrics = {
    callFinished(backOffice, operation, outcome, seconds) {
      duration.observe({ back_office: backOffice, operation, outcome }, seconds >= 0 && Number.isFinite(seconds) ? seconds : 0);
    },
    error(backOffice, code) {
      errors.inc({ back_office: backOffice, code });
    },
    retry(backOffice, operation) {
      retries.inc({ back_office: backOffice, operation });
    },
    coalesced(backOffice, operation) {
      coalesced.inc({ back_office: backOffice, operation });
    },
    track(backOffice, source) {
      sources.set(backOffice, source);
      return () => {
        if (sources.get(backOffice) === source) sources.delete(backOffice);
      };
    },
  };
  perRegistry.set(registry, metrics);
  return metrics;
}
