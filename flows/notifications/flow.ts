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
 *
 * Messages are recorded as a set: `handleBatch` takes what the bus gathered in a constant
 * number of statements (one select of the recorded notifications, one of the clients, one of
 * their preferences, one insert), and `handle` is the same code with one message, so that the
 * two cannot decide differently. Any failure of a batch (an unknown client, a template that
 * cannot be filled) is thrown as it would be for the message alone; the bus then rolls the
 * batch back and handles its messages one by one.
 */
import { createHash } from 'node:crypto';
import { parseAmount } from '../../common/money.js';
import type { FlowContext, FlowDefinition, FlowMessage } from '../../hub/bus/flow.js';
import type { Executor } from '../../hub/store/index.js';
import { loadByKeys } from '../../hub/store/sql.js';
import { CLIENT } from '../../hub/store/tables.js';
import type { ClientRecord } from '../../hub/store/types.js';
import { insertDeliveries, recordedNotifications, type DeliveryRecord } from './deliveries.js';
import { flowError } from './errors.js';
import { DEFAULT_LARGE_DEBIT_THRESHOLDS, NOTIFICATION_BINDINGS, notificationFor, type EventRules } from './events.js';
import { CHANNELS, type Channel, type NotificationIntent } from './model.js';
import { preferencesOf, type NotificationPreferences } from './preferences.js';
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
  const setting: Setting = { rules, available: channels, ...(options.timeZone ? { timeZone: options.timeZone } : {}), now };

  return {
    name: NOTIFICATIONS_FLOW,
    bindings: NOTIFICATION_BINDINGS,
    // A card blocked then unblocked must not be told in the opposite order.
    ordering: 'per-aggregate',
    async handle(message: FlowMessage, { ex }: FlowContext): Promise<void> {
      await record(ex, [message], setting);
    },
    async handleBatch(messages: readonly FlowMessage[], { ex }: FlowContext): Promise<void> {
      await record(ex, messages, setting);
    },
  };
}

/** The notification id of a message: the message id itself when it fits the column, else its digest. */
export function notificationId(messageId: string): string {
  return messageId.length <= 64 ? messageId : `sha256-${createHash('sha256').update(messageId).digest('hex').slice(0, 57)}`;
}

interface Setting {
  readonly rules: EventRules;
  /** Channels this hub has a provider for. */
  readonly available: readonly Channel[];
  readonly timeZone?: string;
  readonly now: () => Date;
}

/**
 * Records the notifications the messages ask for, as handling them one by one in their order
 * would, with the same statements whatever their number.
 */
async function record(ex: Executor, messages: readonly FlowMessage[], setting: Setting): Promise<void> {
  const asked = messages.flatMap((message) => {
    const intent = notificationFor(message, setting.rules);
    return intent ? [{ id: notificationId(message.messageId), intent }] : [];
  });
  if (asked.length === 0) return;
  const recorded = await recordedNotifications(ex, asked.map(({ id }) => id));
  const fresh = asked.filter(({ id }) => !recorded.has(id));
  if (fresh.length === 0) return;
  const clients = new Map((await loadByKeys(ex, CLIENT, 'client_id', fresh.map(({ intent }) => intent.clientId))).map((client) => [client.clientId, client]));
  const unknown = fresh.find(({ intent }) => !clients.has(intent.clientId));
  // The CRM publishes a new client before its products; a retry gives its event time to arrive.
  if (unknown) throw flowError('NOTIFICATION_CLIENT_UNKNOWN', `client ${unknown.intent.clientId} is not in the store yet`);
  const preferences = await preferencesOf(ex, [...clients.keys()]);
  const now = setting.now();
  const rows: DeliveryRecord[] = [];
  for (const { id, intent } of fresh) {
    // Two messages with one notification id: the second finds the first one's rows, as one by one.
    if (recorded.has(id)) continue;
    const own = deliveriesFor(id, intent, clients.get(intent.clientId)!, preferences.get(intent.clientId)!, setting, now);
    if (own.length > 0) recorded.add(id);
    rows.push(...own);
  }
  await insertDeliveries(ex, rows);
}

/** The delivery rows of one notification: one per channel the client wants and can be reached on, rendered in its language. */
function deliveriesFor(id: string, intent: NotificationIntent, client: ClientRecord, preferences: NotificationPreferences, setting: Setting, now: Date): DeliveryRecord[] {
  const category = TEMPLATES[intent.kind].category;
  const wanted = preferences.categories[category].channels;
  const targets = setting.available.flatMap((channel) => {
    const address = wanted.includes(channel) ? addressOf(client, channel) : undefined;
    return address ? [{ channel, address }] : [];
  });
  if (targets.length === 0) return [];
  const { language, locale } = chooseLanguage(client.language);
  let content;
  try {
    content = render(intent, { language, locale, ...(setting.timeZone ? { timeZone: setting.timeZone } : {}) });
  } catch (error) {
    if (error instanceof RenderError) throw flowError('NOTIFICATION_RENDER_FAILED', error.message, { cause: error });
    throw error;
  }
  return targets.map(({ channel, address }) => ({
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
