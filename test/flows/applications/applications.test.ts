/**
 * The applications flow against the mock CRM over real HTTP, on SQLite and PostgreSQL:
 * the command writes the application with its message; the flow creates it at the CRM
 * exactly once however often the message is handled, ends a refusal REJECTED with the
 * CRM's reason (and tells the timeline and notifications), retries while the CRM is down,
 * dead-letters the hub's own faults, and reads answer the status the CRM pushed last.
 */
import { expect } from 'chai';
import { FlowError } from '../../../hub/bus/flow.js';
import { applyEvents } from '../../../hub/events/apply.js';
import { HubError } from '../../../hub/errors/catalog.js';
import { createApplicationsCommand, type ApplicationView, type SubmittedMessage } from '../../../flows/applications/index.js';
import { handleTimelineMessage, timelinePage } from '../../../flows/timeline/index.js';
import { notificationFor, DEFAULT_LARGE_DEBIT_THRESHOLDS } from '../../../flows/notifications/events.js';
import { changeEvent, forEachDatabase } from '../../store/support.js';
import { ACCOUNTS, handle, KENJI, LENA, outboxMessages, startCrm, type CrmHarness } from './support.js';

const OTHER = { productType: 'OTHER', description: 'A safe deposit box', channel: 'MOBILE_APP' };
const LOAN = { productType: 'LOAN', amount: { amount: '1000.00', currency: 'EUR' }, termMonths: 12, purpose: 'CAR' };

