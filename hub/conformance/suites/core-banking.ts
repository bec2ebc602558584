/**
 * Conformance checks of a CoreBanking implementation. Needs a client id (and, to test
 * OpenDeposit, a deposit product code); everything else is discovered through the
 * contract itself: the client's accounts, loans and deposits, entries to page through.
 * Write checks move small amounts (1 unit of the account currency) to an external IBAN.
 */
import { randomUUID } from 'node:crypto';
import { formatAmount, parseAmount } from '../../../common/money.js';
import type { EncodableObject, PlainObject } from '../../../common/soap/codec.js';
import type { ContractCaller } from '../caller.js';
import { expectEqual, expectFault, expectResponse, fail, list, pageThrough, pick, protocolChecks, type Check } from '../checks.js';

export interface CoreBankingFixtures {
  readonly clientId: string;
  /** The account to test with; default: the client's first open account with funds. */
  readonly accountId?: string;
  /** A loan of the client; default: the first one GetClientLoans lists. */
  readonly loanId?: string;
  /** A deposit product the client may open (OpenDeposit). */
  readonly depositProductCode?: string;
  /** Term in months of that product; default 12. */
  readonly depositTermMonths?: string;
  /** Amount to deposit, in major units of the account currency; default 1000. */
  readonly depositAmount?: string;
  /** A valid external IBAN to send test transfers to. */
  readonly creditorIban?: string;
}

const UNKNOWN_ID = 'conformance-unknown-0000';
const DAY = 86_400_000;

