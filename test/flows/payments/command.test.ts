/**
 * The payments command of the Platform API on every database: validation with coded
 * errors naming the field, idempotency per client and key, ownership of the source
 * account, and the payment written with its outbox message in one transaction.
 */
import { expect } from 'chai';
import { HubError } from '../../../hub/errors/catalog.js';
import type { CommandRequest } from '../../../hub/platform/commands.js';
import { createPaymentsCommand, isValidIban, type PaymentView } from '../../../flows/payments/index.js';
import { forEachDatabase } from '../../store/support.js';
import { balanceChanged } from '../../store/support.js';
import { forClient } from '../timeline/support.js';
import { applyEvents } from '../../../hub/events/apply.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const IBAN = 'DE89370400440532013000';

const body = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  fromAccountId: 'AC1',
  amount: { amount: '125.50', currency: 'EUR' },
  payee: { name: 'Jane Roe', iban: IBAN },
  remittanceInformation: 'Invoice 42',
  channel: 'MOBILE',
  ...overrides,
});

const request = (overrides: Partial<CommandRequest> = {}): CommandRequest => ({ clientId: 'CL1', idempotencyKey: 'key-0001', body: body(), ...overrides });

async function refusal(promise: Promise<unknown>): Promise<HubError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, 'a HubError').to.be.instanceOf(HubError);
  return error as HubError;
}

