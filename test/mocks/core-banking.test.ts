import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import { createPayloadValidator, type PayloadValidator } from '../../common/contracts/validator.js';
import { loadWsdlModel } from '../../common/contracts/wsdl-model.js';
import type { EncodableObject, PlainObject } from '../../common/soap/codec.js';
import { createContractCodec } from '../../common/soap/contract-codec.js';
import { isRegisteredIban as isValidIban } from '../../mocks/seed/iban.js';
import { annuitySchedule, monthlyRate } from '../../mocks/core-banking/loan-schedule.js';
import { ContractFault } from '../../mocks/server/types.js';
import {
  BROKEN_IBAN, DOMESTIC_IBAN, FOREIGN_IBAN, START, TODAY, at, balancesOf, bank, contract, iban, transferRequest, type Bank,
} from './core-banking-support.js';

const operations = loadWsdlModel(contract).operations;
const codec = createContractCodec(contract);
const cacheControl = findContract('cache-control')!;
const cacheCodec = createContractCodec(cacheControl);

async function createdTransfer(b: Bank, overrides: Record<string, unknown>, key: string): Promise<PlainObject> {
  return at(await b.call('CreateTransfer', transferRequest(overrides, key)), 'transfer') as PlainObject;
}

const external = { creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Stadtwerke Berlin GmbH' } };

/** For each operation: prepares what it needs and returns a realistic request. */
const scenarios: Record<string, (b: Bank) => Promise<PlainObject>> = {
  GetClientAccounts: async () => ({ clientId: 'C1', includeClosed: 'true' }),
  GetAccount: async () => ({ accountId: 'A1', clientId: 'C1' }),
  GetBalances: async () => ({ accountId: 'A1' }),
  GetTransactions: async (b) => {
    await createdTransfer(b, external, 'key-pending-0001');
    return { accountId: 'A1', clientId: 'C1', period: { from: '2026-10-01', to: TODAY }, status: 'BOTH', page: { limit: '3' } };
  },
  GetTransaction: async () => ({ accountId: 'A1', entryReference: 'S-A1-2', clientId: 'C1' }),
  GetStatement: async (b) => {
    await createdTransfer(b, {}, 'key-statement-01');
    return { accountId: 'A1', clientId: 'C1', period: { from: '2026-10-01', to: TODAY }, page: { limit: '4' } };
  },
  ValidateAccount: async () => ({ account: { iban: iban('3') } }),
  SimulateTransfer: async () => ({
    transfer: { ...(transferRequest({ creditor: { account: { iban: FOREIGN_IBAN }, name: 'Marie Dubois', bic: 'BNPAFRPPXXX' }, amount: { amount: '250.00', currency: 'USD' }, channel: 'BRANCH' }).transfer as PlainObject) },
  }),
  CreateTransfer: async () => transferRequest({ amount: { amount: '250.00', currency: 'USD' }, creditor: { account: { iban: FOREIGN_IBAN }, name: 'Marie Dubois' } }),
  GetTransferStatus: async (b) => ({ transferId: at(await createdTransfer(b, {}, 'key-status-0001'), 'transferId') as string, clientId: 'C1' }),
  CancelTransfer: async (b) => ({
    transferId: at(await createdTransfer(b, external, 'key-cancel-0001'), 'transferId') as string,
    clientId: 'C1',
    reason: 'Wrong amount',
    channel: 'WEB',
  }),
  CreateStandingOrder: async () => standingOrderRequest('key-order-00001'),
  ListStandingOrders: async (b) => {
    await b.call('CreateStandingOrder', standingOrderRequest('key-order-00002'));
    return { clientId: 'C1', accountId: 'A1', includeInactive: 'true', page: { limit: '10' } };
  },
  CancelStandingOrder: async (b) => ({
    standingOrderId: at(await b.call('CreateStandingOrder', standingOrderRequest('key-order-00003')), 'standingOrder', 'standingOrderId') as string,
    clientId: 'C1',
    channel: 'MOBILE',
  }),
  GetClientDeposits: async () => ({ clientId: 'C2', includeClosed: 'true' }),
  GetDeposit: async () => ({ depositId: 'D1', clientId: 'C2' }),
  GetDepositSchedule: async () => ({ depositId: 'D1', clientId: 'C2' }),
  OpenDeposit: async () => openDepositRequest('key-deposit-001'),
  CloseDeposit: async () => ({ idempotencyKey: 'key-close-00001', clientId: 'C2', depositId: 'D1', targetAccountId: 'A4', channel: 'WEB' }),
  GetClientLoans: async () => ({ clientId: 'C1', includeClosed: 'true' }),
  GetLoan: async () => ({ loanId: 'L1', clientId: 'C1' }),
  GetLoanSchedule: async () => ({ loanId: 'L1' }),
  RepayLoan: async () => repayRequest('key-repay-00001', '100.00', 'REGULAR'),
  PlaceHold: async () => holdRequest('key-hold-000001', '50.00'),
  ReleaseHold: async (b) => ({ accountId: 'A1', holdId: at(await b.call('PlaceHold', holdRequest('key-hold-000002', '20.00')), 'hold', 'holdId') as string, clientId: 'C1' }),
  GetFxRates: async () => ({ baseCurrency: 'EUR' }),
  GetConversionQuote: async () => ({ sellCurrency: 'EUR', buyCurrency: 'USD', fixedSide: 'BUY', amount: { amount: '250.00', currency: 'USD' }, clientId: 'C1' }),
};

function standingOrderRequest(key: string, overrides: Record<string, unknown> = {}): PlainObject {
  return {
    idempotencyKey: key,
    clientId: 'C1',
    debtorAccountId: 'A1',
    creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Sports Club e.V.' },
    amount: { amount: '25.00', currency: 'EUR' },
    remittanceInformation: 'Membership',
    frequency: 'MONTHLY',
    firstExecutionDate: '2026-11-30',
    lastExecutionDate: '2027-02-28',
    channel: 'WEB',
    ...overrides,
  } as PlainObject;
}

function openDepositRequest(key: string, overrides: Record<string, unknown> = {}): PlainObject {
  return {
    idempotencyKey: key,
    clientId: 'C1',
    productCode: 'TD-12M',
    sourceAccountId: 'A1',
    amount: { amount: '2000.00', currency: 'EUR' },
    termMonths: '6',
    channel: 'MOBILE',
    ...overrides,
  } as PlainObject;
}

function repayRequest(key: string, amount: string, repaymentType: string): PlainObject {
  return { idempotencyKey: key, clientId: 'C1', loanId: 'L1', fromAccountId: 'A1', amount: { amount, currency: 'EUR' }, repaymentType, channel: 'MOBILE' };
}

function holdRequest(key: string, amount: string, overrides: Record<string, unknown> = {}): PlainObject {
  return { idempotencyKey: key, accountId: 'A1', clientId: 'C1', amount: { amount, currency: 'EUR' }, reason: 'Card order reservation', expiresAt: '2026-11-30T00:00:00Z', ...overrides } as PlainObject;
}

function minor(amount: unknown): bigint {
  const [integer = '0', fraction = ''] = String(amount).replace('-', '').split('.');
  const value = BigInt(integer + fraction.padEnd(2, '0'));
  return String(amount).startsWith('-') ? -value : value;
}

describe('mock core-banking', function () {
  let validator: PayloadValidator;
  let eventValidator: PayloadValidator;
  before(() => {
    validator = createPayloadValidator(contract);
    eventValidator = createPayloadValidator(cacheControl);
  });
  after(() => {
    validator.dispose();
    eventValidator.dispose();
  });

  function expectValid(element: string, value: EncodableObject, label: string): void {
    const xml = codec.encode(element, value);
    expect(validator.validateDocument(xml), `${label}\n${xml}`).to.deep.equal({ valid: true });
  }

  function expectEventsValid(b: Bank): void {
    const notices = b.sink.notices;
    for (let start = 0; start < notices.length; start += 1000) {
      const event = notices.slice(start, start + 1000).map((notice, index) => ({
        eventId: `event-${start + index}`,
        sourceSystem: 'CORE_BANKING',
        aggregate: { aggregateType: notice.aggregateType, aggregateId: notice.aggregateId },
        sequence: start + index + 1,
        occurredAt: notice.occurredAt.toISOString(),
        schemaVersion: '1.0',
        ...notice.payload,
      }));
      const xml = cacheCodec.encode('{urn:dbp:cachecontrol:v1}PublishEvents', { event });
      expect(eventValidator.validateDocument(xml), xml.slice(0, 2000)).to.deep.equal({ valid: true });
    }
  }

  describe('contract', () => {
    for (const operation of operations) {
      it(`${operation.name}: answers a realistic request with a schema-valid response`, async () => {
        const scenario = scenarios[operation.name];
        expect(scenario, `no scenario for ${operation.name}`).to.be.a('function');
        const b = bank();
        const request = await scenario!(b);
        expectValid(operation.input, request, `${operation.name} request`);
        const response = await b.call(operation.name, request);
        expectValid(operation.output, response, `${operation.name} response`);
        expectEventsValid(b);
      });
    }

    it('has a handler for every operation and nothing else', () => {
      const b = bank();
      expect(Object.keys(b.mock.handlers).sort()).to.deep.equal(operations.map((operation) => operation.name).sort());
      expect(operations).to.have.length(27);
    });
  });

  describe('ledger and accounts', () => {
    it('builds balances from the seeded history and keeps every currency at zero across client and bank accounts', async () => {
      const b = bank();
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' }))).to.deep.equal({ BOOKED: '4754.10', AVAILABLE: '5254.10', BLOCKED: '0.00' });
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A2' }))).to.deep.equal({ BOOKED: '1000.00', AVAILABLE: '1000.00', BLOCKED: '0.00' });
      for (const [, total] of b.mock.state.core.ledger.totalsByCurrency()) expect(total).to.equal(0n);
      for (const journal of b.mock.state.core.ledger.journals()) {
        const sums = new Map<string, bigint>();
        for (const posting of journal.postings) sums.set(posting.currency, (sums.get(posting.currency) ?? 0n) + posting.amount);
        for (const [, sum] of sums) expect(sum).to.equal(0n);
      }
    });

    it('lists a client’s accounts by opening date, leaves closed ones out unless asked, and hides other clients’ accounts', async () => {
      const b = bank();
      expect((at(await b.call('GetClientAccounts', { clientId: 'C1' }), 'account') as PlainObject[]).map((account) => account.accountId)).to.deep.equal(['A1', 'A2']);
      b.mock.fixtures.setAccountStatus({ accountId: 'A2', status: 'CLOSED' });
      expect((at(await b.call('GetClientAccounts', { clientId: 'C1' }), 'account') as PlainObject[]).map((account) => account.accountId)).to.deep.equal(['A1']);
      const all = at(await b.call('GetClientAccounts', { clientId: 'C1', includeClosed: 'true' }), 'account') as PlainObject[];
      expect(all.map((account) => [account.accountId, account.status, account.closingDate])).to.deep.equal([['A1', 'OPEN', undefined], ['A2', 'CLOSED', TODAY]]);
      await b.fails('GetClientAccounts', { clientId: 'NOBODY' }, 'CLIENT_NOT_FOUND');
      await b.fails('GetAccount', { accountId: 'A3', clientId: 'C1' }, 'ACCOUNT_NOT_FOUND');
      await b.fails('GetBalances', { accountId: 'NOPE' }, 'ACCOUNT_NOT_FOUND');
      await b.fails('GetTransaction', { accountId: 'A1', entryReference: 'S-A3-1' }, 'TRANSACTION_NOT_FOUND');
    });

    it('computes statements from postings: opening and closing balances, totals, counts and a running balanceAfter', async () => {
      const b = bank();
      await createdTransfer(b, {}, 'key-statement-02');
      const first = await b.call('GetStatement', { accountId: 'A1', period: { from: '2026-10-02', to: TODAY }, page: { limit: '2' } });
      expect(at(first, 'openingBalance', 'amount', 'amount')).to.equal('3000.00');
      expect(at(first, 'closingBalance', 'amount', 'amount')).to.equal('4654.10');
      expect(at(first, 'totalCredits', 'amount')).to.equal('3000.00');
      expect(at(first, 'totalDebits', 'amount')).to.equal('1345.90');
      expect([at(first, 'creditCount'), at(first, 'debitCount')]).to.deep.equal([1, 3]);
      const second = await b.call('GetStatement', { accountId: 'A1', period: { from: '2026-10-02', to: TODAY }, page: { cursor: at(first, 'page', 'nextCursor') as string, limit: '2' } });
      expect(at(second, 'openingBalance')).to.deep.equal(at(first, 'openingBalance'));
      const entries = [...(first.transaction as PlainObject[]), ...(second.transaction as PlainObject[])];
      expect(at(second, 'page', 'hasMore')).to.equal(false);
      let running = minor(at(first, 'openingBalance', 'amount', 'amount'));
      for (const entry of entries) {
        running += (entry.creditDebitIndicator === 'CRDT' ? 1n : -1n) * minor(at(entry, 'amount', 'amount'));
        expect(minor(at(entry, 'balanceAfter', 'amount')), String(entry.entryReference)).to.equal(running);
      }
      expect(running).to.equal(minor(at(first, 'closingBalance', 'amount', 'amount')));
      await b.fails('GetStatement', { accountId: 'A1', period: { from: TODAY, to: '2026-11-25' } }, 'INVALID_PERIOD');
      await b.fails('GetStatement', { accountId: 'A1', period: { from: '2026-11-10', to: '2026-11-01' } }, 'INVALID_PERIOD');
    });

    it('pages entries newest first with cursors that never skip or repeat, even when entries arrive in between', async () => {
      const b = bank();
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const response = await b.call('GetTransactions', { accountId: 'A1', period: { from: '2026-01-01', to: TODAY }, page: { limit: '1', ...(cursor ? { cursor } : {}) } });
        seen.push(...(response.transaction as PlainObject[]).map((entry) => entry.entryReference as string));
        cursor = at(response, 'page', 'nextCursor') as string | undefined;
        if (pages === 0) await createdTransfer(b, {}, 'key-paging-0001');
        pages += 1;
      } while (cursor);
      expect(seen).to.deep.equal(['S-A1-4', 'S-A1-3', 'S-A1-2', 'S-A1-1']);
      const request = { accountId: 'A1', period: { from: '2026-01-01', to: TODAY }, page: { limit: '1' } };
      const first = await b.call('GetTransactions', request);
      await b.fails('GetTransactions', { ...request, page: { cursor: 'not-a-cursor!' } }, 'INVALID_CURSOR');
      await b.fails('GetTransactions', { ...request, status: 'BOOKED', page: { cursor: at(first, 'page', 'nextCursor') as string } }, 'INVALID_CURSOR');
      await b.fails('GetTransactions', { ...request, period: { from: '2025-01-01', to: TODAY } }, 'INVALID_PERIOD');
    });

    it('shows pending entries only while they are current, and a pending entry keeps its reference when booked', async () => {
      const b = bank({ settlementDelayMs: 1000 });
      const transfer = await createdTransfer(b, external, 'key-pending-0002');
      const reference = transfer.entryReference as string;
      const pending = await b.call('GetTransactions', { accountId: 'A1', period: { from: TODAY, to: TODAY }, status: 'PENDING' });
      expect((pending.transaction as PlainObject[]).map((entry) => [entry.entryReference, entry.status, entry.bookingDate])).to.deep.include([reference, 'PENDING', undefined]);
      const past = await b.call('GetTransactions', { accountId: 'A1', period: { from: '2026-11-01', to: '2026-11-23' }, status: 'PENDING' });
      expect(past.transaction ?? []).to.deep.equal([]);
      b.clock.advance(2000);
      const booked = await b.call('GetTransaction', { accountId: 'A1', entryReference: reference });
      expect([at(booked, 'transaction', 'status'), at(booked, 'transaction', 'bookingDate')]).to.deep.equal(['BOOKED', TODAY]);
    });

    it('validates accounts: check digits, this bank’s accounts, closed accounts', async () => {
      const b = bank();
      expect(isValidIban(DOMESTIC_IBAN) && isValidIban(FOREIGN_IBAN) && !isValidIban(BROKEN_IBAN)).to.equal(true);
      expect(await b.call('ValidateAccount', { account: { iban: BROKEN_IBAN } })).to.deep.include({ valid: false, reasonCode: 'INVALID_IBAN', internal: false });
      expect(await b.call('ValidateAccount', { account: { iban: FOREIGN_IBAN } })).to.deep.include({ valid: true, internal: false });
      expect(await b.call('ValidateAccount', { account: { iban: iban('3') } })).to.deep.include({ valid: true, internal: true, accountId: 'A3', accountHolderName: 'Boris Ivanov', currency: 'EUR' });
      expect(await b.call('ValidateAccount', { account: { iban: iban('999') } })).to.deep.include({ valid: false, reasonCode: 'ACCOUNT_NOT_FOUND', internal: true });
      expect(await b.call('ValidateAccount', { account: { accountId: 'NOPE' } })).to.deep.include({ valid: false, reasonCode: 'ACCOUNT_NOT_FOUND' });
      b.mock.fixtures.setAccountStatus({ accountId: 'A3', status: 'CLOSED' });
      expect(await b.call('ValidateAccount', { account: { accountId: 'A3' } })).to.deep.include({ valid: false, reasonCode: 'ACCOUNT_CLOSED', internal: true });
    });
  });

  describe('transfers', () => {
    it('books an internal transfer on both accounts at once (COMPLETED) with a balanced journal', async () => {
      const b = bank();
      const transfer = await createdTransfer(b, {}, 'key-internal-001');
      expect([transfer.status, transfer.scheme, at(transfer, 'totalDebit', 'amount'), transfer.fee]).to.deep.equal(['COMPLETED', 'INTERNAL', '100.00', undefined]);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).BOOKED).to.equal('4654.10');
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A3' })).BOOKED).to.equal('600.00');
      const debit = await b.call('GetTransaction', { accountId: 'A1', entryReference: transfer.entryReference as string });
      expect(at(debit, 'transaction')).to.deep.include({ status: 'BOOKED', kind: 'TRANSFER', creditDebitIndicator: 'DBIT', transferId: transfer.transferId, bookingDate: TODAY });
      expect(at(debit, 'transaction', 'balanceAfter', 'amount')).to.equal('4654.10');
      const posted = b.sink.notices.filter((notice) => 'transactionPosted' in notice.payload).map((notice) => notice.aggregateId);
      expect(posted).to.deep.equal(['A1', 'A3']);
    });

    it('reserves an external transfer with its fee as a pending entry, lets it be cancelled while ACCEPTED, and books it at settlement', async () => {
      const b = bank({ settlementDelayMs: 60_000 });
      const transfer = await createdTransfer(b, external, 'key-external-001');
      expect([transfer.status, transfer.scheme, at(transfer, 'totalDebit', 'amount')]).to.deep.equal(['ACCEPTED', 'DOMESTIC', '100.50']);
      expect((transfer.fee as PlainObject[]).map((fee) => [fee.code, at(fee, 'amount', 'amount')])).to.deep.equal([['TRF_DOMESTIC', '0.50']]);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' }))).to.deep.equal({ BOOKED: '4754.10', AVAILABLE: '5153.60', BLOCKED: '0.00' });
      // One event per pending entry (the amount, then its fee), each with the balances right after it.
      const reserved = b.sink.notices.map((notice) => at(notice.payload, 'transactionPosted') as PlainObject);
      expect(reserved.map((event) => [at(event, 'transaction', 'kind'), at(event, 'transaction', 'status'), balancesOf(event).AVAILABLE, balancesOf(event).BOOKED])).to.deep.equal([
        ['TRANSFER', 'PENDING', '5154.10', '4754.10'],
        ['FEE', 'PENDING', '5153.60', '4754.10'],
      ]);

      const cancelled = at(await b.call('CancelTransfer', { transferId: transfer.transferId as string, clientId: 'C1', channel: 'WEB' }), 'transfer') as PlainObject;
      expect([cancelled.status, cancelled.entryReference]).to.deep.equal(['CANCELLED', undefined]);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).AVAILABLE).to.equal('5254.10');
      expect(at(await b.call('CancelTransfer', { transferId: transfer.transferId as string, clientId: 'C1', channel: 'WEB' }), 'transfer', 'status')).to.equal('CANCELLED');
      await b.fails('GetTransaction', { accountId: 'A1', entryReference: transfer.entryReference as string }, 'TRANSACTION_NOT_FOUND');

      const second = await createdTransfer(b, external, 'key-external-002');
      b.clock.advance(61_000);
      const settled = at(await b.call('GetTransferStatus', { transferId: second.transferId as string }), 'transfer') as PlainObject;
      expect([settled.status, settled.entryReference]).to.deep.equal(['COMPLETED', second.entryReference]);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' }))).to.deep.equal({ BOOKED: '4653.60', AVAILABLE: '5153.60', BLOCKED: '0.00' });
      const booked = b.sink.notices.slice(-2).map((notice) => at(notice.payload, 'transactionPosted') as PlainObject);
      expect(booked.map((event) => [at(event, 'transaction', 'status'), balancesOf(event).BOOKED, balancesOf(event).AVAILABLE])).to.deep.equal([
        ['BOOKED', '4654.10', '5153.60'],
        ['BOOKED', '4653.60', '5153.60'],
      ]);
      await b.fails('CancelTransfer', { transferId: second.transferId as string, clientId: 'C1', channel: 'WEB' }, 'INVALID_STATE');
      await b.fails('GetTransferStatus', { transferId: second.transferId as string, clientId: 'C2' }, 'TRANSFER_NOT_FOUND');
      await b.fails('CancelTransfer', { transferId: second.transferId as string, clientId: 'C2', channel: 'WEB' }, 'TRANSFER_NOT_FOUND');
    });

    it('converts at the sell rate when currencies differ, posting through the FX position of each currency', async () => {
      const b = bank();
      const transfer = await createdTransfer(b, { creditor: { account: { iban: FOREIGN_IBAN }, name: 'Marie Dubois' }, amount: { amount: '1085.00', currency: 'USD' } }, 'key-fx-00000001');
      // EUR/USD mid 1.085 with a 0.5 % margin: the bank sells USD (buys EUR) at 1.079575.
      expect(at(transfer, 'conversion')).to.deep.equal({
        sellAmount: { amount: '1005.03', currency: 'EUR' },
        buyAmount: { amount: '1085.00', currency: 'USD' },
        baseCurrency: 'EUR',
        quoteCurrency: 'USD',
        rate: '1.079575',
      });
      expect([transfer.scheme, at(transfer, 'totalDebit', 'amount')]).to.deep.equal(['INTERNATIONAL', '1020.03']);
      const ledger = b.mock.state.core.ledger;
      const journal = ledger.journals().find((candidate) => candidate.source.idempotencyKey === 'key-fx-00000001')!;
      expect(journal.postings.map((posting) => [posting.accountId, posting.amount])).to.deep.equal([
        ['A1', -100_503n], ['A1', -1_500n], ['GL:FEE_INCOME:EUR', 1_500n], ['GL:FX_POSITION:EUR', 100_503n], ['GL:FX_POSITION:USD', -108_500n], ['GL:CLEARING:USD', 108_500n],
      ]);
      const pending = ledger.entry('A1', transfer.entryReference as string)!;
      expect(pending.details.originalAmount).to.deep.equal({ minor: 108_500n, currency: 'USD' });
    });

    it('uses a conversion quote once, before it expires', async () => {
      const b = bank();
      const quote = await b.call('GetConversionQuote', { sellCurrency: 'EUR', buyCurrency: 'USD', fixedSide: 'BUY', amount: { amount: '500.00', currency: 'USD' }, clientId: 'C1' });
      const instruction = { creditor: { account: { iban: FOREIGN_IBAN }, name: 'Marie Dubois' }, amount: { amount: '500.00', currency: 'USD' }, quoteId: quote.quoteId };
      const simulated = (await b.call('SimulateTransfer', transferRequest(instruction))) as PlainObject;
      expect([simulated.wouldSucceed, at(simulated, 'conversion')]).to.deep.equal([true, quote.conversion]);
      const transfer = await createdTransfer(b, instruction, 'key-quote-00001');
      expect([transfer.quoteId, at(transfer, 'conversion')]).to.deep.equal([quote.quoteId, quote.conversion]);
      await b.fails('CreateTransfer', transferRequest(instruction, 'key-quote-00002'), 'QUOTE_EXPIRED');
      const late = await b.call('GetConversionQuote', { sellCurrency: 'EUR', buyCurrency: 'USD', fixedSide: 'BUY', amount: { amount: '500.00', currency: 'USD' } });
      b.clock.advance(301_000);
      await b.fails('CreateTransfer', transferRequest({ ...instruction, quoteId: late.quoteId }, 'key-quote-00003'), 'QUOTE_EXPIRED');
      await b.fails('GetConversionQuote', { sellCurrency: 'EUR', buyCurrency: 'SEK', fixedSide: 'SELL', amount: { amount: '10.00', currency: 'EUR' } }, 'UNSUPPORTED_CURRENCY_PAIR');
      await b.fails('GetConversionQuote', { sellCurrency: 'EUR', buyCurrency: 'USD', fixedSide: 'SELL', amount: { amount: '10.00', currency: 'USD' } }, 'CURRENCY_MISMATCH');
      await b.fails('GetConversionQuote', { sellCurrency: 'EUR', buyCurrency: 'USD', fixedSide: 'SELL', amount: { amount: '10.001', currency: 'EUR' } }, 'INVALID_MONEY');
      await b.fails('GetFxRates', { baseCurrency: 'XYZ' }, 'UNKNOWN_CURRENCY');
    });

    it('refuses broken instructions with the documented fault, and SimulateTransfer reports the same code without posting', async () => {
      const b = bank();
      const cases: [Record<string, unknown>, string][] = [
        [{ debtorAccountId: 'A3' }, 'ACCOUNT_NOT_FOUND'],
        [{ creditor: { account: { accountId: 'NOPE' }, name: 'Nobody' } }, 'ACCOUNT_NOT_FOUND'],
        [{ creditor: { account: { iban: iban('999') }, name: 'Nobody' } }, 'ACCOUNT_NOT_FOUND'],
        [{ amount: { amount: '5254.10', currency: 'EUR' }, ...external }, 'INSUFFICIENT_FUNDS'],
        [{ amount: { amount: '60000.00', currency: 'EUR' }, requestedExecutionDate: '2026-11-30' }, 'LIMIT_EXCEEDED'],
        [{ amount: { amount: '100.00', currency: 'USD' } }, 'CURRENCY_MISMATCH'],
        [{ amount: { amount: '100.00', currency: 'SEK' }, ...external }, 'UNSUPPORTED_CURRENCY_PAIR'],
        [{ quoteId: 'QT-99999999' }, 'QUOTE_EXPIRED'],
        [{ creditor: { account: { iban: BROKEN_IBAN }, name: 'Typo' } }, 'INVALID_IBAN'],
        [{ creditor: { account: { iban: iban('1') }, name: 'Myself' } }, 'SAME_ACCOUNT'],
        [{ requestedExecutionDate: '2026-11-23' }, 'INVALID_PERIOD'],
        [{ requestedExecutionDate: '2027-12-01' }, 'INVALID_PERIOD'],
      ];
      const journals = b.mock.state.core.ledger.journals().length;
      for (const [overrides, code] of cases) {
        const simulated = await b.call('SimulateTransfer', { transfer: transferRequest(overrides).transfer as PlainObject });
        expect([simulated.wouldSucceed, simulated.faultCode], JSON.stringify(overrides)).to.deep.equal([false, code]);
        await b.fails('CreateTransfer', transferRequest(overrides, `key-${code.toLowerCase()}`.slice(0, 60)), code);
      }
      await b.fails('CreateTransfer', { idempotencyKey: 'key-unverified', transfer: { ...(transferRequest().transfer as PlainObject), clientId: 'C3', debtorAccountId: 'A5' } }, 'KYC_REQUIRED');
      await b.fails('CreateTransfer', transferRequest({ amount: { amount: '1.005', currency: 'EUR' } }, 'key-money-00001'), 'INVALID_MONEY');
      await b.fails('SimulateTransfer', { transfer: transferRequest({ amount: { amount: '1.00', currency: 'XXQ' } }).transfer as PlainObject }, 'UNKNOWN_CURRENCY');
      b.mock.fixtures.setAccountStatus({ accountId: 'A1', status: 'BLOCKED' });
      await b.fails('CreateTransfer', transferRequest({}, 'key-blocked-001'), 'ACCOUNT_BLOCKED');
      expect(at(await createdTransfer(b, { debtorAccountId: 'A3', clientId: 'C2', creditor: { account: { accountId: 'A1' }, name: 'Anna' } }, 'key-to-blocked1'), 'status')).to.equal('COMPLETED');
      b.mock.fixtures.setAccountStatus({ accountId: 'A1', status: 'CLOSED' });
      await b.fails('CreateTransfer', transferRequest({}, 'key-closed-0001'), 'ACCOUNT_CLOSED');
      await b.fails('CreateTransfer', transferRequest({ debtorAccountId: 'A3', clientId: 'C2', creditor: { account: { accountId: 'A1' }, name: 'Anna' } }, 'key-to-closed01'), 'ACCOUNT_CLOSED');
      expect(b.mock.state.core.ledger.journals().length).to.equal(journals + 1);
    });

    it('prices a simulation exactly as the transfer it would create, fees and available balance included', async () => {
      const b = bank();
      const instruction = { ...external, amount: { amount: '5253.60', currency: 'EUR' }, channel: 'BRANCH' };
      const simulated = await b.call('SimulateTransfer', { transfer: transferRequest(instruction).transfer as PlainObject });
      expect([simulated.faultCode, at(simulated, 'totalFees', 'amount'), at(simulated, 'totalDebit', 'amount')]).to.deep.equal(['INSUFFICIENT_FUNDS', '2.50', '5256.10']);
      const affordable = { ...instruction, amount: { amount: '5251.60', currency: 'EUR' } };
      const ok = await b.call('SimulateTransfer', { transfer: transferRequest(affordable).transfer as PlainObject });
      const created = await createdTransfer(b, affordable, 'key-simulated-1');
      expect([ok.wouldSucceed, at(ok, 'totalDebit'), ok.fee, ok.executionDate]).to.deep.equal([true, created.totalDebit, created.fee, created.executionDate]);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).AVAILABLE).to.equal('0.00');
    });

    it('returns the first transfer for a repeated key and refuses the key with other content', async () => {
      const b = bank();
      const first = await createdTransfer(b, {}, 'key-repeat-0001');
      const again = await createdTransfer(b, {}, 'key-repeat-0001');
      expect(again.transferId).to.equal(first.transferId);
      expect(b.mock.state.core.ledger.journals().filter((journal) => journal.source.idempotencyKey === 'key-repeat-0001')).to.have.length(1);
      await b.fails('CreateTransfer', transferRequest({ amount: { amount: '100.01', currency: 'EUR' } }, 'key-repeat-0001'), 'IDEMPOTENCY_CONFLICT');
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).BOOKED).to.equal('4654.10');
      await b.fails('CreateTransfer', transferRequest({ amount: { amount: '9999.00', currency: 'EUR' } }, 'key-failed-0001'), 'INSUFFICIENT_FUNDS');
      expect(at(await createdTransfer(b, {}, 'key-failed-0001'), 'status')).to.equal('COMPLETED');
    });

    it('checks a future-dated transfer on its execution date and rejects it when funds are missing', async () => {
      const b = bank();
      const later = await createdTransfer(b, { requestedExecutionDate: '2026-11-28' }, 'key-future-0001');
      expect([later.status, later.executionDate, later.entryReference]).to.deep.equal(['ACCEPTED', '2026-11-30', undefined]);
      const tooMuch = await createdTransfer(b, { requestedExecutionDate: '2026-11-30', amount: { amount: '5200.00', currency: 'EUR' } }, 'key-future-0002');
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).AVAILABLE).to.equal('5254.10');
      b.clock.set('2026-11-30T08:00:00Z');
      const done = at(await b.call('GetTransferStatus', { transferId: later.transferId as string }), 'transfer') as PlainObject;
      const rejected = at(await b.call('GetTransferStatus', { transferId: tooMuch.transferId as string }), 'transfer') as PlainObject;
      expect([done.status, done.executionDate]).to.deep.equal(['COMPLETED', '2026-11-30']);
      expect([rejected.status, rejected.reasonCode]).to.deep.equal(['REJECTED', 'INSUFFICIENT_FUNDS']);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).BOOKED).to.equal('4654.10');
    });

    it('records a return by the creditor’s bank as REJECTED with the mapped reason and releases the reservation', async () => {
      const b = bank();
      const transfer = await createdTransfer(b, external, 'key-returned-01');
      const returned = b.mock.fixtures.returnTransfer({ transferId: transfer.transferId, externalReasonCode: 'AC04' });
      expect([returned.status, returned.reasonCode, returned.externalReasonCode]).to.deep.equal(['REJECTED', 'ACCOUNT_CLOSED', 'AC04']);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).AVAILABLE).to.equal('5254.10');
    });
  });

  describe('standing orders', () => {
    it('executes each scheduled date once as a transfer of its own, moves weekend dates, and completes after the last date', async () => {
      const b = bank();
      const order = at(await b.call('CreateStandingOrder', standingOrderRequest('key-order-run01')), 'standingOrder') as PlainObject;
      expect([order.status, order.nextExecutionDate]).to.deep.equal(['ACTIVE', '2026-11-30']);
      const id = order.standingOrderId as string;
      const transfersOf = () => [...b.mock.state.transfers.all()].filter((transfer) => transfer.standingOrderId === id);
      b.mock.state.runStandingOrders('2026-11-30');
      b.mock.state.runStandingOrders('2026-11-30');
      expect(transfersOf().map((transfer) => [transfer.status, transfer.executionDate])).to.deep.equal([['ACCEPTED', '2026-11-30']]);
      const listed = at(await b.call('ListStandingOrders', { clientId: 'C1' }), 'standingOrder', 0) as PlainObject;
      expect([listed.nextExecutionDate, listed.lastTransferId]).to.deep.equal(['2026-12-30', transfersOf()[0]!.transferId]);
      b.mock.state.runStandingOrders('2027-02-01');
      b.mock.state.runStandingOrders('2027-03-31');
      expect(transfersOf().map((transfer) => transfer.instruction.requestedExecutionDate)).to.deep.equal(['2026-11-30', '2026-12-30', '2027-02-01']);
      const completed = at(await b.call('ListStandingOrders', { clientId: 'C1', includeInactive: 'true' }), 'standingOrder', 0) as PlainObject;
      expect([completed.status, completed.nextExecutionDate]).to.deep.equal(['COMPLETED', undefined]);
      expect(at(await b.call('ListStandingOrders', { clientId: 'C1' }), 'standingOrder')).to.deep.equal([]);
      await b.fails('CancelStandingOrder', { standingOrderId: id, clientId: 'C1', channel: 'WEB' }, 'INVALID_STATE');
      const status = at(await b.call('GetTransferStatus', { transferId: transfersOf()[0]!.transferId, clientId: 'C1' }), 'transfer') as PlainObject;
      expect([status.standingOrderId, at(status, 'totalDebit', 'amount')]).to.deep.equal([id, '25.50']);
    });

    it('keeps an order ACTIVE when one execution is rejected for missing funds', async () => {
      const b = bank();
      const order = at(await b.call('CreateStandingOrder', standingOrderRequest('key-order-big01', { amount: { amount: '6000.00', currency: 'EUR' } })), 'standingOrder') as PlainObject;
      b.mock.state.runStandingOrders('2026-11-30');
      const transfer = b.mock.state.transfers.get(b.mock.state.standingOrders.requireFor(order.standingOrderId as string, 'C1').lastTransferId!)!;
      expect([transfer.status, transfer.reasonCode]).to.deep.equal(['REJECTED', 'INSUFFICIENT_FUNDS']);
      expect(at(await b.call('ListStandingOrders', { clientId: 'C1' }), 'standingOrder', 0, 'status')).to.equal('ACTIVE');
    });

    it('pages, cancels, refuses broken orders, and is cancelled by the bank when its account closes', async () => {
      const b = bank();
      const ids: string[] = [];
      for (const key of ['key-order-list1', 'key-order-list2', 'key-order-list3']) {
        b.clock.advance(1000);
        ids.push(at(await b.call('CreateStandingOrder', standingOrderRequest(key)), 'standingOrder', 'standingOrderId') as string);
      }
      expect(at(await b.call('CreateStandingOrder', standingOrderRequest('key-order-list1')), 'standingOrder', 'standingOrderId')).to.equal(ids[0]);
      await b.fails('CreateStandingOrder', standingOrderRequest('key-order-list1', { frequency: 'WEEKLY' }), 'IDEMPOTENCY_CONFLICT');
      const first = await b.call('ListStandingOrders', { clientId: 'C1', page: { limit: '2' } });
      const second = await b.call('ListStandingOrders', { clientId: 'C1', page: { limit: '2', cursor: at(first, 'page', 'nextCursor') as string } });
      expect([...(first.standingOrder as PlainObject[]), ...(second.standingOrder as PlainObject[])].map((order) => order.standingOrderId)).to.deep.equal(ids);
      await b.fails('ListStandingOrders', { clientId: 'C2', page: { limit: '2', cursor: at(first, 'page', 'nextCursor') as string } }, 'INVALID_CURSOR');
      await b.fails('ListStandingOrders', { clientId: 'C1', accountId: 'A3' }, 'ACCOUNT_NOT_FOUND');
      await b.fails('ListStandingOrders', { clientId: 'NOBODY' }, 'CLIENT_NOT_FOUND');

      const cancelled = at(await b.call('CancelStandingOrder', { standingOrderId: ids[0]!, clientId: 'C1', channel: 'WEB' }), 'standingOrder') as PlainObject;
      expect([cancelled.status, cancelled.cancelledAt, cancelled.nextExecutionDate]).to.deep.equal(['CANCELLED', new Date(Date.parse(START) + 3000).toISOString(), undefined]);
      expect(at(await b.call('CancelStandingOrder', { standingOrderId: ids[0]!, clientId: 'C1', channel: 'WEB' }), 'standingOrder')).to.deep.equal(cancelled);
      await b.fails('CancelStandingOrder', { standingOrderId: ids[1]!, clientId: 'C2', channel: 'WEB' }, 'STANDING_ORDER_NOT_FOUND');

      const broken: [Record<string, unknown>, string][] = [
        [{ debtorAccountId: 'A3' }, 'ACCOUNT_NOT_FOUND'],
        [{ amount: { amount: '25.00', currency: 'USD' } }, 'CURRENCY_MISMATCH'],
        [{ creditor: { account: { iban: BROKEN_IBAN }, name: 'Typo' } }, 'INVALID_IBAN'],
        [{ creditor: { account: { accountId: 'A1' }, name: 'Myself' } }, 'SAME_ACCOUNT'],
        [{ firstExecutionDate: '2026-11-20' }, 'INVALID_PERIOD'],
        [{ lastExecutionDate: '2026-11-29' }, 'INVALID_PERIOD'],
        [{ amount: { amount: '60000.00', currency: 'EUR' } }, 'LIMIT_EXCEEDED'],
        [{ clientId: 'C3', debtorAccountId: 'A5' }, 'KYC_REQUIRED'],
      ];
      for (const [overrides, code] of broken) await b.fails('CreateStandingOrder', standingOrderRequest('key-order-bad01', overrides), code);

      b.mock.fixtures.setAccountStatus({ accountId: 'A1', status: 'CLOSED' });
      const statuses = (at(await b.call('ListStandingOrders', { clientId: 'C1', includeInactive: 'true' }), 'standingOrder') as PlainObject[]).map((order) => order.status);
      expect(statuses).to.deep.equal(['CANCELLED', 'CANCELLED', 'CANCELLED']);
    });
  });

  describe('deposits', () => {
    it('brings a seeded deposit up to today: paid lines, planned lines and interest accrued in the current period', async () => {
      const b = bank();
      const deposit = at(await b.call('GetDeposit', { depositId: 'D1', clientId: 'C2' }), 'deposit') as PlainObject;
      expect(deposit).to.deep.include({ status: 'ACTIVE', interestRate: '3.5', earlyClosureRate: '0.1', maturityDate: '2027-05-20', earliestClosureDate: '2026-06-20' });
      expect([at(deposit, 'principal', 'amount'), at(deposit, 'accruedInterest', 'amount')]).to.deep.equal(['10000.00', '4.79']);
      const lines = at(await b.call('GetDepositSchedule', { depositId: 'D1' }), 'payment') as PlainObject[];
      expect(lines.map((line) => line.status)).to.deep.equal([...Array(6).fill('PAID'), ...Array(6).fill('PLANNED')]);
      expect([at(lines, 0, 'interest', 'amount'), at(lines, 1, 'interest', 'amount'), at(lines, 11, 'principal', 'amount'), at(lines, 10, 'principal')]).to.deep.equal(['29.73', '28.77', '10000.00', undefined]);
      await b.fails('GetDeposit', { depositId: 'D1', clientId: 'C1' }, 'DEPOSIT_NOT_FOUND');
      await b.fails('GetDepositSchedule', { depositId: 'D9' }, 'DEPOSIT_NOT_FOUND');
    });

    it('pays interest on payment dates to the payout account, and principal at maturity', async () => {
      const b = bank();
      const before = b.mock.state.core.ledger.bookedBalance('A4');
      b.mock.state.accrueInterest('2026-12-20');
      expect(b.mock.state.core.ledger.bookedBalance('A4') - before).to.equal(2_877n);
      const deposit = at(await b.call('GetDeposit', { depositId: 'D1' }), 'deposit') as PlainObject;
      expect(at(deposit, 'accruedInterest', 'amount')).to.equal('0.96');
      b.mock.state.accrueInterest('2027-05-20');
      const lines = at(await b.call('GetDepositSchedule', { depositId: 'D1' }), 'payment') as PlainObject[];
      const paidFromToday = lines.slice(6).reduce((sum, line) => sum + minor(at(line, 'interest', 'amount')), 0n);
      expect(b.mock.state.core.ledger.bookedBalance('A4') - before).to.equal(paidFromToday + 1_000_000n);
      const matured = at(await b.call('GetDeposit', { depositId: 'D1' }), 'deposit') as PlainObject;
      expect([matured.status, at(matured, 'accruedInterest', 'amount'), at(matured, 'principal', 'amount')]).to.deep.equal(['MATURED', '0.00', '10000.00']);
      expect(lines.every((line) => line.status === 'PAID')).to.equal(true);
      expect(b.mock.state.core.ledger.bookedBalance('DEPOSIT:D1')).to.equal(0n);
      expect(b.mock.state.core.ledger.bookedBalance('DEPOSIT-ACCRUED:D1')).to.equal(0n);
      const depositEvents = b.sink.notices.filter((notice) => notice.aggregateType === 'DEPOSIT');
      expect(depositEvents.map((notice) => at(notice.payload, 'depositChanged', 'status'))).to.deep.equal(['ACTIVE', 'MATURED']);
      expect(at(await b.call('GetClientDeposits', { clientId: 'C2' }), 'deposit')).to.deep.equal([]);
    });

    it('closes early at the early-closure rate, recovering interest already paid, exactly once per key', async () => {
      const b = bank();
      const request = { idempotencyKey: 'key-close-00002', clientId: 'C2', depositId: 'D1', targetAccountId: 'A4', channel: 'WEB' };
      const closure = await b.call('CloseDeposit', request);
      // 188 days at 0.1 % on 10 000.00 is 5.15; the six monthly payments of 176.46 are recovered.
      expect([at(closure, 'principalPaid', 'amount'), at(closure, 'interestPaid', 'amount'), at(closure, 'penalty', 'amount'), at(closure, 'totalPaid', 'amount')]).to.deep.equal([
        '10000.00', '5.15', '176.46', '9828.69',
      ]);
      expect(at(closure, 'deposit')).to.deep.include({ status: 'CLOSED', closingDate: TODAY });
      expect(b.mock.state.core.ledger.bookedBalance('A4')).to.equal(2_000_000n + 982_869n);
      expect(await b.call('CloseDeposit', request)).to.deep.equal(closure);
      expect(b.mock.state.core.ledger.bookedBalance('A4')).to.equal(2_000_000n + 982_869n);
      await b.fails('CloseDeposit', { ...request, idempotencyKey: 'key-close-00003' }, 'INVALID_STATE');
      const lines = at(await b.call('GetDepositSchedule', { depositId: 'D1' }), 'payment') as PlainObject[];
      expect(lines.map((line) => line.status)).to.deep.equal([...Array(6).fill('PAID'), ...Array(6).fill('CANCELLED')]);
      for (const [, total] of b.mock.state.core.ledger.totalsByCurrency()) expect(total).to.equal(0n);
    });

    it('capitalises the interest of a capitalising product and recovers it on an early closure allowed at any time', async () => {
      const b = bank();
      const opened = at(await b.call('OpenDeposit', openDepositRequest('key-flex-000001', { productCode: 'TD-FLEX', amount: { amount: '1000.00', currency: 'EUR' } })), 'deposit') as PlainObject;
      expect([opened.earliestClosureDate, opened.earlyClosureRate, opened.interestRate]).to.deep.equal([undefined, '1', '2.25']);
      const id = opened.depositId as string;
      b.clock.set('2026-12-24T10:00:00Z');
      const grown = at(await b.call('GetDeposit', { depositId: id }), 'deposit') as PlainObject;
      // 30 days at 2.25 % on 1000.00 is 1.85, added to the principal; one more day has accrued since.
      expect([at(grown, 'principal', 'amount'), at(grown, 'accruedInterest', 'amount')]).to.deep.equal(['1001.85', '0.06']);
      const line = at(await b.call('GetDepositSchedule', { depositId: id }), 'payment', 0) as PlainObject;
      expect([line.status, line.capitalised, at(line, 'interest', 'amount')]).to.deep.equal(['PAID', true, '1.85']);
      // Nothing was paid out to the account: the loan instalment of 15 December is its only other movement.
      const loanCollected = b.mock.state.core.ledger.bookedEntries('A1').filter((entry) => entry.details.kind === 'LOAN_REPAYMENT');
      const before = b.mock.state.core.ledger.bookedBalance('A1');
      expect(before).to.equal(375_410n + loanCollected.reduce((sum, entry) => sum + entry.amount, 0n));
      const closure = await b.call('CloseDeposit', { idempotencyKey: 'key-flex-000002', clientId: 'C1', depositId: id, targetAccountId: 'A1', channel: 'MOBILE' });
      expect([at(closure, 'principalPaid', 'amount'), at(closure, 'interestPaid', 'amount'), at(closure, 'penalty', 'amount'), at(closure, 'totalPaid', 'amount')]).to.deep.equal([
        '1001.85', '0.82', '1.85', '1000.82',
      ]);
      expect(b.mock.state.core.ledger.bookedBalance('A1') - before).to.equal(100_082n);
      for (const [, total] of b.mock.state.core.ledger.totalsByCurrency()) expect(total).to.equal(0n);
    });

    it('opens a deposit from the source account at the product’s rate, idempotently, and refuses what the product does not offer', async () => {
      const b = bank();
      const opened = await b.call('OpenDeposit', openDepositRequest('key-deposit-002'));
      const deposit = opened.deposit as PlainObject;
      expect(deposit).to.deep.include({ status: 'ACTIVE', interestRate: '3', termMonths: 6, openingDate: TODAY, maturityDate: '2027-05-24', earliestClosureDate: '2026-12-24', payoutAccountId: 'A1', productName: 'Term Deposit 6 months' });
      expect(at(await b.call('OpenDeposit', openDepositRequest('key-deposit-002')), 'deposit', 'depositId')).to.equal(deposit.depositId);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).BOOKED).to.equal('2754.10');
      const debit = at(await b.call('GetTransaction', { accountId: 'A1', entryReference: opened.entryReference as string }), 'transaction') as PlainObject;
      expect([debit.kind, debit.creditDebitIndicator, at(debit, 'amount', 'amount')]).to.deep.equal(['DEPOSIT', 'DBIT', '2000.00']);
      expect(b.sink.notices.map((notice) => Object.keys(notice.payload)[0])).to.deep.equal(['transactionPosted', 'depositChanged']);
      await b.fails('CloseDeposit', { idempotencyKey: 'key-close-early', clientId: 'C1', depositId: deposit.depositId as string, targetAccountId: 'A1', channel: 'WEB' }, 'INVALID_STATE');
      await b.fails('CloseDeposit', { idempotencyKey: 'key-close-other', clientId: 'C1', depositId: 'D1', targetAccountId: 'A1', channel: 'WEB' }, 'DEPOSIT_NOT_FOUND');
      await b.fails('CloseDeposit', { idempotencyKey: 'key-close-usd01', clientId: 'C2', depositId: 'D1', targetAccountId: 'A2', channel: 'WEB' }, 'ACCOUNT_NOT_FOUND');

      const refused: [Record<string, unknown>, string][] = [
        [{ termMonths: '7' }, 'OFFER_NOT_FOUND'],
        [{ productCode: 'TD-NOPE' }, 'OFFER_NOT_FOUND'],
        [{ amount: { amount: '5.00', currency: 'EUR' } }, 'LIMIT_EXCEEDED'],
        [{ amount: { amount: '2000.00', currency: 'USD' } }, 'CURRENCY_MISMATCH'],
        [{ sourceAccountId: 'A3' }, 'ACCOUNT_NOT_FOUND'],
        [{ payoutAccountId: 'A2' }, 'CURRENCY_MISMATCH'],
        [{ amount: { amount: '9000.00', currency: 'EUR' } }, 'INSUFFICIENT_FUNDS'],
        [{ clientId: 'NOBODY' }, 'CLIENT_NOT_FOUND'],
        [{ clientId: 'C3', sourceAccountId: 'A5', productCode: 'TD-FLEX', amount: { amount: '100.00', currency: 'EUR' } }, 'KYC_REQUIRED'],
      ];
      for (const [overrides, code] of refused) await b.fails('OpenDeposit', openDepositRequest('key-deposit-bad', overrides), code);
      await b.fails('OpenDeposit', openDepositRequest('key-deposit-002', { termMonths: '12' }), 'IDEMPOTENCY_CONFLICT');
    });
  });

  describe('loans', () => {
    async function schedule(b: Bank): Promise<PlainObject[]> {
      return at(await b.call('GetLoanSchedule', { loanId: 'L1', clientId: 'C1' }), 'installment') as PlainObject[];
    }
    const total = (line: PlainObject) => minor(at(line, 'total', 'amount'));
    const principalOf = (lines: PlainObject[]) => lines.reduce((sum, line) => sum + minor(at(line, 'principal', 'amount')), 0n);

    it('has an annuity schedule whose last instalment absorbs the rounding, and seeded past instalments paid', async () => {
      const b = bank();
      const lines = await schedule(b);
      expect(lines).to.have.length(24);
      expect(principalOf(lines)).to.equal(1_200_000n);
      const level = total(lines[0]!);
      expect(lines.slice(0, 23).every((line) => total(line) === level)).to.equal(true);
      const r = 0.075 / 12;
      expect(Math.abs(Number(level) / 100 - (12000 * r) / (1 - (1 + r) ** -24))).to.be.lessThan(0.01);
      expect(lines.map((line) => line.status)).to.deep.equal([...Array(10).fill('PAID'), ...Array(14).fill('PLANNED')]);
      expect([at(lines, 0, 'dueDate'), at(lines, 23, 'dueDate')]).to.deep.equal(['2026-02-15', '2028-01-15']);
      const zero = annuitySchedule(1_000n, monthlyRate('0'), ['2026-01-01', '2026-02-01', '2026-03-01']);
      expect(zero.map((line) => line.principal)).to.deep.equal([334n, 334n, 332n]);

      const loan = at(await b.call('GetLoan', { loanId: 'L1', clientId: 'C1' }), 'loan') as PlainObject;
      const outstanding = principalOf(lines.slice(10));
      const accrued = (minor(at(lines, 10, 'interest', 'amount')) * 9n * 2n + 30n) / 60n;
      expect(loan).to.deep.include({ status: 'ACTIVE', termMonths: 24, maturityDate: '2028-01-15', repaymentAccountId: 'A1', interestRate: '7.5' });
      expect([minor(at(loan, 'outstandingPrincipal', 'amount')), minor(at(loan, 'payoffAmount', 'amount'))]).to.deep.equal([outstanding, outstanding + accrued]);
      expect(at(loan, 'nextInstallment', 'number')).to.equal(11);
      expect(b.mock.state.core.ledger.bookedBalance('LOAN:L1')).to.equal(-outstanding);
      await b.fails('GetLoan', { loanId: 'L1', clientId: 'C2' }, 'LOAN_NOT_FOUND');
      await b.fails('GetLoanSchedule', { loanId: 'L9' }, 'LOAN_NOT_FOUND');
      expect(at(await b.call('GetClientLoans', { clientId: 'C2' }), 'loan')).to.deep.equal([]);
      await b.fails('GetClientLoans', { clientId: 'NOBODY' }, 'CLIENT_NOT_FOUND');
    });

    it('allocates a regular payment to interest before principal and caps it at what is due', async () => {
      const b = bank();
      const next = (await schedule(b))[10]!;
      const interest = at(next, 'interest', 'amount') as string;
      const repaid = await b.call('RepayLoan', repayRequest('key-repay-00002', '100.00', 'REGULAR'));
      expect(at(repaid, 'allocation')).to.deep.equal({
        principal: { amount: ((10_000n - minor(interest)) / 100n).toString() + '.' + ((10_000n - minor(interest)) % 100n).toString().padStart(2, '0'), currency: 'EUR' },
        interest: { amount: interest, currency: 'EUR' },
        fees: { amount: '0.00', currency: 'EUR' },
      });
      expect([repaid.loanStatus, at(repaid, 'nextInstallment', 'status'), at(repaid, 'nextInstallment', 'number')]).to.deep.equal(['ACTIVE', 'PARTIALLY_PAID', 11]);
      expect(await b.call('RepayLoan', repayRequest('key-repay-00002', '100.00', 'REGULAR'))).to.deep.equal(repaid);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).BOOKED).to.equal('4654.10');
      const rest = total(next) - 10_000n;
      const over = `${(rest + 1n) / 100n}.${((rest + 1n) % 100n).toString().padStart(2, '0')}`;
      await b.fails('RepayLoan', repayRequest('key-repay-00003', over, 'REGULAR'), 'LIMIT_EXCEEDED');
      const entry = at(await b.call('GetTransaction', { accountId: 'A1', entryReference: repaid.entryReference as string }), 'transaction') as PlainObject;
      expect([entry.kind, at(entry, 'amount', 'amount')]).to.deep.equal(['LOAN_REPAYMENT', '100.00']);
      expect(b.sink.notices.filter((notice) => notice.aggregateType === 'LOAN').map((notice) => notice.aggregateId)).to.deep.equal(['L1']);
    });

    it('shortens the term or lowers the instalments on early repayment, and repays in full only with the payoff amount', async () => {
      const term = bank();
      const before = await schedule(term);
      const outstanding = principalOf(before.slice(10));
      const shorter = await term.call('RepayLoan', repayRequest('key-early-term1', '3000.00', 'EARLY_REDUCE_TERM'));
      const afterTerm = await schedule(term);
      expect(at(shorter, 'allocation', 'principal', 'amount')).to.equal('3000.00');
      expect(afterTerm.length).to.be.lessThan(24);
      expect(total(afterTerm[10]!)).to.equal(total(before[10]!));
      expect(principalOf(afterTerm.slice(10))).to.equal(outstanding - 300_000n);
      expect(afterTerm.map((line) => line.number)).to.deep.equal(afterTerm.map((_, index) => index + 1));
      expect(at(await term.call('GetLoan', { loanId: 'L1' }), 'loan', 'termMonths')).to.equal(afterTerm.length);

      const lower = bank();
      await lower.call('RepayLoan', repayRequest('key-early-inst1', '3000.00', 'EARLY_REDUCE_INSTALLMENT'));
      const afterLower = await schedule(lower);
      expect(afterLower).to.have.length(24);
      expect(at(afterLower, 23, 'dueDate')).to.equal('2028-01-15');
      expect(total(afterLower[10]!) < total(before[10]!)).to.equal(true);
      expect(principalOf(afterLower.slice(10))).to.equal(outstanding - 300_000n);

      const full = bank();
      full.mock.fixtures.postTransaction({ accountId: 'A1', amount: '5000.00', currency: 'EUR', direction: 'CRDT', counterpartyName: 'Savings' });
      const payoff = at(await full.call('GetLoan', { loanId: 'L1' }), 'loan', 'payoffAmount', 'amount') as string;
      await full.fails('RepayLoan', repayRequest('key-full-000001', '100.00', 'FULL'), 'INVALID_MONEY');
      await full.fails('RepayLoan', repayRequest('key-early-all01', payoff, 'EARLY_REDUCE_TERM'), 'LIMIT_EXCEEDED');
      const repaid = await full.call('RepayLoan', repayRequest('key-full-000002', payoff, 'FULL'));
      expect([repaid.loanStatus, at(repaid, 'outstandingPrincipal', 'amount'), repaid.nextInstallment]).to.deep.equal(['REPAID', '0.00', undefined]);
      const loan = at(await full.call('GetLoan', { loanId: 'L1' }), 'loan') as PlainObject;
      expect([loan.status, loan.payoffAmount, loan.nextInstallment]).to.deep.equal(['REPAID', undefined, undefined]);
      expect((await schedule(full)).every((line) => line.status === 'PAID')).to.equal(true);
      expect(full.mock.state.core.ledger.bookedBalance('LOAN:L1')).to.equal(0n);
      expect(at(await full.call('GetClientLoans', { clientId: 'C1' }), 'loan')).to.deep.equal([]);
      expect((at(await full.call('GetClientLoans', { clientId: 'C1', includeClosed: 'true' }), 'loan') as PlainObject[]).map((item) => item.status)).to.deep.equal(['REPAID']);
      await full.fails('RepayLoan', repayRequest('key-full-000003', '10.00', 'REGULAR'), 'INVALID_STATE');
    });

    it('collects an instalment on its due date, or marks it overdue with a late fee that a repayment settles first', async () => {
      const collected = bank();
      const due = total((await schedule(collected))[10]!);
      collected.clock.set('2026-12-15T08:00:00Z');
      expect(at(await schedule(collected), 10, 'status')).to.equal('PAID');
      expect(collected.mock.state.core.ledger.bookedBalance('A1')).to.equal(475_410n - due);

      const b = bank();
      b.mock.fixtures.setAccountStatus({ accountId: 'A1', status: 'BLOCKED' });
      b.clock.set('2026-12-16T09:00:00Z');
      const loan = at(await b.call('GetLoan', { loanId: 'L1' }), 'loan') as PlainObject;
      expect([loan.status, minor(at(loan, 'overdueAmount', 'amount'))]).to.deep.equal(['OVERDUE', due + 1_000n]);
      const line = (await schedule(b))[10]!;
      expect([line.status, at(line, 'fees', 'amount')]).to.deep.equal(['OVERDUE', '10.00']);
      await b.fails('RepayLoan', repayRequest('key-overdue-001', '5.00', 'REGULAR'), 'ACCOUNT_BLOCKED');
      b.mock.fixtures.setAccountStatus({ accountId: 'A1', status: 'OPEN' });
      const fees = await b.call('RepayLoan', repayRequest('key-overdue-002', '5.00', 'REGULAR'));
      expect(at(fees, 'allocation')).to.deep.equal({ principal: { amount: '0.00', currency: 'EUR' }, interest: { amount: '0.00', currency: 'EUR' }, fees: { amount: '5.00', currency: 'EUR' } });
      const rest = due + 1_000n - 500n;
      const settled = await b.call('RepayLoan', repayRequest('key-overdue-003', `${rest / 100n}.${(rest % 100n).toString().padStart(2, '0')}`, 'REGULAR'));
      expect([settled.loanStatus, at(settled, 'allocation', 'fees', 'amount'), at(settled, 'nextInstallment', 'number')]).to.deep.equal(['ACTIVE', '5.00', 12]);

      await b.fails('RepayLoan', { ...repayRequest('key-loan-bad001', '10.00', 'REGULAR'), fromAccountId: 'A3' }, 'ACCOUNT_NOT_FOUND');
      await b.fails('RepayLoan', { ...repayRequest('key-loan-bad002', '10.00', 'REGULAR'), fromAccountId: 'A2' }, 'CURRENCY_MISMATCH');
      await b.fails('RepayLoan', { ...repayRequest('key-loan-bad003', '10.00', 'REGULAR'), clientId: 'C2', fromAccountId: 'A3' }, 'LOAN_NOT_FOUND');
      await b.fails('RepayLoan', repayRequest('key-loan-bad004', '6000.00', 'EARLY_REDUCE_TERM'), 'INSUFFICIENT_FUNDS');
      await b.fails('RepayLoan', repayRequest('key-overdue-002', '6.00', 'REGULAR'), 'IDEMPOTENCY_CONFLICT');
    });
  });

  describe('holds', () => {
    it('moves an amount from available to blocked until released, once per key', async () => {
      const b = bank();
      const hold = at(await b.call('PlaceHold', holdRequest('key-hold-000003', '1000.00')), 'hold') as PlainObject;
      expect([hold.status, hold.placedAt]).to.deep.equal(['ACTIVE', new Date(START).toISOString()]);
      expect(at(await b.call('PlaceHold', holdRequest('key-hold-000003', '1000.00')), 'hold', 'holdId')).to.equal(hold.holdId);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' }))).to.deep.equal({ BOOKED: '4754.10', AVAILABLE: '4254.10', BLOCKED: '1000.00' });
      await b.fails('PlaceHold', holdRequest('key-hold-000003', '1000.01'), 'IDEMPOTENCY_CONFLICT');
      await b.fails('CreateTransfer', transferRequest({ amount: { amount: '4254.11', currency: 'EUR' } }, 'key-over-hold01'), 'INSUFFICIENT_FUNDS');

      const released = at(await b.call('ReleaseHold', { accountId: 'A1', holdId: hold.holdId as string }), 'hold') as PlainObject;
      expect([released.status, released.releasedAt]).to.deep.equal(['RELEASED', new Date(START).toISOString()]);
      expect(at(await b.call('ReleaseHold', { accountId: 'A1', holdId: hold.holdId as string }), 'hold')).to.deep.equal(released);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).BLOCKED).to.equal('0.00');
      await b.fails('ReleaseHold', { accountId: 'A2', holdId: hold.holdId as string }, 'HOLD_NOT_FOUND');
      await b.fails('ReleaseHold', { accountId: 'A1', holdId: hold.holdId as string, clientId: 'C2' }, 'ACCOUNT_NOT_FOUND');
      expect(b.sink.notices.map((notice) => Object.keys(notice.payload)[0])).to.deep.equal(['balanceChanged', 'balanceChanged']);
    });

    it('expires holds at expiresAt and refuses holds it cannot place', async () => {
      const b = bank();
      const hold = at(await b.call('PlaceHold', holdRequest('key-hold-000004', '10.00', { expiresAt: '2026-11-24T10:30:00+00:00' })), 'hold') as PlainObject;
      b.clock.advance(2 * 3_600_000);
      await b.call('GetBalances', { accountId: 'A1' });
      const expired = b.mock.state.core.holds.get(hold.holdId as string)!;
      expect([expired.status, expired.releasedAt?.toISOString()]).to.deep.equal(['EXPIRED', '2026-11-24T10:30:00.000Z']);
      expect(balancesOf(await b.call('GetBalances', { accountId: 'A1' })).BLOCKED).to.equal('0.00');

      await b.fails('PlaceHold', holdRequest('key-hold-bad001', '6000.00'), 'INSUFFICIENT_FUNDS');
      await b.fails('PlaceHold', holdRequest('key-hold-bad001', '10.00', { amount: { amount: '10.00', currency: 'USD' } }), 'CURRENCY_MISMATCH');
      await b.fails('PlaceHold', holdRequest('key-hold-bad001', '10.00', { expiresAt: '2026-11-24T09:00:00Z' }), 'INVALID_PERIOD');
      await b.fails('PlaceHold', holdRequest('key-hold-bad001', '10.00', { expiresAt: '2027-03-01T00:00:00Z' }), 'INVALID_PERIOD');
      await b.fails('PlaceHold', holdRequest('key-hold-bad001', '10.00', { clientId: 'C2' }), 'ACCOUNT_NOT_FOUND');
      await b.fails('PlaceHold', holdRequest('key-hold-bad001', '0.00'), 'INVALID_MONEY');
      b.mock.fixtures.setAccountStatus({ accountId: 'A1', status: 'BLOCKED' });
      await b.fails('PlaceHold', holdRequest('key-hold-bad001', '10.00'), 'ACCOUNT_BLOCKED');
    });
  });

  describe('fixtures and events', () => {
    it('postTransaction books against clearing and pushes the entry with the balances after it', async () => {
      const b = bank();
      const entry = b.mock.fixtures.postTransaction({ accountId: 'A1', amount: '42.50', currency: 'EUR', direction: 'DBIT', kind: 'CARD_PAYMENT', counterpartyName: 'Cafe Central', remittanceInformation: 'Coffee' });
      expect(entry).to.deep.include({ status: 'BOOKED', kind: 'CARD_PAYMENT', creditDebitIndicator: 'DBIT', bookingDate: TODAY });
      expect(at(entry, 'balanceAfter', 'amount')).to.equal('4711.60');
      expect(b.mock.state.core.ledger.bookedBalance('GL:CLEARING:EUR') + b.mock.state.core.ledger.bookedBalance('A1')).to.equal(
        bank().mock.state.core.ledger.bookedBalance('GL:CLEARING:EUR') + 475_410n,
      );
      const [notice] = b.sink.notices;
      expect([notice!.aggregateType, notice!.aggregateId]).to.deep.equal(['ACCOUNT', 'A1']);
      expect(balancesOf(at(notice!.payload, 'transactionPosted') as PlainObject)).to.deep.equal({ BOOKED: '4711.60', AVAILABLE: '5211.60', BLOCKED: '0.00' });
      expect(() => b.mock.fixtures.postTransaction({ accountId: 'A9', amount: '1.00', currency: 'EUR', direction: 'CRDT' })).to.throw(ContractFault, 'no account');
      expect(() => b.mock.fixtures.postTransaction({ accountId: 'A1', amount: '1.00', currency: 'USD', direction: 'CRDT' })).to.throw(ContractFault);
      expect(() => b.mock.fixtures.postTransaction({ accountId: 'A1', amount: '1.001', currency: 'EUR', direction: 'CRDT' })).to.throw(ContractFault);
      expectEventsValid(b);
    });

    it('setAccountStatus blocks debits but not credits, closes for good, and pushes the change', async () => {
      const b = bank();
      const blocked = b.mock.fixtures.setAccountStatus({ accountId: 'A3', status: 'BLOCKED' });
      expect(blocked.status).to.equal('BLOCKED');
      expect(() => b.mock.fixtures.postTransaction({ accountId: 'A3', amount: '1.00', currency: 'EUR', direction: 'DBIT' })).to.throw(ContractFault, 'blocked');
      b.mock.fixtures.postTransaction({ accountId: 'A3', amount: '1.00', currency: 'EUR', direction: 'CRDT' });
      b.mock.fixtures.setAccountStatus({ accountId: 'A3', status: 'CLOSED' });
      expect(() => b.mock.fixtures.setAccountStatus({ accountId: 'A3', status: 'OPEN' })).to.throw(ContractFault);
      expect(() => b.mock.fixtures.setAccountStatus({ accountId: 'A3', status: 'GONE' })).to.throw(ContractFault);
      expect(b.sink.notices.map((notice) => Object.keys(notice.payload)[0])).to.deep.equal(['balanceChanged', 'transactionPosted', 'balanceChanged']);
      expectEventsValid(b);
    });

    it('pushes schema-valid events for a day of activity, every one about the aggregate it names', async () => {
      const b = bank({ settlementDelayMs: 0 });
      await createdTransfer(b, {}, 'key-day-0000001');
      await createdTransfer(b, { ...external, amount: { amount: '10.00', currency: 'EUR' } }, 'key-day-0000002');
      await b.call('PlaceHold', holdRequest('key-day-0000003', '5.00'));
      await b.call('OpenDeposit', openDepositRequest('key-day-0000004'));
      await b.call('RepayLoan', repayRequest('key-day-0000005', '50.00', 'REGULAR'));
      await b.call('CloseDeposit', { idempotencyKey: 'key-day-0000006', clientId: 'C2', depositId: 'D1', targetAccountId: 'A4', channel: 'WEB' });
      b.clock.set('2026-12-21T08:00:00Z');
      await b.call('GetBalances', { accountId: 'A1' });
      expectEventsValid(b);
      for (const notice of b.sink.notices) {
        const [type, payload] = Object.entries(notice.payload)[0] as [string, PlainObject];
        const id = type === 'transactionPosted' ? at(payload, 'transaction', 'accountId') : (payload.accountId ?? payload.depositId ?? payload.loanId);
        expect(id, type).to.equal(notice.aggregateId);
      }
      const types = new Set(b.sink.notices.map((notice) => Object.keys(notice.payload)[0]));
      expect([...types].sort()).to.deep.equal(['balanceChanged', 'depositChanged', 'loanScheduleChanged', 'transactionPosted']);
    });
  });

  describe('concurrency', () => {
    it('never loses or doubles a posting under hundreds of concurrent transfers with repeated keys and failing debits', async () => {
      const b = bank({ settlementDelayMs: 0 });
      const ledger = b.mock.state.core.ledger;
      let seed = 7;
      const random = (): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      const routes = [
        { clientId: 'C1', debtorAccountId: 'A1', creditor: { account: { accountId: 'A3' }, name: 'Boris Ivanov' } },
        { clientId: 'C2', debtorAccountId: 'A3', creditor: { account: { accountId: 'A1' }, name: 'Anna Schmidt' } },
        { clientId: 'C2', debtorAccountId: 'A3', creditor: { account: { accountId: 'A4' }, name: 'Boris Ivanov' } },
        { clientId: 'C2', debtorAccountId: 'A4', creditor: { account: { accountId: 'A3' }, name: 'Boris Ivanov' } },
        { clientId: 'C1', debtorAccountId: 'A1', creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Stadtwerke Berlin GmbH' } },
        { clientId: 'C2', debtorAccountId: 'A3', creditor: { account: { iban: DOMESTIC_IBAN }, name: 'Stadtwerke Berlin GmbH' } },
        { clientId: 'C1', debtorAccountId: 'A1', creditor: { account: { iban: FOREIGN_IBAN }, name: 'Marie Dubois' }, amount: { amount: '150.00', currency: 'USD' } },
      ];
      const requests: PlainObject[] = [];
      for (let index = 0; index < 160; index += 1) {
        const route = routes[Math.floor(random() * routes.length)]!;
        const amount = (route as { amount?: unknown }).amount ?? { amount: `${50 + Math.floor(random() * 900)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`, currency: 'EUR' };
        requests.push({ idempotencyKey: `key-storm-${String(index).padStart(4, '0')}`, transfer: { ...route, amount, channel: 'MOBILE' } as unknown as PlainObject });
      }
      // Repeats with the same content, and reuses of a key with different content.
      const calls = [...requests];
      for (let index = 0; index < 60; index += 1) calls.push(requests[Math.floor(random() * requests.length)]!);
      for (let index = 0; index < 20; index += 1) {
        const original = requests[Math.floor(random() * requests.length)]!;
        calls.push({ ...original, transfer: { ...(original.transfer as PlainObject), remittanceInformation: 'changed' } });
      }
      const before = new Map(ledger.accountIds('CLIENT').map((id) => [id, ledger.bookedBalance(id)]));
      expect([...ledger.totalsByCurrency().values()].every((total) => total === 0n)).to.equal(true);

      const outcomes = await Promise.all(
        calls.map(async (request, index) => {
          for (let tick = Math.floor(random() * 5); tick > 0; tick -= 1) await new Promise((resolve) => setImmediate(resolve));
          if (index % 25 === 0) b.mock.state.runDueJobs();
          try {
            const response = await b.call('CreateTransfer', request);
            return { key: request.idempotencyKey as string, transferId: at(response, 'transfer', 'transferId') as string, code: undefined };
          } catch (error) {
            if (!(error instanceof ContractFault)) throw error;
            return { key: request.idempotencyKey as string, transferId: undefined, code: error.code };
          }
        }),
      );
      b.mock.state.runDueJobs();

      expect(calls.length).to.be.at.least(200);
      const codes = new Set(outcomes.map((outcome) => outcome.code).filter((code) => code !== undefined));
      expect([...codes].sort()).to.deep.equal(['IDEMPOTENCY_CONFLICT', 'INSUFFICIENT_FUNDS']);
      // (a) zero-sum per currency over client and bank accounts.
      for (const [currency, total] of ledger.totalsByCurrency()) expect(total, currency).to.equal(0n);
      // (b) one key, at most one journal and one transfer.
      const journalsByKey = new Map<string, number>();
      for (const journal of ledger.journals()) {
        const key = journal.source.idempotencyKey;
        if (key !== undefined && journal.status !== 'DISCARDED') journalsByKey.set(key, (journalsByKey.get(key) ?? 0) + 1);
      }
      expect([...journalsByKey.values()].every((count) => count === 1)).to.equal(true);
      const transferIds = new Map<string, Set<string>>();
      for (const outcome of outcomes) {
        if (outcome.transferId) transferIds.set(outcome.key, (transferIds.get(outcome.key) ?? new Set()).add(outcome.transferId));
      }
      expect([...transferIds.values()].every((ids) => ids.size === 1)).to.equal(true);
      expect(journalsByKey.size).to.equal(transferIds.size);
      expect(outcomes.filter((outcome) => outcome.code === 'INSUFFICIENT_FUNDS').length).to.be.greaterThan(0);
      // (c) no account ever went below its credit line, entry by entry, and the balances are the sums of their entries.
      for (const account of b.mock.state.core.allAccounts()) {
        let running = 0n;
        for (const entry of ledger.bookedEntries(account.accountId)) {
          running += entry.amount;
          expect(entry.balanceAfter).to.equal(running);
          expect(entry.balanceAfter! >= -account.creditLine, `${account.accountId} ${entry.entryReference}`).to.equal(true);
        }
        expect(ledger.bookedBalance(account.accountId)).to.equal(running);
        expect(b.mock.state.core.balances(account.accountId).available >= 0n).to.equal(true);
      }
      for (const notice of b.sink.notices) {
        const event = at(notice.payload, 'transactionPosted') as PlainObject | undefined;
        if (!event) continue;
        const account = b.mock.state.core.account(notice.aggregateId)!;
        expect(minor(balancesOf(event).BOOKED) >= -account.creditLine && minor(balancesOf(event).AVAILABLE) >= 0n, notice.aggregateId).to.equal(true);
      }
      const moved = [...before].reduce((sum, [id, balance]) => sum + (ledger.bookedBalance(id) - balance), 0n);
      expect(moved < 0n, 'external transfers and fees left the client accounts').to.equal(true);
      expect([...b.mock.state.transfers.all()].filter((transfer) => transfer.status === 'ACCEPTED')).to.deep.equal([]);
    });
  });
});
