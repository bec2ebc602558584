/**
 * Support of the notifications tests: a real SMTP server in-process (smtp-server) that
 * keeps what it accepted and can refuse the next messages, a small MIME reader for what
 * nodemailer wrote (encoded-word headers, quoted-printable or base64 bodies), change
 * events for chosen clients, and a way to run the flow's handler as the bus would: in one
 * store transaction, on the messages the outbox relay would publish.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { PlainObject } from '../../../common/soap/codec.js';
import { FlowError, type FlowDefinition, type FlowMessage } from '../../../hub/bus/flow.js';
import { HubError } from '../../../hub/errors/catalog.js';
import { applyEvents } from '../../../hub/events/apply.js';
import type { SourceSystem, Store } from '../../../hub/store/index.js';
import { changeEvent, type EventOptions } from '../../store/support.js';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string;
  readonly messageId: string;
}

export interface SmtpSink {
  readonly url: string;
  mails(): readonly ReceivedMail[];
  /** Connections' DATA commands seen, refused ones included. */
  attempts(): number;
  /** The next `count` messages are refused at DATA with this SMTP reply code. */
  refuseNext(count: number, responseCode: number, message?: string): void;
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const refusals: { code: number; message: string }[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        attempts += 1;
        const refusal = refusals.shift();
        if (refusal) {
          const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
          return callback(error);
        }
        const mail = parseMail(Buffer.concat(chunks).toString('utf8'));
        mails.push({ ...mail, from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails: () => [...mails],
    attempts: () => attempts,
    refuseNext(count, responseCode, message = 'Refused by the test') {
      for (let index = 0; index < count; index += 1) refusals.push({ code: responseCode, message });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  return { headers, subject: decodeWords(headers.get('subject') ?? ''), text: body.replace(/\r\n/g, '\n'), messageId: headers.get('message-id') ?? '' };
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

/** RFC 2047 encoded words; whitespace between adjacent encoded words is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQbq])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

// ---------------------------------------------------------------------------------------
// Events for chosen clients, applied through CacheControl's code path
// ---------------------------------------------------------------------------------------

let sequence = 0;
const next = (): number => (sequence += 1);
const money = (amount: string, currency = 'EUR'): PlainObject => ({ amount, currency });

export function client(clientId: string, language: string, contacts: { email?: string; phone?: string }): PlainObject {
  return changeEvent('CRM', 'CLIENT', clientId, next(), { clientDataChanged: { clientId, name: { givenName: 'Test', familyName: clientId }, contacts, language } });
}

export interface EntryOptions extends EventOptions {
  readonly kind?: string;
  readonly direction?: 'CRDT' | 'DBIT';
  readonly status?: 'BOOKED' | 'PENDING';
  readonly amount?: string;
  readonly currency?: string;
  readonly counterparty?: string;
}

export function entry(clientId: string, accountId: string, options: EntryOptions = {}): PlainObject {
  const status = options.status ?? 'BOOKED';
  const kind = options.kind ?? 'CARD_PAYMENT';
  return changeEvent(
    kind === 'CARD_PAYMENT' ? 'CARDS' : 'CORE_BANKING',
    'ACCOUNT',
    accountId,
    next(),
    {
      transactionPosted: {
        clientId,
        transaction: {
          entryReference: `E-${next()}`,
          accountId,
          status,
          kind,
          amount: money(options.amount ?? '12.50', options.currency ?? 'EUR'),
          creditDebitIndicator: options.direction ?? 'DBIT',
          ...(status === 'BOOKED' ? { bookingDate: '2026-11-24' } : {}),
          valueDate: '2026-11-24',
          ...(options.counterparty ? { counterparty: { name: options.counterparty } } : {}),
        },
      },
    },
    options,
  );
}

export function cardStatus(clientId: string, cardId: string, status: string, options: EventOptions = {}): PlainObject {
  return changeEvent('CARDS', 'CARD', cardId, next(), { cardStatusChanged: { cardId, clientId, maskedPan: '427683******4321', status } }, options);
}

export function applicationStatus(clientId: string, applicationId: string, status: string, reason?: string): PlainObject {
  return changeEvent('CRM', 'APPLICATION', applicationId, next(), { applicationStatusChanged: { applicationId, clientId, productType: 'LOAN', status, ...(reason ? { reason } : {}) } });
}

/** Applies events as CacheControl does and answers the messages the outbox relay would publish for them. */
export async function publish(store: Store, source: SourceSystem, events: readonly PlainObject[], now: Date): Promise<FlowMessage[]> {
  const before = new Set((await store.pending(10_000)).map((message) => message.id));
  const results = await applyEvents(store, source, events, now);
  for (const result of results) if (result.result !== 'ACCEPTED') throw new Error(`event ${result.eventId} was ${result.result}: ${result.reason ?? ''}`);
  const fresh = (await store.pending(10_000)).filter((message) => !before.has(message.id));
  await store.markSent(fresh.map((message) => message.id));
  return fresh.map((message) => ({ messageId: message.eventId, routingKey: message.routingKey, body: JSON.parse(message.payload) as unknown, attempt: 1 }));
}

/** Runs the flow's handler the way the bus does: in one store transaction, committed when it returns. */
export async function handle(store: Store, flow: FlowDefinition, message: FlowMessage): Promise<void> {
  try {
    await store.transaction(`flow ${flow.name}`, (ex) =>
      flow.handle(message, {
        ex,
        emit: async () => {
          throw new Error('the notifications flow emits nothing');
        },
      }),
    );
  } catch (error) {
    // The store wraps what the work throws in a HubError; the bus reads the FlowError from its cause.
    if (error instanceof HubError && error.cause instanceof FlowError) throw error.cause;
    throw error;
  }
}

/** A clock tests move by hand. */
export class TestClock {
  constructor(private current: Date) {}
  readonly now = (): Date => new Date(this.current.getTime());
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
