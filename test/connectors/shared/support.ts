/**
 * Test support for the resilient caller: mock back offices over real HTTP, callers with
 * short timeouts and delays, counts of what a mock received, a raw HTTP server that
 * records requests and answers canned bodies, and a helper that settles many calls.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { pino } from 'pino';
import { createOperationCaller, type ConnectorSettingsInput, type ManagedOperationCaller } from '../../../connectors/shared/caller.js';
import { ConnectorError } from '../../../connectors/shared/errors.js';
import type { ConnectorMetrics } from '../../../connectors/shared/metrics.js';
import type { BackOfficeId } from '../../../connectors/shared/types.js';
import { startMocks, type RunningMocks } from '../../../mocks/index.js';
import type { RunningMock } from '../../../mocks/server/mock-server.js';

export const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** Settings that keep the suite fast: short timeout and backoff, a breaker that does not trip by accident. */
export function quickSettings(endpoint: string, overrides: Omit<Partial<ConnectorSettingsInput>, 'endpoint'> = {}): ConnectorSettingsInput {
  return {
    endpoint,
    timeoutMs: 2000,
    ...overrides,
    retries: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, ...overrides.retries },
    breaker: { failureRate: 0.5, minimumCalls: 1000, windowMs: 10_000, halfOpenAfterMs: 5000, ...overrides.breaker },
  };
}

/** Every caller made through `callerFor` is stopped by `stopCallers` (call it in afterEach). */
const callers: ManagedOperationCaller[] = [];

export async function callerFor(
  backOffice: BackOfficeId,
  endpoint: string,
  overrides: Omit<Partial<ConnectorSettingsInput>, 'endpoint'> = {},
  metrics?: ConnectorMetrics,
): Promise<ManagedOperationCaller> {
  const caller = createOperationCaller({ backOffice, settings: quickSettings(endpoint, overrides), logger: pino({ level: 'silent' }), ...(metrics ? { metrics } : {}) });
  callers.push(caller);
  await caller.start();
  return caller;
}

export async function stopCallers(): Promise<void> {
  await Promise.allSettled(callers.splice(0).map((caller) => caller.stop()));
}

export async function startQuietMocks(): Promise<RunningMocks> {
  return startMocks({ clients: 40, seed: 7 });
}

/** Calls of one operation that reached the mock (injected failures included). */
export function received(mock: RunningMock, operation: string): number {
  return mock.recorder.snapshot()[operation]?.calls ?? 0;
}

/** Resets a mock between tests: no faults, no counts. */
export function resetMock(mock: RunningMock): void {
  mock.faults.configure({});
  mock.recorder.reset();
}

export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ConnectorError };

/** Awaits every promise; a rejection must be a ConnectorError. */
export async function settleAll<T>(promises: readonly Promise<T>[]): Promise<Settled<T>[]> {
  const results = await Promise.allSettled(promises);
  return results.map((result) => {
    if (result.status === 'fulfilled') return { ok: true, value: result.value };
    expect(result.reason, String(result.reason)).to.be.instanceOf(ConnectorError);
    return { ok: false, error: result.reason as ConnectorError };
  });
}

/** Counts of each outcome: 'ok' or the error code. */
export function tally(results: readonly Settled<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) {
    const key = result.ok ? 'ok' : result.error.code;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(ConnectorError);
    return error as ConnectorError;
  }
  expect.fail('the call succeeded but should have failed');
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) expect.fail(`timed out waiting until ${what}`);
    await delay(10);
  }
}

export interface CapturedRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RawServer {
  readonly url: string;
  readonly requests: CapturedRequest[];
  close(): Promise<void>;
}

/** A bare node:http server that records each request and lets `answer` write the response. */
export async function startRawServer(answer: (request: CapturedRequest, res: ServerResponse, req: IncomingMessage) => void): Promise<RawServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      answer(request, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A GetAccount response of the core banking contract, as a back office would answer it. */
export function getAccountResponse(version: '1.1' | '1.2', accountId = 'AC-1'): string {
  const env = version === '1.1' ? 'http://schemas.xmlsoap.org/soap/envelope/' : 'http://www.w3.org/2003/05/soap-envelope';
  return `<?xml version="1.0" encoding="utf-8"?>
<env:Envelope xmlns:env="${env}"><env:Body>
<cb:GetAccountResponse xmlns:cb="urn:dbp:corebanking:v1" xmlns:cmn="urn:dbp:common:v1"><cb:account>
<cb:accountId>${accountId}</cb:accountId><cb:iban>DE89370400440532013000</cb:iban><cb:currency>EUR</cb:currency>
<cb:productCode>CUR-EUR</cb:productCode><cb:productName>Everyday Account</cb:productName><cb:type>CURRENT</cb:type><cb:status>OPEN</cb:status>
<cb:openingDate>2025-01-10</cb:openingDate><cb:ownerClientId>CL1</cb:ownerClientId>
<cb:balance><cmn:type>BOOKED</cmn:type><cmn:amount><cmn:amount>12345678901234.56</cmn:amount><cmn:currency>EUR</cmn:currency></cmn:amount><cmn:asOf>2026-11-24T09:30:00Z</cmn:asOf></cb:balance>
</cb:account></cb:GetAccountResponse>
</env:Body></env:Envelope>`;
}
