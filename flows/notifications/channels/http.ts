/**
 * SMS and push providers behind an HTTP JSON API: one POST per message with the delivery's
 * key in the Idempotency-Key header, so a provider that received a message and lost its
 * answer does not send it again when the request is repeated. A response is classified by
 * status: 2xx accepted; 408, 409 (the same key still in progress), 425, 429 and 5xx
 * retryable (Retry-After honoured); any other 4xx permanent. No answer within the timeout
 * is retryable: the outcome is unknown, and the key makes a repeat safe.
 *
 * Bodies: SMS `{ to, text, reference }`; push `{ to, title, body, reference }`, where `to`
 * is the E.164 number or the client id the app's devices are registered under. The answer
 * may carry `{ id }`, kept as the provider's reference.
 */
import { ProviderError } from '../errors.js';
import type { ChannelProvider, OutgoingMessage, SendResult } from './types.js';

export interface HttpChannelOptions {
  /** The provider's message endpoint, such as https://sms.example/v1/messages. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>` when given. */
  readonly token?: string;
  /** Per request; default 10 000 ms. */
  readonly timeoutMs?: number;
}

const RETRYABLE_STATUSES = new Set([408, 409, 425, 429]);
const MAX_RETRY_AFTER_MS = 10 * 60 * 1000;

export function createSmsChannel(options: HttpChannelOptions): ChannelProvider<'sms'> {
  return httpChannel('sms', options, (message) => ({ to: message.address, text: message.content.text, reference: message.key }));
}

export function createPushChannel(options: HttpChannelOptions): ChannelProvider<'push'> {
  return httpChannel('push', options, (message) => ({ to: message.address, title: message.content.title, body: message.content.body, reference: message.key }));
}

function httpChannel<C extends 'sms' | 'push'>(channel: C, options: HttpChannelOptions, body: (message: OutgoingMessage<C>) => Record<string, string>): ChannelProvider<C> {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ProviderError('PROVIDER_NOT_CONFIGURED', `the ${channel} provider URL must be http(s), not ${url.protocol}`, false);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    channel,
    async send(message) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': message.key,
            'content-language': message.language,
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          body: JSON.stringify(body(message)),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        const reason = timedOut ? `no answer within ${timeoutMs} ms` : describe(error);
        throw new ProviderError('PROVIDER_UNAVAILABLE', `${channel} provider: ${reason}`, true, { cause: error });
      }
      const answer = await response.text().catch(() => '');
      if (response.ok) return resultOf(answer);
      const detail = problemDetail(answer);
      const message_ = `${channel} provider answered ${response.status}${detail ? `: ${detail}` : ''}`;
      if (RETRYABLE_STATUSES.has(response.status) || response.status >= 500) {
        const retryAfterMs = retryAfter(response.headers.get('retry-after'));
        throw new ProviderError('PROVIDER_BUSY', message_, true, retryAfterMs === undefined ? {} : { retryAfterMs });
      }
      throw new ProviderError('PROVIDER_REJECTED', message_, false);
    },
    close: async () => undefined,
  };
}

function resultOf(answer: string): SendResult {
  try {
    const parsed = JSON.parse(answer) as { id?: unknown };
    return typeof parsed.id === 'string' ? { reference: parsed.id } : {};
  } catch {
    return {};
  }
}

/** The detail (or title) of an RFC 9457 problem answer, short. */
function problemDetail(answer: string): string | undefined {
  try {
    const parsed = JSON.parse(answer) as { code?: unknown; detail?: unknown; title?: unknown };
    const text = [parsed.code, parsed.detail ?? parsed.title].filter((part) => typeof part === 'string').join(' ');
    return text ? text.slice(0, 300) : undefined;
  } catch {
    return answer ? answer.slice(0, 300) : undefined;
  }
}

/** Retry-After in seconds or as an HTTP date, capped. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, MAX_RETRY_AFTER_MS) : undefined;
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}
