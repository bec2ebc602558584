/**
 * The notifications flow: change events and payment statuses become messages to clients,
 * rendered from templates in the client's language and sent by e-mail (SMTP), SMS and push
 * (HTTP providers) as each client's preferences say, each exactly once.
 *
 * createNotifications() builds the three parts the composition root wires: the flow for the
 * bus (records what to send, in the bus's transaction), the sender loop (sends what was
 * recorded; start it after the store, stop it before), and the preference functions the
 * Platform API exposes. A channel is on when its provider is configured.
 */
import type { Logger } from 'pino';
import type { FlowDefinition } from '../../hub/bus/flow.js';
import type { Store } from '../../hub/store/index.js';
import { createPushChannel, createSmsChannel } from './channels/http.js';
import { createEmailChannel } from './channels/smtp.js';
import type { ChannelProviders } from './channels/types.js';
import { deliveriesOf, deliveryCounts, type DeliveryRecord, type DeliveryStatus } from './deliveries.js';
import { createNotificationsFlow } from './flow.js';
import { CHANNELS, type Channel } from './model.js';
import { readPreferences, writePreferences, type NotificationPreferences, type PreferenceChange } from './preferences.js';
import { createNotificationSender, type BackoffOptions, type NotificationSender } from './sender.js';

export interface NotificationsOptions {
  readonly store: Pick<Store, 'transaction' | 'query'>;
  /** E-mail: the SMTP URL and the From address; without them no e-mail is sent. */
  readonly smtp?: { readonly url: string; readonly from: string; readonly timeoutMs?: number };
  /** SMS provider's message endpoint; without it no SMS is sent. */
  readonly sms?: { readonly url: string; readonly token?: string; readonly timeoutMs?: number };
  /** Push provider's message endpoint; without it no push message is sent. */
  readonly push?: { readonly url: string; readonly token?: string; readonly timeoutMs?: number };
  /** Providers to use instead of those built from smtp/sms/push (tests, other transports). */
  readonly providers?: ChannelProviders;
  readonly largeDebitThresholds?: Readonly<Record<string, string>>;
  readonly maxAgeMs?: number;
  readonly timeZone?: string;
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  readonly leaseMs?: number;
  readonly pollIntervalMs?: number;
  readonly batchSize?: number;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

export interface Notifications {
  readonly flow: FlowDefinition;
  readonly sender: NotificationSender;
  /** Channels with a provider. */
  readonly channels: readonly Channel[];
  /** A client's preferences, defaults filled in. Throws HubError INVALID_REQUEST on a bad client id. */
  preferences(clientId: string): Promise<NotificationPreferences>;
  /** Changes some categories' channels; validates everything first (HubError INVALID_REQUEST), writes all or nothing. */
  setPreferences(clientId: string, change: PreferenceChange): Promise<NotificationPreferences>;
  /** A client's latest deliveries, newest first. */
  deliveries(clientId: string, limit?: number): Promise<DeliveryRecord[]>;
  /** Deliveries by status, for health and metrics. */
  counts(): Promise<Record<DeliveryStatus, number>>;
}

export function createNotifications(options: NotificationsOptions): Notifications {
  const providers: ChannelProviders = options.providers ?? {
    ...(options.smtp ? { email: createEmailChannel(options.smtp) } : {}),
    ...(options.sms ? { sms: createSmsChannel(options.sms) } : {}),
    ...(options.push ? { push: createPushChannel(options.push) } : {}),
  };
  const channels = CHANNELS.filter((channel) => providers[channel] !== undefined);
  const now = options.now ?? (() => new Date());
  const flow = createNotificationsFlow({
    channels,
    ...(options.largeDebitThresholds ? { largeDebitThresholds: options.largeDebitThresholds } : {}),
    ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    now,
  });
  const sender = createNotificationSender({
    store: options.store,
    providers,
    now,
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    flow,
    sender,
    channels,
    preferences: (clientId) => options.store.query('reading notification preferences', (ex) => readPreferences(ex, clientId)),
    setPreferences: (clientId, change) => options.store.transaction('changing notification preferences', (ex) => writePreferences(ex, clientId, change, now())),
    deliveries: (clientId, limit) => options.store.query('reading notification deliveries', (ex) => deliveriesOf(ex, clientId, limit)),
    counts: () => options.store.query('counting notification deliveries', deliveryCounts),
  };
}

export { PREFERENCES_OPENAPI, PREFERENCES_PATH } from './openapi.js';
export { createNotificationsFlow, notificationId, NOTIFICATIONS_FLOW, type NotificationsFlowOptions } from './flow.js';
export { createNotificationSender, type NotificationSender, type NotificationSenderOptions, type DeliveryReport, type BackoffOptions } from './sender.js';
export { createEmailChannel, messageIdOf, type SmtpChannelOptions } from './channels/smtp.js';
export { createPushChannel, createSmsChannel, type HttpChannelOptions } from './channels/http.js';
export type { ChannelProvider, ChannelProviders, OutgoingMessage, SendResult } from './channels/types.js';
export { ProviderError, type ProviderErrorCode, type NotificationFlowCode } from './errors.js';
export { DEFAULT_LARGE_DEBIT_THRESHOLDS, NOTIFICATION_BINDINGS, notificationFor, type PaymentStatusMessage } from './events.js';
export { DEFAULT_CHANNELS, MANDATORY_CATEGORIES, type CategoryPreference, type NotificationPreferences, type PreferenceChange } from './preferences.js';
export { deliveryKey, type DeliveryRecord, type DeliveryStatus } from './deliveries.js';
export { chooseLanguage, formatMoney, render, RenderError } from './render.js';
export { TEMPLATES, PHRASES, PRODUCT_NAMES, EMAIL_FOOTER } from './templates.js';
export * from './model.js';
