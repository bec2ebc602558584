/**
 * Fault injection of a mock back office: latency distributions, error rates by kind,
 * outage windows and throttling, per operation, plus the named chaos profiles QA asks
 * for. A decision is made before the handler runs, so an injected failure never changes
 * state, exactly like a back office that failed before doing the work.
 */

export type LatencySpec =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly sigma: number };

export type ErrorKind = 'fault' | 'http5xx' | 'reset' | 'truncate';

export interface OperationFaults {
  readonly latency?: LatencySpec;
  /** Share of calls that fail, 0 to 1. */
  readonly errorRate?: number;
  /** Relative weights of the ways a call fails; default: contract faults only. */
  readonly errorKinds?: Partial<Readonly<Record<ErrorKind, number>>>;
  /** The code of injected contract faults; default SERVICE_UNAVAILABLE. */
  readonly faultCode?: string;
}

export interface OutageWindow {
  /** ISO timestamps; the outage covers from ≤ now < to. */
  readonly from: string;
  readonly to: string;
}

export interface Throttle {
  /** Calls served at once; beyond it the mock fails fast with THROTTLED, as a weak ABS does. */
  readonly maxConcurrent?: number;
  /** Calls accepted per second (a sliding one-second window). */
  readonly ratePerSecond?: number;
}

export interface FaultConfig {
  readonly profile?: string;
  readonly default?: OperationFaults;
  readonly operations?: Readonly<Record<string, OperationFaults>>;
  readonly outages?: readonly OutageWindow[];
  readonly throttle?: Throttle;
}

export type Decision =
  | { readonly kind: 'pass'; readonly delayMs: number }
  | { readonly kind: 'fault'; readonly delayMs: number; readonly code: string; readonly reason: string }
  | { readonly kind: 'http5xx' | 'reset' | 'truncate'; readonly delayMs: number; readonly reason: string };

/** Named chaos profiles. Each is a plain FaultConfig that QA can also read and adapt. */
export function chaosProfile(name: string, now: Date = new Date()): FaultConfig | undefined {
  switch (name) {
    case 'none':
      return { profile: 'none' };
    case 'payday-overload':
      // A weak ABS on payday: 100 requests/s and 20 at once, slow when busy.
      return {
        profile: name,
        default: { latency: { kind: 'lognormal', medianMs: 80, sigma: 0.6 } },
        throttle: { maxConcurrent: 20, ratePerSecond: 100 },
      };
    case 'end-of-day-window':
      // The nightly close: the system answers SERVICE_UNAVAILABLE for fifteen minutes.
      return {
        profile: name,
        outages: [{ from: now.toISOString(), to: new Date(now.getTime() + 15 * 60_000).toISOString() }],
      };
    case 'flaky-network':
      return {
        profile: name,
        default: {
          latency: { kind: 'uniform', minMs: 20, maxMs: 300 },
          errorRate: 0.1,
          errorKinds: { reset: 2, truncate: 1, http5xx: 1 },
        },
      };
    case 'slow-core':
      // Every call takes three seconds: longer than any sensible client timeout.
      return { profile: name, default: { latency: { kind: 'fixed', ms: 3000 } } };
    case 'outage':
      return { profile: name, default: { errorRate: 1, errorKinds: { http5xx: 1 } } };
    default:
      return undefined;
  }
}

export const CHAOS_PROFILES = ['none', 'payday-overload', 'end-of-day-window', 'flaky-network', 'slow-core', 'outage'] as const;

export class FaultConfigError extends Error {
  override readonly name = 'FaultConfigError';
}

/** Checks a configuration received over the admin API or the command line. */
export function validateFaultConfig(value: unknown): FaultConfig {
  const fail = (message: string): never => {
    throw new FaultConfigError(message);
  };
  if (!isObject(value)) fail('the fault configuration must be a JSON object');
  const config = value as Record<string, unknown>;
  const known = new Set(['profile', 'default', 'operations', 'outages', 'throttle']);
  for (const key of Object.keys(config)) if (!known.has(key)) fail(`unknown key ${key}`);
  if (config.default !== undefined) checkOperation(config.default, 'default', fail);
  if (config.operations !== undefined) {
    if (!isObject(config.operations)) fail('operations must be an object of operation name → faults');
    for (const [name, faults] of Object.entries(config.operations as Record<string, unknown>)) checkOperation(faults, `operations.${name}`, fail);
  }
  if (config.outages !== undefined) {
    if (!Array.isArray(config.outages)) fail('outages must be an array');
    for (const window of config.outages as unknown[]) {
      if (!isObject(window) || Number.isNaN(Date.parse(String(window.from))) || Number.isNaN(Date.parse(String(window.to)))) {
        fail('each outage needs ISO timestamps from and to');
      }
    }
  }
  if (config.throttle !== undefined) {
    if (!isObject(config.throttle)) fail('throttle must be an object');
    const throttle = config.throttle as Record<string, unknown>;
    for (const key of ['maxConcurrent', 'ratePerSecond']) {
      if (throttle[key] !== undefined && !(Number.isInteger(throttle[key]) && (throttle[key] as number) > 0)) fail(`throttle.${key} must be a positive integer`);
    }
  }
  return config as FaultConfig;
}

