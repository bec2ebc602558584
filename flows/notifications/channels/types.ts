/**
 * What the sender loop needs of a channel provider: send one rendered message to one
 * address under a stable key, and say whether a failure may be retried (ProviderError).
 */
import type { Channel, ContentByChannel } from '../model.js';

export interface OutgoingMessage<C extends Channel = Channel> {
  /** Stable for the delivery row: the HTTP Idempotency-Key, the basis of the e-mail Message-ID. */
  readonly key: string;
  readonly channel: C;
  readonly address: string;
  readonly clientId: string;
  readonly content: ContentByChannel[C];
  /** BCP 47 language of the content. */
  readonly language: string;
}

export interface SendResult {
  /** The provider's id of the message, when it gives one. */
  readonly reference?: string;
}

export interface ChannelProvider<C extends Channel = Channel> {
  readonly channel: C;
  /** Resolves when the provider accepted the message; rejects with a ProviderError. */
  send(message: OutgoingMessage<C>): Promise<SendResult>;
  /** Releases connections; safe to call twice. */
  close(): Promise<void>;
}

export type ChannelProviders = { readonly [C in Channel]?: ChannelProvider<C> };
