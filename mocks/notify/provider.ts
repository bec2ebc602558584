/**
 * One mock notification provider (SMS or push) over HTTP, as a vendor's message API would
 * behave: `POST <path>` with a JSON message and an Idempotency-Key header answers 202 with
 * the message's id. A repeat with the same key and the same body answers the first answer
 * again (header Idempotent-Replayed: true) and sends nothing; the same key with another
 * body is 422 IDEMPOTENCY_CONFLICT. A missing key is 400; an invalid message 422.
 *
 * Fault injection: failNext(n) makes the next n message requests answer an error status
 * (503 by default, optionally with Retry-After); with `afterAccept` the message is accepted
 * and recorded first and only the answer is lost, as when a connection drops after the
 * provider took the message. Everything received is recorded for tests and QA.
 *
 * Admin (for QA running the platform): GET /admin/messages lists what was accepted,
 * DELETE /admin/messages forgets it, POST /admin/fail-next {count, status?, retryAfterSeconds?, afterAccept?}.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendProblem } from '../../common/http/problem.js';

export type NotifyProviderKind = 'sms' | 'push';

export interface ReceivedMessage {
  /** The id this provider gave the message. */
  readonly id: string;
  readonly idempotencyKey: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
}

export interface FailureOptions {
  /** Status of the failed answers; default 503. */
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  /** Accept and record the message, then answer the failure (the answer is "lost"). */
  readonly afterAccept?: boolean;
}

export interface RunningNotifyProvider {
  readonly kind: NotifyProviderKind;
  /** The message endpoint to configure in the hub. */
  readonly url: string;
  /** Messages accepted, once per idempotency key, in order. */
  received(): readonly ReceivedMessage[];
  /** Message requests seen, whatever their answer (repeats and failures included). */
  requestCount(): number;
  /** The next `count` message requests fail as described. */
  failNext(count: number, options?: FailureOptions): void;
  /** Forgets received messages, keys, counts and pending failures. */
  reset(): void;
  stop(): Promise<void>;
}

export interface NotifyProviderOptions {
  readonly kind: NotifyProviderKind;
  readonly host?: string;
  readonly port?: number;
}

const PATHS: Readonly<Record<NotifyProviderKind, string>> = { sms: '/v1/messages', push: '/v1/notifications' };
const MAX_BODY = 64 * 1024;
const E164 = /^\+[1-9][0-9]{6,14}$/;

interface Remembered {
  readonly fingerprint: string;
  readonly status: number;
  readonly answer: string;
}

export async function startNotifyProvider(options: NotifyProviderOptions): Promise<RunningNotifyProvider> {
  const path = PATHS[options.kind];
  let received: ReceivedMessage[] = [];
  let keys = new Map<string, Remembered>();
  let requests = 0;
  let failures: FailureOptions[] = [];

  const handleMessage = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    requests += 1;
    const failure = failures.shift();
    if (failure && !failure.afterAccept) return fail(res, failure);
    const key = header(req, 'idempotency-key');
    if (!key || key.length > 255) return sendProblem(res, { status: 400, code: 'IDEMPOTENCY_KEY_REQUIRED', title: 'Idempotency-Key header required', detail: 'Send 1 to 255 characters of Idempotency-Key.' });
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return sendProblem(res, { status: 400, code: 'MALFORMED_REQUEST', title: 'Malformed request', detail: 'The body must be a JSON object.' });
    }
    const previous = keys.get(key);
    const fingerprint = JSON.stringify(body);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        return sendProblem(res, { status: 422, code: 'IDEMPOTENCY_CONFLICT', title: 'Idempotency key reused with other content', detail: `Key ${key} was used for another message.` });
      }
      if (failure) return fail(res, failure);
      res.writeHead(previous.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
      return void res.end(previous.answer);
    }
    const invalid = problemOf(options.kind, body);
    if (invalid) return sendProblem(res, { status: 422, code: 'INVALID_MESSAGE', title: 'Invalid message', detail: invalid });
    const id = `${options.kind}-${randomUUID()}`;
    const answer = JSON.stringify({ id, status: 'ACCEPTED' });
    keys.set(key, { fingerprint, status: 202, answer });
    received.push({ id, idempotencyKey: key, body, headers: flatHeaders(req), receivedAt: new Date() });
    if (failure) return fail(res, failure);
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(answer);
  };

  const handleAdmin = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    if (req.method === 'GET') return json(res, 200, { messages: received });
    if (req.method === 'DELETE') {
      received = [];
      keys = new Map();
      return json(res, 200, { cleared: true });
    }
    try {
      const { count, ...failure } = JSON.parse(raw) as { count?: unknown } & FailureOptions;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new Error('count');
      provider.failNext(count, failure);
      return json(res, 200, { failing: failures.length });
    } catch {
      return sendProblem(res, { status: 400, code: 'MALFORMED_REQUEST', title: 'Malformed request', detail: 'Send {"count": n, "status"?: code, "retryAfterSeconds"?: s, "afterAccept"?: bool}.' });
    }
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const route =
      url.pathname === path && req.method === 'POST'
        ? handleMessage
        : url.pathname === '/admin/messages' && (req.method === 'GET' || req.method === 'DELETE')
          ? handleAdmin
          : url.pathname === '/admin/fail-next' && req.method === 'POST'
            ? handleAdmin
            : undefined;
    if (!route) return sendProblem(res, { status: 404, code: 'NOT_FOUND', title: 'No such resource', detail: `${req.method} ${url.pathname}` });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return sendProblem(res, { status: 413, code: 'MESSAGE_TOO_LARGE', title: 'Message too large' });
      route(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopped: Promise<void> | undefined;

  const provider: RunningNotifyProvider = {
    kind: options.kind,
    url: `http://${host}:${address.port}${path}`,
    received: () => [...received],
    requestCount: () => requests,
    failNext(count, failure = {}) {
      for (let index = 0; index < count; index += 1) failures.push(failure);
    },
    reset() {
      received = [];
      keys = new Map();
      requests = 0;
      failures = [];
    },
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      })),
  };
  return provider;
}

function fail(res: ServerResponse, failure: FailureOptions): void {
  const status = failure.status ?? 503;
  const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
  sendProblem(res, { status, code: status >= 500 ? 'SERVICE_UNAVAILABLE' : 'REJECTED', title: 'Injected failure', detail: `The mock was told to answer ${status}.` }, headers);
}

/** What is wrong with a message, or undefined. */
function problemOf(kind: NotifyProviderKind, body: Record<string, unknown>): string | undefined {
  const nonEmpty = (name: string, max: number): string | undefined => {
    const value = body[name];
    return typeof value === 'string' && value.trim().length > 0 && value.length <= max ? undefined : `${name} must be text of 1 to ${max} characters`;
  };
  if (kind === 'sms') {
    if (typeof body.to !== 'string' || !E164.test(body.to)) return 'to must be a phone number in E.164 form (+4915112345678)';
    return nonEmpty('text', 1600);
  }
  return nonEmpty('to', 128) ?? nonEmpty('title', 200) ?? nonEmpty('body', 2000);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(req.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
