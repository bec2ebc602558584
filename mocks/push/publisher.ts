/**
 * Pushes a mock back office's changes to a CacheControl endpoint (the hub), as a real
 * back office does: per-aggregate sequence numbers, batches, WS-Security UsernameToken
 * (PasswordDigest), and retries with backoff while the hub is down, so that nothing is
 * dropped. QA modes deliver duplicates and out-of-order events on purpose.
 *
 * A long run of notices (a snapshot of the whole state, see publishStream) shares the same
 * queue, sequences and retries as the live changes, but is pulled from its source only
 * while the queue has room, so that its memory stays bounded whatever its size.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { findContract } from '../../common/contracts/catalog.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import { escapeText, type EncodableObject, type PlainObject } from '../../common/soap/codec.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../common/soap/http.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { CONTENT_TYPES, EnvelopeError, buildEnvelope, parseEnvelope } from '../../common/soap/envelope.js';
import type { Clock } from '../server/types.js';
import { PermanentDeliveryError, PushError } from './errors.js';
import { deliveryFailure } from './refusal.js';
import { StreamFeed, type StreamReport } from './stream.js';
import type { ChangeNotice, EventSink } from './types.js';

export type { StreamReport } from './stream.js';

const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const PASSWORD_DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const SCHEMA_VERSION = '1.0';
/** Room kept in a request for the envelope and the security header around the events. */
const ENVELOPE_ALLOWANCE = 4096;

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
  /**
   * Largest request body the hub accepts (its SOAP_MAX_BODY_BYTES); default 1 MiB. A batch
   * is cut short to fit: a hundred loan schedules of seven years do not.
   */
  readonly maxBatchBytes?: number;
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
  /** The run the event belongs to, when it is not a live change. */
  readonly stream?: StreamFeed;
}

export class EventPublisher implements EventSink {
  private readonly queue: PendingEvent[] = [];
  private readonly streams = new Set<StreamFeed>();
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
    const bytes = options.maxBatchBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isInteger(bytes) || bytes < 2 * ENVELOPE_ALLOWANCE) throw new RangeError(`maxBatchBytes must be a whole number of at least ${2 * ENVELOPE_ALLOWANCE}`);
    const publish = loadWsdlModel(findContract('cache-control')!).operations.find((op) => op.name === 'PublishEvents')!;
    this.request = publish.input;
    this.response = publish.output;
  }

  publish(notice: ChangeNotice): void {
    if (this.stopped) throw new Error('the publisher is stopped');
    this.enqueue(notice, undefined);
  }

  /**
   * Publishes a long run of notices, such as a snapshot of the whole state, through the same
   * queue as the live changes. Groups are pulled from `source` only while the queue holds
   * fewer than two batches, and all notices of a group are numbered at the moment it is
   * pulled: a source that reads each group from the state when asked for it therefore stays
   * in order with the live changes (a later live change gets a higher sequence). Resolves
   * when the hub has answered for every event of the run; rejects with a PushError when the
   * hub refuses a batch for good, the source throws, or the publisher stops first.
   */
  publishStream(source: Iterable<readonly ChangeNotice[]>): Promise<StreamReport> {
    if (this.stopped) return Promise.reject(new PushError('PUBLISHER_STOPPED', 'the publisher is stopped'));
    const stream = new StreamFeed(source);
    this.streams.add(stream);
    this.refill();
    this.settleStreams();
    return stream.done;
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
    for (const stream of this.streams) stream.fail(new PushError('PUBLISHER_STOPPED', 'the publisher stopped before the hub acknowledged every event'));
    this.settleStreams();
  }

  private enqueue(notice: ChangeNotice, stream: StreamFeed | undefined): void {
    const key = `${notice.aggregateType}:${notice.aggregateId}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    const event: PendingEvent = {
      eventId: randomUUID(),
      ...(stream ? { stream } : {}),
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
    const duplicate = this.random() < (this.options.duplicateRate ?? 0);
    if (duplicate) this.queue.push(event);
    stream?.queued(notice, duplicate ? 2 : 1);
    this.schedule(this.options.lingerMs ?? 50);
  }

  /** Pulls groups of the running streams while the queue holds fewer than two batches. */
  private refill(): void {
    const room = 2 * (this.options.batchSize ?? 100);
    for (const stream of this.streams) {
      while (!this.stopped && this.queue.length < room) {
        const group = stream.next();
        if (!group) break;
        for (const notice of group) this.enqueue(notice, stream);
      }
    }
  }

  private settleStreams(): void {
    for (const stream of this.streams) if (stream.settle()) this.streams.delete(stream);
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
    const most = Math.min(this.queue.length, this.options.batchSize ?? 100);
    if (most === 0) return true;
    const reverse = this.random() < (this.options.reorderRate ?? 0);
    try {
      const { ordered, payload } = this.headBatch(most, reverse);
      const count = ordered.length;
      const outcomes = await this.deliver(ordered, payload, deadline);
      this.queue.splice(0, count);
      this.delivered += count;
      for (const outcome of outcomes) this.results[outcome.result] = (this.results[outcome.result] ?? 0) + 1;
      this.options.onResults?.(outcomes);
      ordered.forEach((event, index) => event.stream?.acknowledged(outcomes[index]!.result));
      this.refill();
      this.settleStreams();
      return true;
    } catch (error) {
      this.failedAttempts += 1;
      this.options.onDeliveryError?.(error, this.failedAttempts);
      if (error instanceof PermanentDeliveryError) this.refuseStreams(error);
      return false;
    }
  }

  /**
   * The batch at the head of the queue cannot be delivered as it is, and every run waits
   * behind it: each is told now. The queued events stay (their sequences are taken) and are
   * retried like live changes, in case the hub's side is what gets fixed.
   */
  private refuseStreams(error: PermanentDeliveryError): void {
    for (const stream of this.streams) stream.fail(new PushError('PUSH_REFUSED', `the hub refused the push (${error.code}): ${error.message}`, { cause: error }));
    this.settleStreams();
  }

  /**
   * The first events of the queue, at most `most`, encoded: cut down until the request fits
   * the hub's body limit. One event alone is always sent (the hub decides about it).
   */
  private headBatch(most: number, reverse: boolean): { ordered: PendingEvent[]; payload: string } {
    const budget = (this.options.maxBatchBytes ?? DEFAULT_MAX_BODY_BYTES) - ENVELOPE_ALLOWANCE;
    let count = most;
    for (;;) {
      const batch = this.queue.slice(0, count);
      const ordered = reverse ? batch.reverse() : batch;
      const payload = this.codec.encode(this.request, { event: ordered.map((event) => ({ eventId: event.eventId, ...event.value })) }, '    ');
      const size = Buffer.byteLength(payload);
      if (size <= budget || count === 1) return { ordered, payload };
      // Scale by the average event size seen, a little under, so that one more try usually fits.
      count = Math.max(1, Math.min(count - 1, Math.floor(((count * budget) / size) * 0.9)));
    }
  }

  private async deliver(batch: readonly PendingEvent[], payload: string, deadline?: number): Promise<{ eventId: string; result: string }[]> {
    const body = buildEnvelope('1.1', payload, this.securityHeader());
    const timeout = Math.min(this.options.timeoutMs ?? 10_000, deadline === undefined ? Infinity : Math.max(1, deadline - Date.now()));
    const response = await fetch(this.options.endpoint, {
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPES['1.1'], soapaction: `"urn:dbp:cachecontrol:v1/PublishEvents"` },
      body,
      signal: AbortSignal.timeout(timeout),
    });
    const text = await response.text();
    if (response.status !== 200) throw deliveryFailure(response.status, text);
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
