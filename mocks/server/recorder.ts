/** Per-operation call counters and the last requests of a mock, for QA through the admin API. */

export interface RecordedRequest {
  readonly at: string;
  readonly operation: string;
  readonly soapVersion: '1.1' | '1.2';
  readonly status: 'ok' | 'fault';
  readonly code?: string;
  readonly durationMs: number;
  readonly requestId: string;
}

export interface OperationCounters {
  calls: number;
  ok: number;
  faults: number;
  /** Failures injected by the fault configuration (also counted in calls). */
  injected: number;
}

export class RequestRecorder {
  private readonly counters = new Map<string, OperationCounters>();
  private readonly last: RecordedRequest[] = [];

  constructor(private readonly keep = 200) {}

  record(entry: Omit<RecordedRequest, 'at'>): void {
    const counters = this.countersOf(entry.operation);
    counters.calls += 1;
    if (entry.status === 'ok') counters.ok += 1;
    else counters.faults += 1;
    this.last.push({ at: new Date().toISOString(), ...entry });
    if (this.last.length > this.keep) this.last.shift();
  }

  /** A failure injected before the handler ran (an injected contract fault is also recorded as a fault). */
  inject(operation: string, kind: string): void {
    const counters = this.countersOf(operation);
    counters.injected += 1;
    if (kind !== 'fault') counters.calls += 1;
  }

  snapshot(): Record<string, OperationCounters> {
    return Object.fromEntries([...this.counters].map(([name, counters]) => [name, { ...counters }]));
  }

  requests(limit = 50): RecordedRequest[] {
    return this.last.slice(-Math.max(0, limit));
  }

  reset(): void {
    this.counters.clear();
    this.last.length = 0;
  }

  private countersOf(operation: string): OperationCounters {
    let counters = this.counters.get(operation);
    if (!counters) {
      counters = { calls: 0, ok: 0, faults: 0, injected: 0 };
      this.counters.set(operation, counters);
    }
    return counters;
  }
}
