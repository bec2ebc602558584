/**
 * The HTTP exchange under node-soap (its `httpClient` option), on node:http / node:https
 * with one keep-alive connection pool per connector. node-soap builds the envelope and
 * parses the answer; this module only moves bytes, and does so in a way the caller can
 * classify: whether the connection failed before any response (CONNECTION_FAILED), a
 * response was cut off or too large (BAD_RESPONSE), or a whole response arrived (its
 * status and body are kept in the exchange record for the fault and status checks).
 * The per-call AbortSignal aborts the exchange, which is how timeouts and cancellation
 * reach the socket.
 */
import http from 'node:http';
import https from 'node:https';
import type { IHttpClient } from 'soap';

export type TransportFailureKind = 'connection' | 'truncated' | 'too-large' | 'aborted';

/** Why an exchange produced no complete response. */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Filled in by the transport for one exchange; passed through node-soap's per-call options. */
export interface Exchange {
  status?: number;
  body?: string;
}

export interface TransportOptions {
  readonly agent: http.Agent;
  readonly maxResponseBytes: number;
}

/** Options node-soap hands back to the transport for each call. */
interface CallOptions {
  readonly signal?: AbortSignal;
  readonly exchange?: Exchange;
}

type SoapCallback = (error: unknown, response?: { status: number; headers: http.IncomingHttpHeaders; data: string }, body?: string) => void;

export function createHttpTransport(options: TransportOptions): IHttpClient {
  const request = (url: string, data: unknown, callback: SoapCallback, headers: Record<string, unknown> = {}, callOptions: CallOptions = {}): void => {
    let settled = false;
    const finish: SoapCallback = (...args) => {
      if (settled) return;
      settled = true;
      callback(...args);
    };
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const body = Buffer.from(typeof data === 'string' ? data : String(data), 'utf8');
    const outgoing: http.OutgoingHttpHeaders = { accept: 'text/xml, application/soap+xml', 'user-agent': 'dbp-hub-connector' };
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string' || typeof value === 'number') outgoing[name.toLowerCase()] = value;
    }
    outgoing['content-length'] = body.length;

    const signal = callOptions.signal;
    if (signal?.aborted) return finish(new TransportFailure('aborted', 'the call was aborted before it was sent'));
    const req = client.request(target, { method: 'POST', agent: options.agent, headers: outgoing, ...(signal ? { signal } : {}) });
    let responded = false;
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError' || signal?.aborted) return finish(new TransportFailure('aborted', 'the exchange was aborted', { cause: error }));
      if (responded) return finish(new TransportFailure('truncated', `the response was cut off: ${error.message}`, { cause: error }));
      finish(new TransportFailure('connection', `${error.code ?? error.name}: ${error.message}`, { cause: error }));
    });
    req.on('response', (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      let received = 0;
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxResponseBytes) {
          finish(new TransportFailure('too-large', `the response exceeds ${options.maxResponseBytes} bytes`));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('close', () => {
        if (!res.complete) finish(new TransportFailure(signal?.aborted ? 'aborted' : 'truncated', signal?.aborted ? 'the exchange was aborted' : 'the response was cut off'));
      });
      res.on('error', (error) => {
        if (signal?.aborted) return finish(new TransportFailure('aborted', 'the exchange was aborted', { cause: error }));
        finish(new TransportFailure('truncated', `the response was cut off: ${error.message}`, { cause: error }));
      });
      res.on('end', () => {
        if (!res.complete) return finish(new TransportFailure('truncated', 'the response was cut off'));
        // Decoded once from all chunks, so that a character split across TCP packets stays whole.
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (callOptions.exchange) {
          callOptions.exchange.status = status;
          callOptions.exchange.body = text;
        }
        finish(null, { status, headers: res.headers, data: text }, text);
      });
    });
    req.end(body);
  };

  return {
    request(url, data, callback, headers, callOptions) {
      request(url, data, callback, headers as Record<string, unknown> | undefined, callOptions as CallOptions | undefined);
      // node-soap does not use the returned value of a custom client.
      return Promise.resolve() as unknown as ReturnType<IHttpClient['request']>;
    },
  };
}

/** The connection pool of one connector: keep-alive, at most `maxSockets` connections, TLS material when given. */
export function createAgent(options: { readonly https: boolean; readonly maxSockets: number; readonly tls?: https.AgentOptions }): http.Agent {
  // timeout: an idle pooled connection is closed after 4 s, before a server's usual 5 s keep-alive
  // ends it under a new request (Node also honours a server's Keep-Alive: timeout= hint).
  const common = { keepAlive: true, timeout: 4000, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, scheduling: 'lifo' as const };
  return options.https ? new https.Agent({ ...common, ...options.tls }) : new http.Agent(common);
}