function checkOperation(value: unknown, where: string, fail: (message: string) => never): void {
  if (!isObject(value)) fail(`${where} must be an object`);
  const faults = value as Record<string, unknown>;
  if (faults.errorRate !== undefined && !(typeof faults.errorRate === 'number' && faults.errorRate >= 0 && faults.errorRate <= 1)) {
    fail(`${where}.errorRate must be a number from 0 to 1`);
  }
  if (faults.latency !== undefined) {
    const latency = faults.latency as Record<string, unknown>;
    const numbers = (...keys: string[]): boolean => keys.every((key) => typeof latency[key] === 'number' && (latency[key] as number) >= 0);
    const ok =
      isObject(latency) &&
      ((latency.kind === 'fixed' && numbers('ms')) ||
        (latency.kind === 'uniform' && numbers('minMs', 'maxMs') && (latency.minMs as number) <= (latency.maxMs as number)) ||
        (latency.kind === 'lognormal' && numbers('medianMs', 'sigma')));
    if (!ok) fail(`${where}.latency must be fixed {ms}, uniform {minMs, maxMs} or lognormal {medianMs, sigma}`);
  }
  if (faults.errorKinds !== undefined) {
    if (!isObject(faults.errorKinds)) fail(`${where}.errorKinds must be an object`);
    for (const [kind, weight] of Object.entries(faults.errorKinds as Record<string, unknown>)) {
      if (!['fault', 'http5xx', 'reset', 'truncate'].includes(kind)) fail(`${where}.errorKinds.${kind} is not fault, http5xx, reset or truncate`);
      if (typeof weight !== 'number' || weight < 0) fail(`${where}.errorKinds.${kind} must be a non-negative number`);
    }
  }
  if (faults.faultCode !== undefined && !(typeof faults.faultCode === 'string' && /^[A-Z][A-Z0-9_]+$/.test(faults.faultCode))) {
    fail(`${where}.faultCode must be a fault code such as SERVICE_UNAVAILABLE`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decides, call by call, what the mock does; holds the throttling state. */
export class FaultInjector {
  private config: FaultConfig = {};
  private inFlight = 0;
  private readonly recent: number[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  configure(config: FaultConfig): void {
    this.config = config;
    this.recent.length = 0;
  }

  current(): FaultConfig {
    return this.config;
  }

  /** Call when a request arrives; pair every `pass` decision with `release()` when it ends. */
  decide(operation: string, now: Date): Decision {
    const faults = { ...this.config.default, ...this.config.operations?.[operation] };
    const delayMs = this.latency(faults.latency);
    const at = now.getTime();
    if (this.config.outages?.some((window) => Date.parse(window.from) <= at && at < Date.parse(window.to))) {
      return { kind: 'fault', delayMs: 0, code: 'SERVICE_UNAVAILABLE', reason: 'outage window' };
    }
    const throttle = this.config.throttle;
    if (throttle?.ratePerSecond !== undefined) {
      while (this.recent.length > 0 && this.recent[0]! <= at - 1000) this.recent.shift();
      if (this.recent.length >= throttle.ratePerSecond) return { kind: 'fault', delayMs: 0, code: 'THROTTLED', reason: 'rate limit' };
    }
    if (throttle?.maxConcurrent !== undefined && this.inFlight >= throttle.maxConcurrent) {
      return { kind: 'fault', delayMs: 0, code: 'THROTTLED', reason: 'concurrency limit' };
    }
    if (faults.errorRate !== undefined && faults.errorRate > 0 && this.random() < faults.errorRate) {
      const kind = this.pickKind(faults.errorKinds);
      if (kind === 'fault') return { kind, delayMs, code: faults.faultCode ?? 'SERVICE_UNAVAILABLE', reason: 'injected error' };
      return { kind, delayMs, reason: 'injected error' };
    }
    if (throttle?.ratePerSecond !== undefined) this.recent.push(at);
    this.inFlight += 1;
    return { kind: 'pass', delayMs };
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  private latency(spec: LatencySpec | undefined): number {
    if (!spec) return 0;
    switch (spec.kind) {
      case 'fixed':
        return spec.ms;
      case 'uniform':
        return spec.minMs + this.random() * (spec.maxMs - spec.minMs);
      case 'lognormal': {
        // Box–Muller: a standard normal from two uniforms, then exp(mu + sigma·z).
        const z = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
        return spec.medianMs * Math.exp(spec.sigma * z);
      }
    }
  }

  private pickKind(weights: OperationFaults['errorKinds']): ErrorKind {
    const entries = Object.entries(weights ?? { fault: 1 }).filter(([, weight]) => (weight ?? 0) > 0) as [ErrorKind, number][];
    if (entries.length === 0) return 'fault';
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.random() * total;
    for (const [kind, weight] of entries) {
      roll -= weight;
      if (roll < 0) return kind;
    }
    return entries[entries.length - 1]![0];
  }
}