function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error; current = current.cause) chain.push(current);
  return chain;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('flows/applications', function () {
  this.timeout(60_000);
  let crm: CrmHarness;
  before(async () => {
    crm = await startCrm();
  });
  after(async () => {
    await crm?.stop();
  });
  afterEach(() => crm.mocks.mocks.crm.faults.configure({}));

  const applicationsAtCrm = async (clientId: string): Promise<number> => (await crm.crm.listApplications({ clientId, page: { limit: 100 } })).applications.length;

  forEachDatabase('flows/applications: the flow', (db) => {
    it('creates the application at the CRM exactly once, even when the message is handled again or the first commit is lost', async () => {
      const { store } = db();
      let committed = 0;
      const command = createApplicationsCommand({ store, onCommitted: () => (committed += 1) });
      const answer = await command.submit({ clientId: KENJI, idempotencyKey: `key-${Date.now()}-a`, body: OTHER });
      expect(answer.status).to.equal(201);
      expect(committed).to.equal(1);
      const submitted = answer.body as ApplicationView;
      expect(submitted).to.include({ status: 'SUBMITTED', productType: 'OTHER' });
      const [message, ...others] = await outboxMessages(store, 'application.submitted');
      expect(others).to.have.length(0);
      expect(message!.messageId).to.equal(submitted.applicationId);
      expect((message!.body as SubmittedMessage).application).to.deep.equal(OTHER);

      const before = await applicationsAtCrm(KENJI);
      const calls = crm.createCalls();
      // A crash after the CRM created the application, before the commit: the work is rolled back and done again.
      const lost = await rejection(
        db().store.transaction('a handling whose commit is lost', async (ex) => {
          const { handleApplicationMessage } = await import('../../../flows/applications/index.js');
          await handleApplicationMessage(message!, { ex, emit: async () => undefined }, { crm: crm.crm });
          throw new Error('crash before the commit');
        }),
      );
      expect(causes(lost).map((each) => each.message)).to.include('crash before the commit');
      expect(await handle(store, message!, { crm: crm.crm })).to.equal('created');
      expect(await handle(store, message!, { crm: crm.crm })).to.equal('unchanged');
      expect(crm.createCalls() - calls).to.equal(2, 'the lost handling and its repeat; the third found the application created');
      expect(await applicationsAtCrm(KENJI)).to.equal(before + 1, 'the idempotency key made the repeat answer the first application');

      const read = await command.read(KENJI, submitted.applicationId);
      const view = read!.body as ApplicationView;
      expect(view.status).to.equal('SUBMITTED');
      expect(view.bankApplicationId).to.match(/^APP/);
      expect(await command.read('CL-SOMEONE-ELSE', submitted.applicationId)).to.equal(undefined);
      expect(await outboxMessages(store, 'application.status.changed')).to.have.length(0, 'the CRM pushes the statuses of what it created');
    });

    it('answers the status the CRM pushed last, over what the hub recorded', async () => {
      const { store } = db();
      const command = createApplicationsCommand({ store });
      const submitted = (await command.submit({ clientId: KENJI, idempotencyKey: `key-${Date.now()}-p`, body: OTHER })).body as ApplicationView;
      const [message] = (await outboxMessages(store, 'application.submitted')).filter((each) => each.messageId === submitted.applicationId);
      await handle(store, message!, { crm: crm.crm });
      const bankId = ((await command.read(KENJI, submitted.applicationId))!.body as ApplicationView).bankApplicationId!;

      const pushedAt = new Date(Date.now() + 60_000);
      const event = changeEvent('CRM', 'APPLICATION', bankId, 2, { applicationStatusChanged: { applicationId: bankId, clientId: KENJI, productType: 'OTHER', status: 'DOCUMENTS_REQUIRED', reason: 'A copy of the passport' } }, { occurredAt: pushedAt.toISOString() });
      expect((await applyEvents(store, 'CRM', [event], pushedAt)).map((each) => each.result)).to.deep.equal(['ACCEPTED']);
      const read = await command.read(KENJI, submitted.applicationId);
      expect(read!.body).to.deep.include({ applicationId: submitted.applicationId, bankApplicationId: bankId, status: 'DOCUMENTS_REQUIRED', reason: 'A copy of the passport' });
      expect(read!.asOf.getTime()).to.equal(pushedAt.getTime());
      const listed = (await command.list(KENJI, new URLSearchParams())).body as { items: ApplicationView[] };
      expect(listed.items.find((item) => item.applicationId === submitted.applicationId)?.status).to.equal('DOCUMENTS_REQUIRED');
    });

    it('ends a refusal REJECTED with the CRM’s code and reason, and tells the timeline and notifications', async () => {
      const { store } = db();
      const command = createApplicationsCommand({ store });
      const submitted = (await command.submit({ clientId: LENA, idempotencyKey: `key-${Date.now()}-r`, body: LOAN })).body as ApplicationView;
      const [message] = await outboxMessages(store, 'application.submitted');
      expect(await handle(store, message!, { crm: crm.crm })).to.equal('rejected');

      const view = (await command.read(LENA, submitted.applicationId))!.body as ApplicationView;
      expect(view).to.include({ status: 'REJECTED', reasonCode: 'KYC_REQUIRED' });
      expect(view.reason).to.match(/identification/);
      expect(view.bankApplicationId).to.equal(undefined);

      const [status, ...more] = await outboxMessages(store, 'application.status.changed');
      expect(more).to.have.length(0);
      expect(status!.body).to.deep.include({ type: 'ApplicationStatusChanged', sourceSystem: 'CRM', aggregateType: 'APPLICATION', aggregateId: submitted.applicationId });
      // The timeline and notifications read it as they read the CRM's own events.
      await store.transaction('the timeline', (ex) => handleTimelineMessage(status!, { ex }));
      const timeline = await timelinePage(store, { clientId: LENA, limit: 10 });
      expect(timeline.items.map((entry) => [entry.kind, entry.status, entry.references.applicationId])).to.deep.equal([['APPLICATION_STATUS', 'REJECTED', submitted.applicationId]]);
      const intent = notificationFor(status!, { largeDebitThresholds: DEFAULT_LARGE_DEBIT_THRESHOLDS, maxAgeMs: 86_400_000, now: () => new Date() });
      expect(intent).to.deep.include({ kind: 'application-rejected', clientId: LENA });

      // Handled again: nothing more is called, written or emitted.
      const calls = crm.createCalls();
      expect(await handle(store, message!, { crm: crm.crm })).to.equal('unchanged');
      expect(crm.createCalls()).to.equal(calls);
      expect(await outboxMessages(store, 'application.status.changed')).to.have.length(1);
    });

    it('retries while the CRM is down and creates the application once it is back', async () => {
      const { store } = db();
      const command = createApplicationsCommand({ store });
      const submitted = (await command.submit({ clientId: KENJI, idempotencyKey: `key-${Date.now()}-o`, body: { ...OTHER, description: 'Outage test' } })).body as ApplicationView;
      const [message] = await outboxMessages(store, 'application.submitted');
      crm.mocks.mocks.crm.faults.configure({ operations: { CreateApplication: { errorRate: 1, errorKinds: { http5xx: 1 } } } });
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const failure = await rejection(handle(store, { ...message!, attempt }, { crm: crm.crm }));
        expect(failure).to.be.instanceOf(FlowError);
        expect((failure as FlowError).retryable).to.equal(true);
      }
      expect(((await command.read(KENJI, submitted.applicationId))!.body as ApplicationView).status).to.equal('SUBMITTED');
      crm.mocks.mocks.crm.faults.configure({});
      const before = await applicationsAtCrm(KENJI);
      expect(await handle(store, { ...message!, attempt: 3 }, { crm: crm.crm })).to.equal('created');
      expect(await applicationsAtCrm(KENJI)).to.equal(before + 1);
      expect(((await command.read(KENJI, submitted.applicationId))!.body as ApplicationView).bankApplicationId).to.match(/^APP/);
    });

    it('dead-letters the hub’s own faults and unreadable messages, leaving the application SUBMITTED', async () => {
      const { store } = db();
      const command = createApplicationsCommand({ store });
      const submitted = (await command.submit({ clientId: KENJI, idempotencyKey: `key-${Date.now()}-f`, body: OTHER })).body as ApplicationView;
      const [message] = await outboxMessages(store, 'application.submitted');
      const refusing = {
        createApplication: async () => {
          throw Object.assign(new Error('the CRM refused the hub’s credentials'), { code: 'AUTHENTICATION_FAILED' });
        },
      };
      const fault = await rejection(handle(store, message!, { crm: refusing }));
      expect(fault).to.be.instanceOf(FlowError).and.to.include({ code: 'AUTHENTICATION_FAILED', retryable: false });
      expect(((await command.read(KENJI, submitted.applicationId))!.body as ApplicationView).status).to.equal('SUBMITTED');

      const unknown = await rejection(handle(store, { ...message!, body: { ...(message!.body as object), applicationId: 'no-such-application' } }, { crm: crm.crm }));
      expect(unknown).to.be.instanceOf(FlowError).and.to.include({ code: 'APPLICATION_NOT_FOUND', retryable: false });
      const garbled = await rejection(handle(store, { ...message!, body: { applicationId: submitted.applicationId } }, { crm: crm.crm }));
      expect(garbled).to.be.instanceOf(FlowError).and.to.include({ code: 'SCHEMA_VIOLATION', retryable: false });
      const wrongKey = await rejection(handle(store, { ...message!, routingKey: 'payment.requested' }, { crm: crm.crm }));
      expect(wrongKey).to.be.instanceOf(FlowError).and.to.include({ code: 'UNSUPPORTED_MESSAGE' });
    });
  });

  forEachDatabase('flows/applications: the command', (db) => {
    it('refuses bad bodies with a coded error naming the field, and writes nothing', async () => {
      const { store, inspect } = db();
      const command = createApplicationsCommand({ store });
      const refused = async (body: unknown, code: string, field: string) => {
        const error = await rejection(command.submit({ clientId: KENJI, idempotencyKey: 'key-bad-body', body }));
        expect(error, JSON.stringify(body)).to.be.instanceOf(HubError).and.to.include({ code });
        expect((error as HubError).options.field, JSON.stringify(body)).to.equal(field);
      };
      await refused([], 'INVALID_REQUEST', 'body');
      await refused({}, 'INVALID_REQUEST', 'productType');
      await refused({ productType: 'YACHT' }, 'INVALID_REQUEST', 'productType');
      await refused({ ...OTHER, colour: 'red' }, 'INVALID_REQUEST', 'colour');
      await refused({ ...OTHER, termMonths: 12 }, 'INVALID_REQUEST', 'termMonths');
      await refused({ productType: 'OTHER' }, 'INVALID_REQUEST', 'description');
      await refused({ ...LOAN, amount: { amount: '10.001', currency: 'EUR' } }, 'INVALID_MONEY', 'amount.amount');
      await refused({ ...LOAN, amount: { amount: 10, currency: 'EUR' } }, 'INVALID_MONEY', 'amount.amount');
      await refused({ ...LOAN, amount: { amount: '10.00', currency: 'EUX' } }, 'UNKNOWN_CURRENCY', 'amount.currency');
      await refused({ ...LOAN, termMonths: 601 }, 'INVALID_REQUEST', 'termMonths');
      await refused({ ...LOAN, purpose: 'OTHER' }, 'INVALID_REQUEST', 'purposeDescription');
      await refused({ productType: 'DEBIT_CARD', formFactor: 'VIRTUAL' }, 'INVALID_REQUEST', 'accountId');
      await refused({ productType: 'DEBIT_CARD', formFactor: 'PHYSICAL', accountId: ACCOUNTS.kenjiJpy }, 'INVALID_REQUEST', 'deliveryMethod');
      await refused({ productType: 'CREDIT_CARD', formFactor: 'PHYSICAL', deliveryMethod: 'BRANCH_PICKUP' }, 'INVALID_REQUEST', 'branchId');
      await refused({ productType: 'CREDIT_CARD', formFactor: 'VIRTUAL', embossedName: 'KENJI' }, 'INVALID_REQUEST', 'embossedName');
      await refused({ productType: 'DEPOSIT', amount: { amount: '100', currency: 'JPY' }, termMonths: 12 }, 'INVALID_REQUEST', 'sourceAccountId');
      const badKey = await rejection(command.submit({ clientId: KENJI, idempotencyKey: 'x'.repeat(65), body: OTHER }));
      expect(badKey).to.be.instanceOf(HubError).and.to.include({ code: 'INVALID_REQUEST' });
      expect(await inspect.count('application_request')).to.equal(0);
      expect(await inspect.count('outbox')).to.equal(0);
    });

    it('answers a repeated key with the first application and refuses it with another body', async () => {
      const { store, inspect } = db();
      let committed = 0;
      const command = createApplicationsCommand({ store, onCommitted: () => (committed += 1) });
      const body = { productType: 'DEPOSIT', amount: { amount: '500000', currency: 'JPY' }, termMonths: 12, sourceAccountId: ACCOUNTS.kenjiJpy, rolloverAtMaturity: true };
      const first = await command.submit({ clientId: KENJI, idempotencyKey: 'key-deposit-1', body });
      const again = await command.submit({ clientId: KENJI, idempotencyKey: 'key-deposit-1', body: { ...body } });
      expect(first.status).to.equal(201);
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal(first.body);
      expect(again.location).to.equal(first.location).and.to.equal(`/platform/v1/applications/${(first.body as ApplicationView).applicationId}`);
      const conflict = await rejection(command.submit({ clientId: KENJI, idempotencyKey: 'key-deposit-1', body: { ...body, termMonths: 24 } }));
      expect(conflict).to.be.instanceOf(HubError).and.to.include({ code: 'IDEMPOTENCY_CONFLICT' });
      // The key is the client's own: another client may use it.
      expect((await command.submit({ clientId: LENA, idempotencyKey: 'key-deposit-1', body: OTHER })).status).to.equal(201);
      // Submitted at once with one key: one application.
      const raced = await Promise.all([1, 2, 3].map(() => command.submit({ clientId: KENJI, idempotencyKey: 'key-raced', body: OTHER })));
      expect(new Set(raced.map((each) => (each.body as ApplicationView).applicationId)).size).to.equal(1);
      expect(raced.map((each) => each.status).sort()).to.deep.equal([200, 200, 201]);
      expect(await inspect.count('application_request')).to.equal(3);
      expect(await inspect.count('outbox')).to.equal(3);
      expect(committed).to.equal(3);
    });

    it('lists the client’s applications newest first in pages, and refuses bad parameters', async () => {
      const { store } = db();
      let clock = Date.parse('2026-11-24T10:00:00Z');
      const command = createApplicationsCommand({ store, now: () => new Date((clock += 1000)) });
      const ids: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        ids.push(((await command.submit({ clientId: KENJI, idempotencyKey: `key-list-${index}`, body: { ...OTHER, description: `Wish ${index}` } })).body as ApplicationView).applicationId);
      }
      await command.submit({ clientId: LENA, idempotencyKey: 'key-list-lena', body: OTHER });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const query = new URLSearchParams({ limit: '2', ...(cursor ? { cursor } : {}) });
        const page = (await command.list(KENJI, query)).body as { items: ApplicationView[]; nextCursor?: string };
        expect(page.items.length).to.be.at.most(2);
        seen.push(...page.items.map((item) => item.applicationId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).to.deep.equal([...ids].reverse());
      const first = (await command.list(KENJI, new URLSearchParams({ limit: '1' }))).body as { nextCursor: string };
      for (const [query, code] of [
        [{ limit: '0' }, 'INVALID_REQUEST'],
        [{ limit: '101' }, 'INVALID_REQUEST'],
        [{ sort: 'asc' }, 'INVALID_REQUEST'],
        [{ cursor: 'garbage' }, 'INVALID_CURSOR'],
      ] as const) {
        const error = await rejection(command.list(KENJI, new URLSearchParams(query)));
        expect(error, JSON.stringify(query)).to.be.instanceOf(HubError).and.to.include({ code });
      }
      const foreign = await rejection(command.list(LENA, new URLSearchParams({ cursor: first.nextCursor })));
      expect(foreign).to.be.instanceOf(HubError).and.to.include({ code: 'INVALID_CURSOR' });
    });
  });
});
