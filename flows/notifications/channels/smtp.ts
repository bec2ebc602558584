/**
 * E-mail over SMTP through nodemailer. SMTP has no idempotency key, so every attempt of a
 * delivery carries the same Message-ID, derived from the delivery's key: a repeat after an
 * attempt whose outcome was lost (the connection broke after the server accepted the DATA,
 * or the hub stopped before it recorded "sent") is the same message to the receiving
 * systems, which commonly collapse duplicates by Message-ID. That window, between the
 * server's final 250 and the commit of "sent", is the only way one e-mail can arrive twice.
 *
 * Failures: a reply nodemailer marks permanent (5xx other than 503) or an envelope the
 * server refused is permanent; 4xx replies, connection, TLS, timeout and authentication
 * failures are retryable (an operator can fix credentials while rows wait).
 */
import { createHash } from 'node:crypto';
import nodemailer, { type NodemailerError } from 'nodemailer';
import { ProviderError } from '../errors.js';
import type { ChannelProvider } from './types.js';

export interface SmtpChannelOptions {
  /** smtp://user:password@host:587 or smtps://…:465; query parameters as nodemailer reads them. */
  readonly url: string;
  /** The From address: `"Bank" <notifications@bank.example>`. */
  readonly from: string;
  /** Right-hand side of Message-IDs; default the domain of `from`. */
  readonly messageIdDomain?: string;
  /** Connect, greeting and idle socket timeout; default 15 000 ms. */
  readonly timeoutMs?: number;
}

const PERMANENT_CODES = new Set(['EENVELOPE', 'ECONFIG', 'EMESSAGE']);

export function createEmailChannel(options: SmtpChannelOptions): ChannelProvider<'email'> {
  const url = new URL(options.url);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ProviderError('PROVIDER_NOT_CONFIGURED', `the SMTP URL must be smtp: or smtps:, not ${url.protocol}`, false);
  const domain = options.messageIdDomain ?? /@([^>\s]+)>?\s*$/.exec(options.from)?.[1];
  if (!domain) throw new ProviderError('PROVIDER_NOT_CONFIGURED', `the sender address ${options.from} has no domain for Message-IDs`, false);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({ url: options.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs }, { from: options.from });
  let closed = false;
  return {
    channel: 'email',
    async send(message) {
      try {
        const info = await transport.sendMail({
          to: message.address,
          subject: message.content.subject,
          text: message.content.text,
          messageId: messageIdOf(message.key, domain),
          headers: {
            // RFC 3834: an automatic message; auto-responders do not answer it.
            'Auto-Submitted': 'auto-generated',
            'Content-Language': message.language,
            'X-Notification-Key': message.key,
          },
        });
        return { reference: info.messageId };
      } catch (error) {
        throw classify(error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}

/** A stable Message-ID for a delivery key: the key's digest, so any key makes a valid id. */
export function messageIdOf(key: string, domain: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

function classify(error: unknown): ProviderError {
  const failure = error as NodemailerError;
  const reply = failure.response ? `: ${failure.response}` : '';
  const text = `SMTP ${failure.command ? `${failure.command} ` : ''}failed (${failure.code ?? 'error'}${failure.responseCode ? ` ${failure.responseCode}` : ''})${reply || `: ${failure.message}`}`;
  if (failure.permanent === true) return new ProviderError('PROVIDER_REJECTED', text, false, { cause: error });
  if (failure.responseCode !== undefined) return new ProviderError('PROVIDER_BUSY', text, true, { cause: error });
  if (failure.code && PERMANENT_CODES.has(failure.code)) return new ProviderError('PROVIDER_REJECTED', text, false, { cause: error });
  return new ProviderError('PROVIDER_UNAVAILABLE', text, true, { cause: error });
}