export function coreBankingChecks(caller: ContractCaller, fixtures: CoreBankingFixtures, now: () => Date = () => new Date()): Check[] {
  const op = (name: string) => caller.operations.get(name)!;
  const call = (name: string, value: EncodableObject) => caller.call(name, value);
  const id = (suffix: string) => `core-banking.${suffix}`;
  const today = () => now().toISOString().slice(0, 10);
  const daysAgo = (days: number) => new Date(now().getTime() - days * DAY).toISOString().slice(0, 10);
  const key = () => `conf-${randomUUID()}`;
  const creditorIban = fixtures.creditorIban ?? 'DE89370400440532013000';
  const channel = 'SYSTEM';

  // Discovered as the checks run; later checks use what earlier ones found.
  const found: { accountId?: string; currency?: string; entryReference?: string; transferId?: string; loan?: PlainObject; depositId?: string } = {};
  const account = (): string => found.accountId ?? fail('no usable account was found (see the first checks)');
  const currency = (): string => found.currency ?? fail('the account currency is unknown (see the first checks)');
  const unit = (): string => formatAmount(parseAmount('1', currency()));
  const available = async (): Promise<bigint> => {
    const value = expectResponse(await call('GetBalances', { accountId: account(), clientId: fixtures.clientId }), op('GetBalances'));
    const balance = list(value, 'balance').find((item) => item.type === 'AVAILABLE') ?? fail('GetBalances returned no AVAILABLE balance');
    return parseAmount(pick(balance, 'amount.amount')!, pick(balance, 'amount.currency')!, { signed: true }).minor;
  };
  const transfer = (amount: string, extra: EncodableObject = {}): EncodableObject => ({
    clientId: fixtures.clientId,
    debtorAccountId: account(),
    creditor: { account: { iban: creditorIban }, name: 'Conformance Test Payee' },
    amount: { amount, currency: currency() },
    remittanceInformation: 'DBP conformance check',
    channel,
    ...extra,
  });
  const readBalance = () => ({ accountId: account(), clientId: fixtures.clientId });

  return [
    {
      id: id('GetClientAccounts.response'),
      title: "GetClientAccounts lists the client's accounts",
      run: async () => {
        const value = expectResponse(await call('GetClientAccounts', { clientId: fixtures.clientId }), op('GetClientAccounts'));
        const accounts = list(value, 'account');
        const chosen = fixtures.accountId
          ? accounts.find((item) => item.accountId === fixtures.accountId)
          : accounts.find((item) => item.status === 'OPEN' && item.type === 'CURRENT');
        if (!chosen) fail(fixtures.accountId ? `the account ${fixtures.accountId} is not among the client's accounts` : 'the client has no open CURRENT account');
        found.accountId = String(chosen.accountId);
        found.currency = String(chosen.currency);
      },
    },
    {
      id: id('GetClientAccounts.not-found'),
      title: 'GetClientAccounts of an unknown client answers CLIENT_NOT_FOUND',
      run: async () => expectFault(await call('GetClientAccounts', { clientId: UNKNOWN_ID }), op('GetClientAccounts'), ['CLIENT_NOT_FOUND']),
    },
    {
      id: id('GetAccount.response'),
      title: 'GetAccount returns the account with its balances',
      run: async () => {
        const value = expectResponse(await call('GetAccount', readBalance()), op('GetAccount'));
        expectEqual(pick(value, 'account.accountId'), account(), 'account id');
      },
    },
    {
      id: id('GetAccount.not-found'),
      title: 'GetAccount of an unknown account answers ACCOUNT_NOT_FOUND',
      run: async () => expectFault(await call('GetAccount', { accountId: UNKNOWN_ID }), op('GetAccount'), ['ACCOUNT_NOT_FOUND']),
    },
    {
      id: id('GetBalances.response'),
      title: 'GetBalances returns BOOKED, AVAILABLE and BLOCKED balances',
      run: async () => {
        const value = expectResponse(await call('GetBalances', readBalance()), op('GetBalances'));
        const types = list(value, 'balance').map((item) => item.type).sort();
        expectEqual(types, ['AVAILABLE', 'BLOCKED', 'BOOKED'], 'balance types');
      },
    },
    {
      id: id('GetTransactions.paging'),
      title: 'GetTransactions pages with cursors: no entry twice, nextCursor exactly when hasMore',
      run: async () => {
        const entries = await pageThrough(
          async (page) =>
            expectResponse(await call('GetTransactions', { ...readBalance(), period: { from: daysAgo(120), to: today() }, status: 'BOTH', page }), op('GetTransactions')),
          'transaction',
          (entry) => `entry ${String(entry.entryReference)}`,
        );
        found.entryReference = entries.find((entry) => entry.status === 'BOOKED')?.entryReference as string | undefined;
      },
    },
    {
      id: id('GetTransactions.invalid-cursor'),
      title: 'GetTransactions with a cursor the server never issued answers INVALID_CURSOR',
      run: async () =>
        expectFault(
          await call('GetTransactions', { ...readBalance(), period: { from: daysAgo(30), to: today() }, page: { cursor: 'not-a-cursor-!!', limit: 5 } }),
          op('GetTransactions'),
          ['INVALID_CURSOR'],
        ),
    },
    {
      id: id('GetTransactions.invalid-period'),
      title: 'GetTransactions with a reversed period answers INVALID_PERIOD',
      run: async () =>
        expectFault(await call('GetTransactions', { ...readBalance(), period: { from: today(), to: daysAgo(10) } }), op('GetTransactions'), ['INVALID_PERIOD']),
    },
    {
      id: id('GetTransaction.response'),
      title: 'GetTransaction returns one listed entry',
      run: async () => {
        const reference = found.entryReference ?? fail('the account has no booked entry in the last 120 days to read');
        const value = expectResponse(await call('GetTransaction', { accountId: account(), entryReference: reference, clientId: fixtures.clientId }), op('GetTransaction'));
        expectEqual(pick(value, 'transaction.entryReference'), reference, 'entry reference');
      },
    },
    {
      id: id('GetTransaction.not-found'),
      title: 'GetTransaction of an unknown entry answers TRANSACTION_NOT_FOUND',
      run: async () => expectFault(await call('GetTransaction', { accountId: account(), entryReference: UNKNOWN_ID }), op('GetTransaction'), ['TRANSACTION_NOT_FOUND']),
    },
    {
      id: id('GetStatement.response'),
      title: 'GetStatement: closing = opening + credits − debits',
      run: async () => {
        const value = expectResponse(await call('GetStatement', { ...readBalance(), period: { from: daysAgo(60), to: daysAgo(1) }, page: { limit: 500 } }), op('GetStatement'));
        const amount = (path: string, signed = false) => parseAmount(pick(value, `${path}.amount`)!, pick(value, `${path}.currency`)!, { signed }).minor;
        const expected = amount('openingBalance.amount', true) + amount('totalCredits') - amount('totalDebits');
        expectEqual(String(amount('closingBalance.amount', true)), String(expected), 'closing balance in minor units');
      },
    },
    {
      id: id('ValidateAccount.response'),
      title: 'ValidateAccount accepts a valid IBAN and refuses a broken one',
      run: async () => {
        expectResponse(await call('ValidateAccount', { account: { iban: creditorIban } }), op('ValidateAccount'));
        const broken = `${creditorIban.slice(0, 2)}00${creditorIban.slice(4)}`;
        const value = expectResponse(await call('ValidateAccount', { account: { iban: broken } }), op('ValidateAccount'));
        expectEqual(pick(value, 'valid'), 'false', 'valid for an IBAN with wrong check digits');
      },
    },
    {
      id: id('SimulateTransfer.response'),
      title: 'SimulateTransfer computes a transfer without moving money',
      run: async () => {
        const before = await available();
        expectResponse(await call('SimulateTransfer', { transfer: transfer(unit()) }), op('SimulateTransfer'));
        expectEqual(String(await available()), String(before), 'available balance after a simulation');
      },
    },
    {
      id: id('CreateTransfer.idempotent'),
      title: 'CreateTransfer repeated with the same key returns the first result and debits once',
      run: async () => {
        const idempotencyKey = key();
        const first = expectResponse(await call('CreateTransfer', { idempotencyKey, transfer: transfer(unit()) }), op('CreateTransfer'));
        found.transferId = pick(first, 'transfer.transferId');
        const afterFirst = await available();
        const second = expectResponse(await call('CreateTransfer', { idempotencyKey, transfer: transfer(unit()) }), op('CreateTransfer'));
        expectEqual(pick(second, 'transfer.transferId'), found.transferId, 'transfer id of the repeated request');
        expectEqual(String(await available()), String(afterFirst), 'available balance after the repeated request (a double posting?)');
      },
    },
    {
      id: id('CreateTransfer.idempotency-conflict'),
      title: 'CreateTransfer with a used key and different content answers IDEMPOTENCY_CONFLICT',
      run: async () => {
        const idempotencyKey = key();
        expectResponse(await call('CreateTransfer', { idempotencyKey, transfer: transfer(unit()) }), op('CreateTransfer'));
        const twice = formatAmount(parseAmount('2', currency()));
        expectFault(await call('CreateTransfer', { idempotencyKey, transfer: transfer(twice) }), op('CreateTransfer'), ['IDEMPOTENCY_CONFLICT']);
      },
    },
    {
      id: id('CreateTransfer.insufficient-funds'),
      title: 'CreateTransfer beyond the available balance answers INSUFFICIENT_FUNDS (or LIMIT_EXCEEDED) and moves nothing',
      run: async () => {
        const before = await available();
        expectFault(await call('CreateTransfer', { idempotencyKey: key(), transfer: transfer('999999999999') }), op('CreateTransfer'), ['INSUFFICIENT_FUNDS', 'LIMIT_EXCEEDED']);
        expectEqual(String(await available()), String(before), 'available balance after a refused transfer');
      },
    },
    {
      id: id('GetTransferStatus.response'),
      title: 'GetTransferStatus returns the transfer just made',
      run: async () => {
        const transferId = found.transferId ?? fail('no transfer was created');
        const value = expectResponse(await call('GetTransferStatus', { transferId, clientId: fixtures.clientId }), op('GetTransferStatus'));
        expectEqual(pick(value, 'transfer.transferId'), transferId, 'transfer id');
      },
    },
    {
      id: id('GetTransferStatus.not-found'),
      title: 'GetTransferStatus of an unknown transfer answers TRANSFER_NOT_FOUND',
      run: async () => expectFault(await call('GetTransferStatus', { transferId: UNKNOWN_ID }), op('GetTransferStatus'), ['TRANSFER_NOT_FOUND']),
    },
    {
      id: id('CancelTransfer.response'),
      title: 'CancelTransfer cancels a transfer booked for a future date',
      run: async () => {
        const future = new Date(now().getTime() + 7 * DAY).toISOString().slice(0, 10);
        const created = expectResponse(await call('CreateTransfer', { idempotencyKey: key(), transfer: transfer(unit(), { requestedExecutionDate: future }) }), op('CreateTransfer'));
        const transferId = pick(created, 'transfer.transferId')!;
        const value = expectResponse(await call('CancelTransfer', { transferId, clientId: fixtures.clientId, channel }), op('CancelTransfer'));
        expectEqual(pick(value, 'transfer.status'), 'CANCELLED', 'status after cancelling');
      },
    },
    {
      id: id('StandingOrder.lifecycle'),
      title: 'CreateStandingOrder (idempotent), ListStandingOrders shows it, CancelStandingOrder cancels it',
      run: async () => {
        const idempotencyKey = key();
        const request = {
          idempotencyKey,
          clientId: fixtures.clientId,
          debtorAccountId: account(),
          creditor: { account: { iban: creditorIban }, name: 'Conformance Landlord' },
          amount: { amount: unit(), currency: currency() },
          frequency: 'MONTHLY',
          firstExecutionDate: new Date(now().getTime() + 30 * DAY).toISOString().slice(0, 10),
          channel,
        };
        const created = expectResponse(await call('CreateStandingOrder', request), op('CreateStandingOrder'));
        const standingOrderId = pick(created, 'standingOrder.standingOrderId')!;
        const again = expectResponse(await call('CreateStandingOrder', request), op('CreateStandingOrder'));
        expectEqual(pick(again, 'standingOrder.standingOrderId'), standingOrderId, 'standing order id of the repeated request');
        const listed = expectResponse(await call('ListStandingOrders', { clientId: fixtures.clientId, page: { limit: 500 } }), op('ListStandingOrders'));
        if (!list(listed, 'standingOrder').some((item) => item.standingOrderId === standingOrderId)) fail('the new standing order is not listed');
        const cancelled = expectResponse(await call('CancelStandingOrder', { standingOrderId, clientId: fixtures.clientId, channel }), op('CancelStandingOrder'));
        expectEqual(pick(cancelled, 'standingOrder.status'), 'CANCELLED', 'status after cancelling');
        expectFault(await call('CancelStandingOrder', { standingOrderId: UNKNOWN_ID, clientId: fixtures.clientId, channel }), op('CancelStandingOrder'), ['STANDING_ORDER_NOT_FOUND']);
      },
    },
    {
      id: id('Deposit.lifecycle'),
      title: 'OpenDeposit (idempotent), GetClientDeposits, GetDeposit, GetDepositSchedule, CloseDeposit',
      run: async () => {
        const productCode = fixtures.depositProductCode ?? fail('no deposit product code given (--deposit-product-code)');
        const amount = formatAmount(parseAmount(fixtures.depositAmount ?? '1000', currency()));
        const request = {
          idempotencyKey: key(),
          clientId: fixtures.clientId,
          productCode,
          sourceAccountId: account(),
          amount: { amount, currency: currency() },
          termMonths: fixtures.depositTermMonths ?? '12',
          channel,
        };
        const opened = expectResponse(await call('OpenDeposit', request), op('OpenDeposit'));
        const depositId = pick(opened, 'deposit.depositId')!;
        const again = expectResponse(await call('OpenDeposit', request), op('OpenDeposit'));
        expectEqual(pick(again, 'deposit.depositId'), depositId, 'deposit id of the repeated request');
        const listed = expectResponse(await call('GetClientDeposits', { clientId: fixtures.clientId }), op('GetClientDeposits'));
        if (!list(listed, 'deposit').some((item) => item.depositId === depositId)) fail('the new deposit is not listed');
        expectResponse(await call('GetDeposit', { depositId, clientId: fixtures.clientId }), op('GetDeposit'));
        expectResponse(await call('GetDepositSchedule', { depositId, clientId: fixtures.clientId }), op('GetDepositSchedule'));
        const closed = expectResponse(await call('CloseDeposit', { idempotencyKey: key(), clientId: fixtures.clientId, depositId, targetAccountId: account(), channel }), op('CloseDeposit'));
        expectEqual(pick(closed, 'deposit.status'), 'CLOSED', 'status after closing');
        expectFault(await call('GetDeposit', { depositId: UNKNOWN_ID }), op('GetDeposit'), ['DEPOSIT_NOT_FOUND']);
      },
    },
    {
      id: id('Loan.read'),
      title: 'GetClientLoans, GetLoan and GetLoanSchedule describe one loan',
      run: async () => {
        const listed = expectResponse(await call('GetClientLoans', { clientId: fixtures.clientId }), op('GetClientLoans'));
        const loanId = fixtures.loanId ?? pick(listed, 'loan.loanId') ?? fail('the client has no loan (give --loan-id)');
        const loan = expectResponse(await call('GetLoan', { loanId, clientId: fixtures.clientId }), op('GetLoan'));
        found.loan = list(loan, 'loan')[0];
        const schedule = expectResponse(await call('GetLoanSchedule', { loanId, clientId: fixtures.clientId }), op('GetLoanSchedule'));
        if (list(schedule, 'installment').length === 0) fail('the loan schedule is empty');
        expectFault(await call('GetLoan', { loanId: UNKNOWN_ID }), op('GetLoan'), ['LOAN_NOT_FOUND']);
      },
    },
    {
      id: id('RepayLoan.idempotent'),
      title: 'RepayLoan repeated with the same key returns the first repayment',
      run: async () => {
        const loan = found.loan ?? fail('no loan was read');
        const fromAccountId = pick(loan, 'repaymentAccountId') ?? account();
        const loanCurrency = pick(loan, 'outstandingPrincipal.currency')!;
        const amount = pick(loan, 'nextInstallment.total.amount') ?? formatAmount(parseAmount('1', loanCurrency));
        const request = { idempotencyKey: key(), clientId: fixtures.clientId, loanId: String(loan.loanId), fromAccountId, amount: { amount, currency: loanCurrency }, repaymentType: 'REGULAR', channel };
        const first = expectResponse(await call('RepayLoan', request), op('RepayLoan'));
        const second = expectResponse(await call('RepayLoan', request), op('RepayLoan'));
        expectEqual(pick(second, 'repaymentId'), pick(first, 'repaymentId'), 'repayment id of the repeated request');
      },
    },
    {
      id: id('Hold.lifecycle'),
      title: 'PlaceHold blocks the amount (idempotent); ReleaseHold frees it',
      run: async () => {
        const before = await available();
        const request = {
          idempotencyKey: key(),
          accountId: account(),
          clientId: fixtures.clientId,
          amount: { amount: unit(), currency: currency() },
          reason: 'Conformance check hold',
          expiresAt: new Date(now().getTime() + DAY).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        };
        const placed = expectResponse(await call('PlaceHold', request), op('PlaceHold'));
        const holdId = pick(placed, 'hold.holdId')!;
        const again = expectResponse(await call('PlaceHold', request), op('PlaceHold'));
        expectEqual(pick(again, 'hold.holdId'), holdId, 'hold id of the repeated request');
        const held = await available();
        expectEqual(String(before - held), String(parseAmount(unit(), currency()).minor), 'available balance reduction by one hold');
        const released = expectResponse(await call('ReleaseHold', { accountId: account(), holdId, clientId: fixtures.clientId }), op('ReleaseHold'));
        expectEqual(pick(released, 'hold.status'), 'RELEASED', 'hold status');
        expectEqual(String(await available()), String(before), 'available balance after release');
        expectFault(await call('ReleaseHold', { accountId: account(), holdId: UNKNOWN_ID }), op('ReleaseHold'), ['HOLD_NOT_FOUND']);
      },
    },
    {
      id: id('Fx.rates-and-quote'),
      title: 'GetFxRates lists rates; GetConversionQuote quotes a listed pair',
      run: async () => {
        const rates = expectResponse(await call('GetFxRates', {}), op('GetFxRates'));
        const rate = list(rates, 'rate')[0] ?? fail('GetFxRates returned no rate');
        const base = String(rate.baseCurrency);
        const quote = String(rate.quoteCurrency);
        const value = expectResponse(
          await call('GetConversionQuote', { sellCurrency: base, buyCurrency: quote, fixedSide: 'SELL', amount: { amount: formatAmount(parseAmount('100', base)), currency: base } }),
          op('GetConversionQuote'),
        );
        if (!pick(value, 'quoteId')) fail('the quote has no id');
        expectFault(await call('GetFxRates', { baseCurrency: 'XXX' }), op('GetFxRates'), ['UNKNOWN_CURRENCY']);
      },
    },
    ...protocolChecks(caller, 'GetBalances', () => readBalance()),
  ];
}
