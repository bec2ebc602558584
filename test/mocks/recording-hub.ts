/** Test stand-ins for the hub side of the push: a CacheControl endpoint that records what it gets. */
import type { PlainObject } from '../../common/soap/codec.js';
import type { ServiceHandlers } from '../../mocks/server/types.js';

/** A stand-in CacheControl endpoint on the mock server framework: records what it is sent. */
export function recordingCacheControl(received: PlainObject[], headers: string[][]): ServiceHandlers {
  const seen = new Set<string>();
  return {
    PublishEvents: (request) => {
      const events = request.event as PlainObject[];
      headers.push(events.map((event) => String(event.eventId)));
      return {
        result: events.map((event) => {
          const duplicate = seen.has(String(event.eventId));
          seen.add(String(event.eventId));
          if (!duplicate) received.push(event);
          return { eventId: String(event.eventId), result: duplicate ? 'DUPLICATE' : 'ACCEPTED', lastSequence: String(event.sequence) };
        }),
      };
    },
    GetLastSequence: (request) => ({ aggregate: request.aggregate as PlainObject, lastSequence: '0', resyncPending: false }),
    RequestResync: (request) => ({ aggregate: request.aggregate as PlainObject, resyncId: 'resync-1' }),
  };
}

export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
