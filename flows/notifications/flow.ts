/**
 * The notifications flow as the bus runs it. Its handler only decides and records, inside
 * the bus's transaction: which notification the message asks for (./events.ts), in which
 * language (the client projection's language), on which channels (the client's preferences,
 * the channels this hub has providers for, the addresses the client has), rendered once per
 * channel. It writes one delivery row per channel, keyed by a notification id derived from
 * the message id, and emits nothing. Nothing is sent here: a send inside the transaction
 * would be repeated by every redelivery of a message whose commit failed. The sender loop
 * (./sender.ts) delivers the committed rows.
 *
 * A message handled again (a redelivery the bus did not recognise, a replay from the dead
 * letters) finds its rows and records nothing new.
 */
import { createHash } from 'node:crypto';
import { parseAmount } from '../../common/money.js';
import type { FlowContext, FlowDefinition, FlowMessage } from '../../hub/bus/flow.js';
import type { Executor } from '../../hub/store/index.js';
import { loadByKeys } from '../../hub/store/sql.js';
import { CLIENT } from '../../hub/store/tables.js';
import type { ClientRecord } from '../../hub/store/types.js';
import { insertDeliveries, recordedChannels, type DeliveryRecord } from './deliveries.js';
import { flowError } from './errors.js';
import { DEFAULT_LARGE_DEBIT_THRESHOLDS, NOTIFICATION_BINDINGS, notificationFor, type EventRules } from './events.js';
import { CHANNELS, type Channel, type NotificationIntent } from './model.js';
import { wantedChannels } from './preferences.js';
import { chooseLanguage, render, RenderError } from './render.js';
import { TEMPLATES } from './templates.js';

export const NOTIFICATIONS_FLOW = 'notifications';

export interface NotificationsFlowOptions {
  /** Channels this hub has a provider for; notifications for others are not recorded. */
  readonly channels: readonly Channel[];
  /** Debits at or above these wire amounts per currency are security alerts; default DEFAULT_LARGE_DEBIT_THRESHOLDS. */
  readonly largeDebitThresholds?: Readonly<Record<string, string>>;
  /** Events older than this are not told; default 24 hours. */
  readonly maxAgeMs?: number;
  /** IANA time zone instants are shown in; default UTC. */
  readonly timeZone?: string;
  readonly now?: () => Date;
}

export function createNotificationsFlow(options: NotificationsFlowOptions): FlowDefinition {
  const channels = CHANNELS.filter((channel) => options.channels.includes(channel));
  const thresholds = options.largeDebitThresholds ?? DEFAULT_LARGE_DEBIT_THRESHOLDS;
  // A bad threshold is a configuration error at boot, not a failure of every message later.
  for (const [currency, amount] of Object.entries(thresholds)) parseAmount(amount, currency);
  if (options.timeZone) new Intl.DateTimeFormat('en', { timeZone: options.timeZone });
  const now = options.now ?? (() => new Date());
  const rules: EventRules = { largeDebitThresholds: thresholds, maxAgeMs: options.maxAgeMs ?? 24 * 60 * 60 * 1000, now };

  return {
    name: NOTIFICATIONS_FLOW,
    bindings: NOTIFICATION_BINDINGS,
    // A card blocked then unblocked must not be told in the opposite order.
    ordering: 'per-aggregate',
    async handle(message: FlowMessage, { ex }: FlowContext): Promise<void> {
      const intent = notificationFor(message, rules);
      if (!intent) return;
      await record(ex, notificationId(message.messageId), intent, channels, options.timeZone, now());
    },
  };
}

/** The notification id of a message: the message id itself when it fits the column, else its digest. */
export function notificationId(messageId: string): string {
  return messageId.length <= 64 ? messageId : `sha256-${createHash('sha256').update(messageId).digest('hex').slice(0, 57)}`;
}

async function record(ex: Executor, id: string, intent: NotificationIntent, available: readonly Channel[], timeZone: string | undefined, now: Date): Promise<void> {
  if ((await recordedChannels(ex, id)).size > 0) return;
  const [client] = await loadByKeys(ex, CLIENT, 'client_id', [intent.clientId]);
  // The CRM publishes a new client before its products; a retry gives its event time to arrive.
  if (!client) throw flowError('NOTIFICATION_CLIENT_UNKNOWN', `client ${intent.clientId} is not in the store yet`);
  const category = TEMPLATES[intent.kind].category;
  const wanted = await wantedChannels(ex, intent.clientId, category);
  const targets = available.flatMap((channel) => {
    const address = wanted.includes(channel) ? addressOf(client, channel) : undefined;
    return address ? [{ channel, address }] : [];
  });
  if (targets.length === 0) return;
  const { language, locale } = chooseLanguage(client.language);
  let content;
  try {
    content = render(intent, { language, locale, ...(timeZone ? { timeZone } : {}) });
  } catch (error) {
    if (error instanceof RenderError) throw flowError('NOTIFICATION_RENDER_FAILED', error.message, { cause: error });
    throw error;
  }
  const rows: DeliveryRecord[] = targets.map(({ channel, address }) => ({
    notificationId: id,
    channel,
    clientId: intent.clientId,
    kind: intent.kind,
    category,
    language: locale,
    address,
    content: content[channel],
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  }));
  await insertDeliveries(ex, rows);
}

/** Where a channel reaches the client: e-mail and phone from the projection; push by client id (devices register with the push provider under it). */
function addressOf(client: ClientRecord, channel: Channel): string | undefined {
  switch (channel) {
    case 'email':
      return client.contacts?.email;
    case 'sms':
      return client.contacts?.phone;
    case 'push':
      return client.clientId;
  }
}
