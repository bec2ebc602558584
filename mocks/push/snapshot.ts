/**
 * The initial load of a back office: before its changes mean anything to the hub, a bank
 * connecting a back office pushes the current state of everything it holds. Each mock
 * gives that state as a lazy source of notice groups (its `snapshot`); this module checks
 * what a caller asks for and runs one snapshot at a time per back office through the same
 * publisher as its live changes.
 */
import { PushError } from './errors.js';
import type { EventPublisher, StreamReport } from './publisher.js';
import type { ChangeNotice } from './types.js';

/** The most entries per account a snapshot sends, so that one account stays one bounded group. */
export const MAX_RECENT_ENTRIES = 1000;

export interface SnapshotOptions {
  /** Core banking: the most recent entries of each account sent as TransactionPosted (booked and pending together); default 20. */
  readonly recentEntries?: number;
}

/** Checks snapshot options, from code or from a JSON body; INVALID_SNAPSHOT_OPTIONS when they are wrong. */
export function snapshotOptions(input: unknown): SnapshotOptions {
  if (input === undefined) return {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalid('the snapshot options must be a JSON object');
  const { recentEntries, ...rest } = input as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw invalid(`unknown snapshot option ${extra.sort().join(', ')}; known: recentEntries`);
  if (recentEntries === undefined) return {};
  if (typeof recentEntries !== 'number' || !Number.isInteger(recentEntries) || recentEntries < 0 || recentEntries > MAX_RECENT_ENTRIES) {
    throw invalid(`recentEntries must be a whole number from 0 to ${MAX_RECENT_ENTRIES}`);
  }
  return { recentEntries };
}

function invalid(message: string): PushError {
  return new PushError('INVALID_SNAPSHOT_OPTIONS', message);
}

/** A back office's state as notice groups, read as they are pulled. */
export type SnapshotSource = (options: SnapshotOptions) => Iterable<readonly ChangeNotice[]>;

/** Pushes one back office's snapshot through its publisher, refusing a second one while the first runs. */
export class SnapshotPusher {
  private running = false;

  constructor(
    private readonly name: string,
    private readonly source: SnapshotSource,
    /** Absent when the back office runs without a CacheControl endpoint. */
    private readonly publisher: EventPublisher | undefined,
  ) {}

  /** Resolves once the hub acknowledged every event of the snapshot; rejects with a PushError. */
  async push(options: SnapshotOptions = {}): Promise<StreamReport> {
    if (!this.publisher) throw new PushError('PUSH_NOT_CONFIGURED', `${this.name} runs without a CacheControl endpoint to push to`);
    if (this.running) throw new PushError('SNAPSHOT_RUNNING', `a snapshot of ${this.name} is already being pushed`);
    this.running = true;
    try {
      return await this.publisher.publishStream(this.source(snapshotOptions(options)));
    } finally {
      this.running = false;
    }
  }
}
