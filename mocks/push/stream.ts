/**
 * The bookkeeping of one long run of notices pushed through the publisher (a snapshot of a
 * back office's whole state): it hands out the source's groups one at a time, so that the
 * run is read from the state while it is sent rather than built up front, counts what was
 * queued and what the hub answered, and settles the caller's promise once every queued
 * event was acknowledged, or at the first failure that waiting cannot cure.
 */
import { PushError } from './errors.js';
import type { ChangeNotice } from './types.js';

/** What a run pushed, once the hub has answered for every event of it. */
export interface StreamReport {
  /** Events published (QA duplicates of the same event are not counted again). */
  readonly events: number;
  /** Events per payload type: balanceChanged, transactionPosted, cardStatusChanged, … */
  readonly eventTypes: Readonly<Record<string, number>>;
  /** The hub's answers by result code (ACCEPTED, DUPLICATE, STALE, REJECTED), one per delivered copy. */
  readonly results: Readonly<Record<string, number>>;
}

export class StreamFeed {
  readonly done: Promise<StreamReport>;
  private readonly groups: Iterator<readonly ChangeNotice[]>;
  private readonly eventTypes: Record<string, number> = {};
  private readonly results: Record<string, number> = {};
  private events = 0;
  /** Copies queued and not yet acknowledged. */
  private unacknowledged = 0;
  private exhausted = false;
  private failure: PushError | undefined;
  private settled = false;
  private resolve!: (report: StreamReport) => void;
  private reject!: (error: PushError) => void;

  constructor(source: Iterable<readonly ChangeNotice[]>) {
    this.groups = source[Symbol.iterator]();
    this.done = new Promise<StreamReport>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** The next group of the source; undefined once it is exhausted or the run failed. */
  next(): readonly ChangeNotice[] | undefined {
    if (this.exhausted || this.failure) return undefined;
    let step: IteratorResult<readonly ChangeNotice[]>;
    try {
      step = this.groups.next();
    } catch (error) {
      this.fail(new PushError('SOURCE_FAILED', `reading the state to push failed: ${(error as Error).message}`, { cause: error }));
      return undefined;
    }
    if (step.done) {
      this.exhausted = true;
      return undefined;
    }
    return step.value;
  }

  /** A notice of the run was queued, in `copies` copies (2 when QA mode duplicates it). */
  queued(notice: ChangeNotice, copies: number): void {
    this.events += 1;
    const type = Object.keys(notice.payload)[0]!;
    this.eventTypes[type] = (this.eventTypes[type] ?? 0) + 1;
    this.unacknowledged += copies;
  }

  acknowledged(result: string): void {
    this.unacknowledged -= 1;
    this.results[result] = (this.results[result] ?? 0) + 1;
  }

  /** Ends the run with an error; its queued events stay queued (their sequences are taken). */
  fail(error: PushError): void {
    if (this.failure || this.settled) return;
    this.failure = error;
    try {
      this.groups.return?.();
    } catch {
      // The source's own cleanup failing changes nothing about the failure being reported.
    }
  }

  /** Settles the caller's promise when the run is over; true once it is. */
  settle(): boolean {
    if (this.settled) return true;
    if (this.failure) this.reject(this.failure);
    else if (this.exhausted && this.unacknowledged === 0) this.resolve({ events: this.events, eventTypes: { ...this.eventTypes }, results: { ...this.results } });
    else return false;
    this.settled = true;
    return true;
  }
}
