/**
 * Each client's choice of channels per category (table notification_preference, one row per
 * client and category that the client changed; a missing row means the default):
 *
 * | category | default | settable |
 * | --- | --- | --- |
 * | security (card status, large debits) | every channel | no: always every channel the client can be reached on |
 * | transactions (card purchases, incoming transfers) | push | yes |
 * | payments (payment completed, rejected, failed) | push, e-mail | yes |
 * | products (applications, loans, deposits) | e-mail, push | yes |
 * | marketing | none | yes (opt-in) |
 *
 * A channel only counts where the hub has a provider for it and the client an address
 * (e-mail and phone from the client projection; push needs only the client id).
 */
import { HubError } from '../../hub/errors/catalog.js';
import { instant, text, type Row } from '../../hub/store/rows.js';
import { selectIn, writeRows, type Executor } from '../../hub/store/sql.js';
import { CATEGORIES, CHANNELS, type Category, type Channel } from './model.js';

export const DEFAULT_CHANNELS: Readonly<Record<Category, readonly Channel[]>> = {
  security: CHANNELS,
  transactions: ['push'],
  payments: ['push', 'email'],
  products: ['email', 'push'],
  marketing: [],
};

/** Categories a client cannot change. */
export const MANDATORY_CATEGORIES: readonly Category[] = ['security'];

export interface CategoryPreference {
  readonly channels: readonly Channel[];
  /** 'default' until the client chose; 'mandatory' for categories that cannot be changed. */
  readonly source: 'default' | 'client' | 'mandatory';
  readonly updatedAt?: Date;
}

export interface NotificationPreferences {
  readonly clientId: string;
  readonly categories: Readonly<Record<Category, CategoryPreference>>;
}

/** The change a client asks for: new channels for some categories; others keep theirs. */
export type PreferenceChange = Partial<Readonly<Record<Category, readonly Channel[]>>>;

const TABLE = 'notification_preference';
const CLIENT_ID = /^.{1,64}$/su;

/** The client's preferences, defaults filled in. */
export async function readPreferences(ex: Executor, clientId: string): Promise<NotificationPreferences> {
  return (await preferencesOf(ex, [clientId])).get(clientId)!;
}

/** Several clients' preferences, defaults filled in, in one select (the flow's batches read them all at once). */
export async function preferencesOf(ex: Executor, clientIds: readonly string[]): Promise<Map<string, NotificationPreferences>> {
  for (const clientId of clientIds) checkClientId(clientId);
  const { quote, table } = ex.dialect;
  const rows = await selectIn(ex, {
    name: `${TABLE}.client_id`,
    values: clientIds,
    sql: (list) => `SELECT ${quote('client_id')}, ${quote('category')}, ${quote('channels')}, ${quote('updated_at')} FROM ${table(TABLE)} WHERE ${quote('client_id')} IN (${list})`,
  });
  const byClient = new Map<string, Row[]>(clientIds.map((clientId) => [clientId, []]));
  for (const row of rows) byClient.get(text(row, 'client_id'))?.push(row);
  return new Map([...byClient].map(([clientId, own]) => [clientId, preferencesFrom(clientId, own)]));
}

/** A client's preferences from its rows: the rows it changed, the defaults for the others, the mandatory ones always. */
function preferencesFrom(clientId: string, rows: readonly Row[]): NotificationPreferences {
  const chosen = new Map(rows.map((row) => [text(row, 'category'), { channels: parseChannels(row.channels), updatedAt: instant(row, 'updated_at') }]));
  const categories = {} as Record<Category, CategoryPreference>;
  for (const category of CATEGORIES) {
    const own = chosen.get(category);
    categories[category] = MANDATORY_CATEGORIES.includes(category)
      ? { channels: DEFAULT_CHANNELS[category], source: 'mandatory' }
      : own
        ? { channels: own.channels, source: 'client', updatedAt: own.updatedAt }
        : { channels: DEFAULT_CHANNELS[category], source: 'default' };
  }
  return { clientId, categories };
}

/**
 * Validates a change completely, then writes it: nothing is written when any part is
 * invalid. Bad input is HubError INVALID_REQUEST naming the field.
 */
export async function writePreferences(ex: Executor, clientId: string, change: unknown, now: Date): Promise<NotificationPreferences> {
  const valid = validateChange(clientId, change);
  const rows = Object.entries(valid).map(([category, channels]) => ({ clientId, category, channels: channels.join(','), updatedAt: now }));
  await writeRows(
    ex,
    {
      name: TABLE,
      keys: ['client_id', 'category'],
      columns: [
        ['client_id', 'text'],
        ['category', 'text'],
        ['channels', 'text'],
        ['updated_at', 'instant'],
      ],
      toRow: (r) => [r.clientId, r.category, r.channels, r.updatedAt],
      fromRow: () => {
        throw new Error('not read through this spec');
      },
    },
    rows,
    'upsert',
  );
  return readPreferences(ex, clientId);
}

export function validateChange(clientId: string, change: unknown): Record<string, Channel[]> {
  checkClientId(clientId);
  if (typeof change !== 'object' || change === null || Array.isArray(change)) {
    throw new HubError('INVALID_REQUEST', 'The preferences must be an object of category to a list of channels.', { field: 'preferences' });
  }
  const result: Record<string, Channel[]> = {};
  const entries = Object.entries(change as Record<string, unknown>);
  if (entries.length === 0) throw new HubError('INVALID_REQUEST', 'The preferences name no category.', { field: 'preferences' });
  for (const [category, channels] of entries) {
    if (!(CATEGORIES as readonly string[]).includes(category)) {
      throw new HubError('INVALID_REQUEST', `${category} is not a notification category (${CATEGORIES.join(', ')}).`, { field: category });
    }
    if (MANDATORY_CATEGORIES.includes(category as Category)) {
      throw new HubError('INVALID_REQUEST', `${category} notifications are always sent on every channel and cannot be changed.`, { field: category });
    }
    if (!Array.isArray(channels) || channels.some((channel) => !(CHANNELS as readonly unknown[]).includes(channel))) {
      throw new HubError('INVALID_REQUEST', `${category} must be a list of channels (${CHANNELS.join(', ')}).`, { field: category });
    }
    if (new Set(channels).size !== channels.length) throw new HubError('INVALID_REQUEST', `${category} names a channel twice.`, { field: category });
    // Stored in the canonical order, so that a read answers the same list whatever the order asked.
    result[category] = CHANNELS.filter((channel) => channels.includes(channel));
  }
  return result;
}

function checkClientId(clientId: string): void {
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) throw new HubError('INVALID_REQUEST', 'The client id must have 1 to 64 characters.', { field: 'clientId' });
}

function parseChannels(value: unknown): Channel[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  const names = value.split(',');
  return CHANNELS.filter((channel) => names.includes(channel));
}
