/**
 * Pushes a mock back office's changes to a CacheControl endpoint (the hub), as a real
 * back office does: per-aggregate sequence numbers, batches, WS-Security UsernameToken
 * (PasswordDigest), and retries with backoff while the hub is down, so that nothing is
 * dropped. QA modes deliver duplicates and out-of-order events on purpose.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { findContract } from '../../common/contracts/catalog.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { escapeText, type EncodableObject, type PlainObject } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { CONTENT_TYPES, EnvelopeError, buildEnvelope, parseEnvelope } from '../../common/soap/envelope.js';
import type { Clock } from '../server/types.js';
import type { ChangeNotice, EventSink } from './types.js';

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PASSWORD_DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const SCHEMA_VERSION = '1.0';

export type SourceSystem = 'CORE_BANKING' | 'CARDS' | 'CRM';

export interface PublisherOptions {
  /** The CacheControl endpoint ("http://127.0.0.1:8080/soap/CacheControl"). */
  readonly endpoint: string;
  readonly sourceSystem: SourceSystem;
  readonly username: string;
  readonly password: string;
  readonly clock: Clock;
  /** Events per PublishEvents call, 1 to 1000; default 100. */
  readonly batchSize?: number;
  /** How long a new event may wait for others to fill a batch; default 50 ms. */
  readonly lingerMs?: number;
  /** Backoff after a failed delivery: first delay and cap; defaults 200 ms and 30 s. */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** QA: share of events also delivered a second time (same eventId), 0 to 1. */
  readonly duplicateRate?: number;
  /** QA: share of batches whose events are sent in reverse order, 0 to 1. */
  readonly reorderRate?: number;
  readonly random?: () => number;
  readonly timeoutMs?: number;
  readonly onDeliveryError?: (error: unknown, attempt: number) => void;
  /** Called with the hub's answer for each delivered batch, in request order. */
  readonly onResults?: (results: readonly { readonly eventId: string; readonly result: string }[]) => void;
}

export interface PublisherStats {
  readonly queued: number;
  readonly delivered: number;
  /** Outcomes reported by the hub, by result code. */
  readonly results: Readonly<Record<string, number>>;
  readonly failedAttempts: number;
}

interface PendingEvent {
  readonly eventId: string;
  readonly value: EncodableObject;
}

export class EventPublisher implements EventSink {
  private readonly queue: PendingEvent[] = [];
  private readonly sequences = new Map<string, number>();
  private readonly codec = createContractCodec(findContract('cache-control')!);
  private readonly request: string;
  private readonly response: string;
  private readonly results: Record<string, number> = {};
  private delivered = 0;
  private failedAttempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private attempt = 0;
  private stopped = false;

  constructor(private readonly options: PublisherOptions) {
    const batch = options.batchSize ?? 100;
    if (!Number.isInteger(batch) || batch < 1 || batch > 1000) throw new RangeError('batchSize must be 1 to 1000');
    const publish = loadWsdlModel(findContract('cache-control')!).operations.find((op) => op.name === 'PublishEvents')!;
    this.request = publish.input;
    this.response = publish.output;
  }