describe('payments: IBAN check digits', () => {
  it('accepts valid IBANs of several countries and refuses a changed digit or a bad length', () => {
    for (const iban of ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR1420041010050500013M02606', 'NL91ABNA0417164300']) expect(isValidIban(iban), iban).to.equal(true);
    for (const iban of ['DE89370400440532013001', 'DE8937040044053201300', 'GB82WEST1234569876543X', 'de89370400440532013000', 'DE00370400440532013000']) expect(isValidIban(iban), iban).to.equal(false);
  });
});

forEachDatabase('payments command', (db) => {
  let committed = 0;
  const command = () => createPaymentsCommand({ store: db().store, now: () => NOW, onCommitted: () => (committed += 1) });

  beforeEach(async () => {
    committed = 0;
    const events = [forClient(balanceChanged('AC1', 1, { BOOKED: '10.00' }), 'CL1'), forClient(balanceChanged('AC2', 1, { BOOKED: '10.00' }), 'CL2')];
    await applyEvents(db().store, 'CORE_BANKING', events, NOW);
  });

  it('writes the payment REQUESTED with its payment.requested outbox message, and answers 201 with its location', async () => {
    const answer = await command().submit(request());
    expect(answer.status).to.equal(201);
    const view = answer.body as PaymentView;
    expect(answer.location).to.equal(`/platform/v1/payments/${view.paymentId}`);
    expect(view).to.deep.include({ status: 'REQUESTED', fromAccountId: 'AC1', amount: { amount: '125.50', currency: 'EUR' }, channel: 'MOBILE', remittanceInformation: 'Invoice 42' });
    expect(view.payee).to.deep.equal({ name: 'Jane Roe', iban: IBAN });
    expect(view.statusHistory).to.deep.equal([{ status: 'REQUESTED', occurredAt: NOW.toISOString() }]);
    expect(committed).to.equal(1);
    const outbox = (await db().store.pending(100)).filter((row) => row.routingKey === 'payment.requested');
    expect(outbox).to.have.length(1);
    expect(outbox[0]!.eventId).to.equal(view.paymentId);
    expect(JSON.parse(outbox[0]!.payload)).to.deep.equal({ paymentId: view.paymentId, clientId: 'CL1', aggregateType: 'CLIENT', aggregateId: 'CL1' });
    expect(await db().inspect.count('payment')).to.equal(1);
    const read = await command().read('CL1', view.paymentId);
    expect(read?.body).to.deep.equal(view);
    expect(await command().read('CL2', view.paymentId), 'someone else’s payment').to.equal(undefined);
  });

  it('answers the first payment for the same key and the same request (200), also when written differently', async () => {
    const first = await command().submit(request());
    // The same request: the IBAN in groups of four, the same amount.
    const again = await command().submit(request({ body: body({ payee: { name: 'Jane Roe', iban: 'DE89 3704 0044 0532 0130 00' } }) }));
    expect(again.status).to.equal(200);
    expect((again.body as PaymentView).paymentId).to.equal((first.body as PaymentView).paymentId);
    expect(again.location).to.equal(first.location);
    expect(await db().inspect.count('payment')).to.equal(1);
    expect((await db().store.pending(100)).filter((row) => row.routingKey === 'payment.requested')).to.have.length(1);
    expect(committed).to.equal(1);
    // The key is per client: another client's request with it is a payment of its own.
    const other = await command().submit(request({ clientId: 'CL2', body: body({ fromAccountId: 'AC2' }) }));
    expect(other.status).to.equal(201);
  });

  it('refuses the same key with another request (IDEMPOTENCY_CONFLICT, 409) and writes nothing', async () => {
    await command().submit(request());
    const error = await refusal(command().submit(request({ body: body({ amount: { amount: '125.51', currency: 'EUR' } }) })));
    expect(error.code).to.equal('IDEMPOTENCY_CONFLICT');
    expect(await db().inspect.count('payment')).to.equal(1);
  });

  it('answers NOT_FOUND for an unknown account and for someone else’s, and writes nothing', async () => {
    for (const fromAccountId of ['AC404', 'AC2']) {
      const error = await refusal(command().submit(request({ idempotencyKey: `key-${fromAccountId}`, body: body({ fromAccountId }) })));
      expect(error.code, fromAccountId).to.equal('NOT_FOUND');
      expect(error.options.field).to.equal('fromAccountId');
    }
    expect(await db().inspect.count('payment')).to.equal(0);
    expect((await db().store.pending(100)).filter((row) => row.routingKey === 'payment.requested')).to.have.length(0);
    expect(committed).to.equal(0);
  });

  it('refuses bad requests with a code that names the field', async () => {
    const cases: [string, CommandRequest, string, string][] = [
      ['not an object', request({ body: [1] }), 'INVALID_REQUEST', 'body'],
      ['an unknown field', request({ body: body({ priority: 'high' }) }), 'INVALID_REQUEST', 'priority'],
      ['no account', request({ body: body({ fromAccountId: undefined }) }), 'INVALID_REQUEST', 'fromAccountId'],
      ['an amount as a number', request({ body: body({ amount: { amount: 12.5, currency: 'EUR' } }) }), 'INVALID_MONEY', 'amount.amount'],
      ['too many decimals', request({ body: body({ amount: { amount: '1.005', currency: 'EUR' } }) }), 'INVALID_MONEY', 'amount.amount'],
      ['a yen fraction', request({ body: body({ amount: { amount: '10.5', currency: 'JPY' } }) }), 'INVALID_MONEY', 'amount.amount'],
      ['an exponent', request({ body: body({ amount: { amount: '1e3', currency: 'EUR' } }) }), 'INVALID_MONEY', 'amount.amount'],
      ['zero', request({ body: body({ amount: { amount: '0.00', currency: 'EUR' } }) }), 'INVALID_MONEY', 'amount.amount'],
      ['negative', request({ body: body({ amount: { amount: '-5.00', currency: 'EUR' } }) }), 'INVALID_MONEY', 'amount.amount'],
      ['unknown currency', request({ body: body({ amount: { amount: '5.00', currency: 'XYZ' } }) }), 'UNKNOWN_CURRENCY', 'amount.currency'],
      ['bad check digits', request({ body: body({ payee: { name: 'Jane Roe', iban: 'DE89370400440532013001' } }) }), 'INVALID_REQUEST', 'payee.iban'],
      ['no payee name', request({ body: body({ payee: { iban: IBAN } }) }), 'INVALID_REQUEST', 'payee.name'],
      ['a payee name too long', request({ body: body({ payee: { name: 'x'.repeat(141), iban: IBAN } }) }), 'INVALID_REQUEST', 'payee.name'],
      ['a bad BIC', request({ body: body({ payee: { name: 'Jane Roe', iban: IBAN, bic: 'COBA' } }) }), 'INVALID_REQUEST', 'payee.bic'],
      ['a remittance too long', request({ body: body({ remittanceInformation: 'r'.repeat(141) }) }), 'INVALID_REQUEST', 'remittanceInformation'],
      ['a control character', request({ body: body({ remittanceInformation: 'a\u0000b' }) }), 'INVALID_REQUEST', 'remittanceInformation'],
      ['an unknown channel', request({ body: body({ channel: 'BRANCH' }) }), 'INVALID_REQUEST', 'channel'],
      ['a date in the past', request({ body: body({ requestedExecutionDate: '2026-11-23' }) }), 'INVALID_REQUEST', 'requestedExecutionDate'],
      ['a date that does not exist', request({ body: body({ requestedExecutionDate: '2026-02-30' }) }), 'INVALID_REQUEST', 'requestedExecutionDate'],
      ['a date too far ahead', request({ body: body({ requestedExecutionDate: '2027-12-01' }) }), 'INVALID_REQUEST', 'requestedExecutionDate'],
      ['an empty key', request({ idempotencyKey: '' }), 'INVALID_REQUEST', 'Idempotency-Key'],
      ['a key with a space', request({ idempotencyKey: 'a b' }), 'INVALID_REQUEST', 'Idempotency-Key'],
    ];
    for (const [what, each, code, field] of cases) {
      const error = await refusal(command().submit(each));
      expect(error.code, what).to.equal(code);
      expect(error.options.field, what).to.equal(field);
      expect(error.message, what).to.not.match(/at .*\.ts:/);
    }
    expect(await db().inspect.count('payment')).to.equal(0);
  });

  it('lists the client’s payments newest first in pages, with their histories', async () => {
    let tick = 0;
    const ticking = createPaymentsCommand({ store: db().store, now: () => new Date(NOW.getTime() + (tick += 1) * 1000) });
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push(((await ticking.submit(request({ idempotencyKey: `key-list-${index}` }))).body as PaymentView).paymentId);
    await ticking.submit(request({ clientId: 'CL2', idempotencyKey: 'key-list-x', body: body({ fromAccountId: 'AC2' }) }));
    const first = await ticking.list('CL1', new URLSearchParams({ limit: '3' }));
    const page1 = first.body as { items: PaymentView[]; nextCursor?: string };
    expect(page1.items.map((each) => each.paymentId)).to.deep.equal(ids.slice(2).reverse());
    expect(page1.items[0]!.statusHistory).to.have.length(1);
    const second = await ticking.list('CL1', new URLSearchParams({ limit: '3', cursor: page1.nextCursor! }));
    const page2 = second.body as { items: PaymentView[]; nextCursor?: string };
    expect(page2.items.map((each) => each.paymentId)).to.deep.equal(ids.slice(0, 2).reverse());
    expect(page2.nextCursor).to.equal(undefined);
    expect((await refusal(ticking.list('CL1', new URLSearchParams({ cursor: 'nonsense' })))).code).to.equal('INVALID_CURSOR');
    expect((await refusal(ticking.list('CL1', new URLSearchParams({ limit: '0' })))).code).to.equal('INVALID_REQUEST');
    expect((await refusal(ticking.list('CL1', new URLSearchParams({ status: 'X' })))).code).to.equal('INVALID_REQUEST');
  });
});
