/**
 * An open-loop load: each journey starts at its time in a schedule, whatever happened to
 * the journeys before it, as people open a banking app on payday whether or not the bank
 * is coping. A slow server then shows as latency and errors; a closed loop (the next
 * request waits for the last answer) would instead slow the arrivals down and hide it.
 */
import { request as httpRequest, type Agent } from 'node:http';

export interface OpenLoopResult {
  /** From the first due start to the end of the last journey. */
  readonly elapsedMs: number;
  /** The latest any journey started after its due time: large values mean the load generator itself fell behind. */
  readonly maxLagMs: number;
}

/** `count` start times spread at random (uniformly) over `seconds`, in ascending order, in ms from the start. */
export function uniformArrivals(count: number, seconds: number, random: () => number): number[] {
  return Array.from({ length: count }, () => random() * seconds * 1000).sort((a, b) => a - b);
}

/** Starts journey i at offsetsMs[i] (ascending) and resolves when every journey has ended. */
export async function runOpenLoop(offsetsMs: readonly number[], journey: (index: number) => Promise<void>): Promise<OpenLoopResult> {
  const started = performance.now();
  const running: Promise<void>[] = [];
  let next = 0;
  let maxLagMs = 0;
  await new Promise<void>((resolve) => {
    const dispatch = (): void => {
      const now = performance.now() - started;
      while (next < offsetsMs.length && offsetsMs[next]! <= now) {
        maxLagMs = Math.max(maxLagMs, now - offsetsMs[next]!);
        // A journey records its own failures; one that throws must not stop the others.
        running.push(journey(next).catch(() => undefined));
        next += 1;
      }
      if (next < offsetsMs.length) setTimeout(dispatch, Math.min(50, Math.max(0, offsetsMs[next]! - now)));
      else resolve();
    };
    dispatch();
  });
  await Promise.all(running);
  return { elapsedMs: performance.now() - started - (offsetsMs[0] ?? 0), maxLagMs };
}

export interface TimedAnswer {
  /** The HTTP status; 0 when there was no answer (connection error or timeout). */
  readonly status: number;
  /** From the call to the end of the body, queueing for a socket included. */
  readonly ms: number;
  readonly body: string;
}

/** GET on the loopback with a bearer token; never throws. */
export function timedGet(agent: Agent, port: number, path: string, token: string, timeoutMs: number): Promise<TimedAnswer> {
  const begin = performance.now();
  return new Promise((resolve) => {
    const failed = (): void => resolve({ status: 0, ms: performance.now() - begin, body: '' });
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - begin, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', failed);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', failed);
    req.end();
  });
}
