/**
 * The applications resource of the Platform API (/platform/v1/applications): POST submits
 * a product application, GET /:id reads one, GET lists the client's, newest first.
 *
 * A submission is validated (request.ts), then written in ONE store transaction with its
 * `application.submitted` outbox message: the row (status SUBMITTED, a new application
 * id) and the message are both committed or neither is. The channel's Idempotency-Key
 * makes a repeat safe: the same key with the same body answers the first application
 * (200), with another body IDEMPOTENCY_CONFLICT.
 *
 * Reads answer the status as the store knows it: what the CRM pushed last (the
 * `application` projection, by the CRM's id) wins over what the hub recorded.
 */
import { createHash, randomUUID } from 'node:crypto';
import { HubError } from '../../hub/errors/catalog.js';
import { decodeOpaqueCursor, encodeOpaqueCursor, fingerprint, isInstant, isKey } from '../../hub/store/cursor.js';
import { readListQuery, type CommandAnswer, type CommandRequest, type PlatformCommand, type ResourceAnswer } from '../../hub/platform/commands.js';
import type { Executor, Store } from '../../hub/store/index.js';
import { writeRows } from '../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../hub/store/tables.js';
import { applicationView, latest, SUBMITTED_ROUTING_KEY, submittedMessage } from './mapping.js';
import { applicationById, applicationByKey, applicationsOf, insertApplication, pushedStates, type ApplicationPosition, type ApplicationRequestRecord } from './records.js';
import { readApplicationInput } from './request.js';

export const APPLICATIONS_PATH = '/platform/v1/applications';

export const DEFAULT_APPLICATIONS_PAGE = 20;
export const MAX_APPLICATIONS_PAGE = 100;

export interface ApplicationsCommandOptions {
  readonly store: Pick<Store, 'transaction' | 'query'>;
  /** Told after a submission committed its outbox message: wire it to the relay's notify(). */
  readonly onCommitted?: () => void;
  readonly now?: () => Date;
}

const KEY = /^[\x21-\x7e]{1,64}$/;
const CURSOR_TAG = 'applications/1';

export function createApplicationsCommand(options: ApplicationsCommandOptions): PlatformCommand {
  const { store } = options;
  const now = options.now ?? (() => new Date());

  const answer = (record: ApplicationRequestRecord, status: 200 | 201): CommandAnswer => ({
    status,
    // What the hub recorded at submission; GET shows the status the CRM pushed since.
    body: applicationView(record, undefined),
    location: `${APPLICATIONS_PATH}/${record.applicationId}`,
  });
  const repeat = (record: ApplicationRequestRecord, hash: string): CommandAnswer => {
    if (record.requestHash !== hash) throw new HubError('IDEMPOTENCY_CONFLICT', 'The Idempotency-Key was used before with another request.', { field: 'Idempotency-Key' });
    return answer(record, 200);
  };

  return {
    async submit(request: CommandRequest): Promise<CommandAnswer> {
      if (typeof request.idempotencyKey !== 'string' || !KEY.test(request.idempotencyKey)) {
        throw new HubError('INVALID_REQUEST', 'The Idempotency-Key must be 1 to 64 visible ASCII characters.', { field: 'Idempotency-Key' });
      }
      const input = readApplicationInput(request.body);
      const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      const find = (): Promise<ApplicationRequestRecord | undefined> => store.query('reading the application', (ex) => applicationByKey(ex, request.clientId, request.idempotencyKey));

      const earlier = await find();
      if (earlier) return repeat(earlier, hash);
      const at = now();
      const record: ApplicationRequestRecord = {
        applicationId: randomUUID(),
        clientId: request.clientId,
        idempotencyKey: request.idempotencyKey,
        requestHash: hash,
        request: input,
        status: 'SUBMITTED',
        submittedAt: at,
        updatedAt: at,
      };
      let written: ApplicationRequestRecord;
      try {
        written = await store.transaction('submitting the application', async (ex) => {
          const raced = await applicationByKey(ex, request.clientId, request.idempotencyKey);
          if (raced) return raced;
          await insertApplication(ex, record);
          await writeRows(ex, OUTBOX_INSERT, [{ eventId: record.applicationId, routingKey: SUBMITTED_ROUTING_KEY, payload: JSON.stringify(submittedMessage(record)), createdAt: at }], 'insert');
          return record;
        });
      } catch (error) {
        // Two requests with one key at once: the loser's insert hit the unique key.
        const winner = await find().catch(() => undefined);
        if (winner) return repeat(winner, hash);
        throw error;
      }
      if (written !== record) return repeat(written, hash);
      options.onCommitted?.();
      return answer(record, 201);
    },

    async read(clientId: string, id: string): Promise<ResourceAnswer | undefined> {
      return store.query('reading the application', async (ex) => {
        const record = await applicationById(ex, id);
        if (!record || record.clientId !== clientId) return undefined;
        const pushed = (await pushedStates(ex, [record])).get(record.crmApplicationId ?? '');
        return { body: applicationView(record, pushed), asOf: latest(record, pushed) };
      });
    },

    async list(clientId: string, query: URLSearchParams): Promise<ResourceAnswer> {
      const { limit, cursor } = readListQuery(query, DEFAULT_APPLICATIONS_PAGE, MAX_APPLICATIONS_PAGE);
      const position = cursor === undefined ? undefined : decodeCursor(cursor, clientId);
      return store.query('listing the applications', async (ex) => page(ex, clientId, limit, position, now));
    },
  };
}

async function page(ex: Executor, clientId: string, limit: number, position: ApplicationPosition | undefined, now: () => Date): Promise<ResourceAnswer> {
  const rows = await applicationsOf(ex, clientId, limit + 1, position);
  const records = rows.slice(0, limit);
  const pushed = await pushedStates(ex, records);
  const items = records.map((record) => applicationView(record, pushed.get(record.crmApplicationId ?? '')));
  const asOf = records.reduce<Date | undefined>((newest, record) => {
    const at = latest(record, pushed.get(record.crmApplicationId ?? ''));
    return !newest || at > newest ? at : newest;
  }, undefined);
  const last = records[records.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ submittedAt: last.submittedAt, applicationId: last.applicationId }, clientId) : undefined;
  return { body: { items, ...(nextCursor ? { nextCursor } : {}) }, asOf: asOf ?? now() };
}

function encodeCursor(position: ApplicationPosition, clientId: string): string {
  return encodeOpaqueCursor(CURSOR_TAG, [position.submittedAt.toISOString(), position.applicationId], fingerprint([clientId]));
}

function decodeCursor(cursor: string, clientId: string): ApplicationPosition {
  const [submittedAt, applicationId] = decodeOpaqueCursor(CURSOR_TAG, cursor, fingerprint([clientId]), [isInstant, isKey]);
  return { submittedAt: new Date(submittedAt!), applicationId: applicationId! };
}