  publish(notice: ChangeNotice): void {
    if (this.stopped) throw new Error('the publisher is stopped');
    const key = `${notice.aggregateType}:${notice.aggregateId}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    const event: PendingEvent = {
      eventId: randomUUID(),
      value: {
        sourceSystem: this.options.sourceSystem,
        aggregate: { aggregateType: notice.aggregateType, aggregateId: notice.aggregateId },
        sequence,
        occurredAt: notice.occurredAt.toISOString(),
        schemaVersion: SCHEMA_VERSION,
        ...notice.payload,
      },
    };
    this.queue.push(event);
    if (this.random() < (this.options.duplicateRate ?? 0)) this.queue.push(event);
    this.schedule(this.options.lingerMs ?? 50);
  }

  stats(): PublisherStats {
    return { queued: this.queue.length, delivered: this.delivered, results: { ...this.results }, failedAttempts: this.failedAttempts };
  }

  /** Delivers everything queued, retrying with backoff, until done or the time is up; then stops. */
  async stop(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped = true;
    await this.sending;
    let failures = 0;
    while (this.queue.length > 0 && Date.now() < deadline) {
      if (await this.flushOnce(deadline)) failures = 0;
      else await sleep(Math.min(this.backoff(++failures), Math.max(0, deadline - Date.now())));
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.sending || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sending = this.flushOnce().then((ok) => {
        this.sending = undefined;
        this.attempt = ok ? 0 : this.attempt + 1;
        if (this.queue.length > 0) this.schedule(ok ? 0 : this.backoff(this.attempt));
      });
    }, delayMs);
    this.timer.unref();
  }

  /** Sends one batch from the head of the queue; true when the hub acknowledged it. */
  private async flushOnce(deadline?: number): Promise<boolean> {
    const count = Math.min(this.queue.length, this.options.batchSize ?? 100);
    if (count === 0) return true;
    const batch = this.queue.slice(0, count);
    const ordered = this.random() < (this.options.reorderRate ?? 0) ? [...batch].reverse() : batch;
    try {
      const outcomes = await this.deliver(ordered, deadline);
      this.queue.splice(0, count);
      this.delivered += count;
      for (const outcome of outcomes) this.results[outcome.result] = (this.results[outcome.result] ?? 0) + 1;
      this.options.onResults?.(outcomes);
      return true;
    } catch (error) {
      this.failedAttempts += 1;
      this.options.onDeliveryError?.(error, this.failedAttempts);
      return false;
    }
  }

  private async deliver(batch: readonly PendingEvent[], deadline?: number): Promise<{ eventId: string; result: string }[]> {
    const payload = this.codec.encode(this.request, { event: batch.map((event) => ({ eventId: event.eventId, ...event.value })) }, '    ');
    const body = buildEnvelope('1.1', payload, this.securityHeader());
    const timeout = Math.min(this.options.timeoutMs ?? 10_000, deadline === undefined ? Infinity : Math.max(1, deadline - Date.now()));
    const response = await fetch(this.options.endpoint, {
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPES['1.1'], soapaction: `"urn:dbp:cachecontrol:v1/PublishEvents"` },
      body,
      signal: AbortSignal.timeout(timeout),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`CacheControl answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    let decoded: PlainObject;
    try {
      decoded = this.codec.decode(parseEnvelope(text).payload);
    } catch (error) {
      const reason = error instanceof EnvelopeError || error instanceof Error ? error.message : String(error);
      throw new Error(`CacheControl answered an unreadable response: ${reason}`);
    }
    const results = (decoded.result ?? []) as PlainObject[];
    if (results.length !== batch.length) throw new Error(`CacheControl answered ${results.length} results for ${batch.length} events`);
    return results.map((result) => ({ eventId: String(result.eventId), result: String(result.result) }));
  }

  private securityHeader(): string {
    const nonce = randomBytes(16);
    const created = this.options.clock.now().toISOString();
    const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(this.options.password)])).digest('base64');
    return `    <wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" soap:mustUnderstand="1" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
      <wsse:UsernameToken>
        <wsse:Username>${escapeText(this.options.username)}</wsse:Username>
        <wsse:Password Type="${PASSWORD_DIGEST}">${digest}</wsse:Password>
        <wsse:Nonce EncodingType="${BASE64}">${nonce.toString('base64')}</wsse:Nonce>
        <wsu:Created>${created}</wsu:Created>
      </wsse:UsernameToken>
    </wsse:Security>`;
  }

  private backoff(attempt: number): number {
    const base = this.options.retryBaseMs ?? 200;
    const max = this.options.retryMaxMs ?? 30_000;
    const exponential = Math.min(max, base * 2 ** (attempt - 1));
    return exponential / 2 + this.random() * (exponential / 2);
  }

  private random(): number {
    return (this.options.random ?? Math.random)();
  }
}
