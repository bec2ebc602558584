/**
 * Dead letters for operators, whatever the transport: they live in the store's
 * dead_letter table (the embedded transport writes them there directly, the RabbitMQ
 * keeper moves them there from each flow's DLQ), so listing, replay and discard are plain
 * SQL. Replay puts the message back on its flow's queue as a first attempt, then removes
 * the dead letter; should the removal fail after the requeue, the message is replayed
 * twice at worst and the flow's idempotency absorbs it.
 */
import { HubError } from '../errors/catalog.js';
import type { Store } from '../store/index.js';
import { countDeadLetters, deadLetter, listDeadLetters, removeDeadLetter, type DeadLetterPage } from './records.js';
import type { Bus, DeadLetter } from './types.js';

export interface DeadLetterQuery {
  readonly flow?: string;
  /** `next` of the previous page. */
  readonly after?: string;
  /** 1 to 500; default 50. */
  readonly limit?: number;
}

export interface DeadLetters {
  list(query?: DeadLetterQuery): Promise<DeadLetterPage>;
  /** NOT_FOUND when there is none. */
  get(flow: string, messageId: string): Promise<DeadLetter>;
  replay(flow: string, messageId: string): Promise<DeadLetter>;
  discard(flow: string, messageId: string): Promise<DeadLetter>;
  /** Dead letters per flow. */
  counts(): Promise<Record<string, number>>;
}

export function createDeadLetters(options: { readonly store: Pick<Store, 'query' | 'transaction'>; readonly bus: Pick<Bus, 'requeue'> }): DeadLetters {
  const { store, bus } = options;
  const get = async (flow: string, messageId: string): Promise<DeadLetter> => {
    const letter = await store.query('reading a dead letter', (ex) => deadLetter(ex, flow, messageId));
    if (!letter) throw new HubError('NOT_FOUND', `no dead letter ${messageId} in flow ${flow}`);
    return letter;
  };
  return {
    async list(query = {}) {
      const limit = query.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new HubError('INVALID_REQUEST', 'limit must be a whole number from 1 to 500', { field: 'limit' });
      try {
        return await store.query('listing dead letters', (ex) =>
          listDeadLetters(ex, { limit, ...(query.flow !== undefined ? { flow: query.flow } : {}), ...(query.after !== undefined ? { after: query.after } : {}) }),
        );
      } catch (error) {
        if (error instanceof HubError && error.cause instanceof RangeError) throw new HubError('INVALID_REQUEST', error.cause.message, { field: 'after' });
        throw error;
      }
    },
    get,
    async replay(flow, messageId) {
      const letter = await get(flow, messageId);
      await bus.requeue(letter);
      await store.transaction('removing a replayed dead letter', (ex) => removeDeadLetter(ex, flow, messageId));
      return letter;
    },
    async discard(flow, messageId) {
      const letter = await get(flow, messageId);
      const removed = await store.transaction('discarding a dead letter', (ex) => removeDeadLetter(ex, flow, messageId));
      if (!removed) throw new HubError('NOT_FOUND', `no dead letter ${messageId} in flow ${flow}`);
      return letter;
    },
    counts: () => store.query('counting dead letters', countDeadLetters),
  };
}
