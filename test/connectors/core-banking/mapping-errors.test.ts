import { expect } from 'chai';
import { CoreBankingResponseError } from '../../../connectors/core-banking/errors.js';
import {
  readGetAccountResponse,
  readGetDepositResponse,
  readGetStatementResponse,
  readGetTransactionsResponse,
  readTransferResponse,
  readValidateAccountResponse,
} from '../../../connectors/core-banking/mapping.js';
import { m, savedResponse } from './support.js';

type Tree = Record<string, unknown>;

/** A saved response as node-soap parses it, to change before reading. */
async function parsed(operation: string, variant?: string): Promise<Tree> {
  return structuredClone((await savedResponse(operation, variant)) as Tree);
}

const at = (tree: unknown, ...steps: (string | number)[]): Tree => steps.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], tree) as Tree;

function expectInvalid(read: () => unknown, path: string, message: RegExp): void {
  let error: unknown;
  try {
    read();
  } catch (caught) {
    error = caught;
  }
  expect(error, 'the read must fail').to.be.instanceOf(CoreBankingResponseError);
  expect(error).to.include({ code: 'INVALID_RESPONSE', path, retryable: false });
  expect((error as Error).message).to.match(message);
}

describe('core-banking mapping: responses that do not fit the contract', () => {
  it('names the missing element', async () => {
    const response = await parsed('GetAccount');
    delete at(response, 'account').currency;
    expectInvalid(() => readGetAccountResponse(response), 'GetAccountResponse/account/currency', /is missing/);
  });

  it('refuses a value outside the enumeration', async () => {
    const response = await parsed('GetAccount');
    at(response, 'account').status = 'FROZEN';
    expectInvalid(() => readGetAccountResponse(response), 'GetAccountResponse/account/status', /"FROZEN" is not one of OPEN, BLOCKED, CLOSED/);
  });

  it('refuses an amount with more decimals than its currency has, or a negative entry amount', async () => {
    const account = await parsed('GetAccount');
    at(account, 'account', 'balance', 0, 'amount').amount = '4754.105';
    expectInvalid(() => readGetAccountResponse(account), 'GetAccountResponse/account/balance[1]/amount', /3 decimals; EUR allows at most 2/);

    const page = await parsed('GetTransactions');
    at(page, 'transaction', 2, 'amount').amount = '-1200.00';
    expectInvalid(() => readGetTransactionsResponse(page), 'GetTransactionsResponse/transaction[3]/amount', /must not be negative/);
  });

  it('reads a negative balance (an overdraft) to the cent', async () => {
    const response = await parsed('GetAccount');
    at(response, 'account', 'balance', 0, 'amount').amount = '-35.10';
    expect(readGetAccountResponse(response).balances.booked?.minor).to.equal(-3_510n);
  });

  it('refuses balances that mix currencies, repeat a type or differ from the account', async () => {
    const mixed = await parsed('GetAccount');
    at(mixed, 'account', 'balance', 1, 'amount').currency = 'USD';
    expectInvalid(() => readGetAccountResponse(mixed), 'GetAccountResponse/account/balance[2]', /balances in EUR and USD/);

    const twice = await parsed('GetAccount');
    at(twice, 'account', 'balance', 1).type = 'BOOKED';
    expectInvalid(() => readGetAccountResponse(twice), 'GetAccountResponse/account/balance[2]', /a second BOOKED balance/);

    const other = await parsed('GetAccount');
    at(other, 'account').currency = 'USD';
    expectInvalid(() => readGetAccountResponse(other), 'GetAccountResponse/account/creditLine', /an amount in EUR where USD is expected/);
    delete at(other, 'account').creditLine;
    expectInvalid(() => readGetAccountResponse(other), 'GetAccountResponse/account/balance', /balances in EUR on an account in USD/);
  });

  it('holds the rules between fields: booking date, reversal, fee currency, a cursor when more follow', async () => {
    const pending = await parsed('GetTransactions');
    at(pending, 'transaction', 0).bookingDate = '2026-11-24';
    expectInvalid(() => readGetTransactionsResponse(pending), 'GetTransactionsResponse/transaction[1]/bookingDate', /exactly when status is BOOKED/);

    const reversal = await parsed('GetTransactions');
    at(reversal, 'transaction', 2).reversalOf = 'S-A1-3';
    expectInvalid(() => readGetTransactionsResponse(reversal), 'GetTransactionsResponse/transaction[3]/reversalOf', /exactly when kind is REVERSAL/);

    const fee = await parsed('CreateTransfer', 'jpy');
    at(fee, 'transfer', 'fee', 'amount').currency = 'JPY';
    at(fee, 'transfer', 'fee', 'amount').amount = '2000';
    expectInvalid(() => readTransferResponse(fee, 'CreateTransfer'), 'CreateTransferResponse/transfer/fee[1]/amount', /an amount in JPY where EUR is expected/);

    const cursorless = await parsed('GetTransactions');
    delete at(cursorless, 'page').nextCursor;
    expectInvalid(() => readGetTransactionsResponse(cursorless), 'GetTransactionsResponse/page/nextCursor', /is missing/);
  });

  it('refuses a timestamp without a UTC offset and a date that is not one', async () => {
    const noOffset = await parsed('GetAccount');
    at(noOffset, 'account', 'balance', 2).asOf = '2026-11-24T09:30:00';
    expectInvalid(() => readGetAccountResponse(noOffset), 'GetAccountResponse/account/balance[3]/asOf', /UTC offset/);

    const badDate = await parsed('GetDeposit');
    at(badDate, 'deposit').maturityDate = '2027-02-30x';
    expectInvalid(() => readGetDepositResponse(badDate), 'GetDepositResponse/deposit/maturityDate', /YYYY-MM-DD/);
  });

  it('refuses a response that is not a structure', () => {
    expectInvalid(() => readGetAccountResponse('<xml/>'), 'GetAccountResponse', /not a structure/);
    expectInvalid(() => readGetAccountResponse(null), 'GetAccountResponse/account', /is missing/);
  });

  it('reads values node-soap converted (booleans, numbers, Dates) as it reads their text', async () => {
    const text = readGetDepositResponse(await parsed('GetDeposit'));
    const converted = await parsed('GetDeposit');
    Object.assign(at(converted, 'deposit'), { termMonths: 6, openingDate: new Date('2026-08-03T00:00:00Z'), maturityDate: new Date('2027-02-03') });
    expect(readGetDepositResponse(converted)).to.deep.equal(text);

    const statement = await parsed('GetStatement');
    Object.assign(at(statement, 'page'), { hasMore: false });
    Object.assign(statement, { creditCount: 1, debitCount: '1' });
    at(statement, 'closingBalance').asOf = new Date('2026-10-31T23:59:59Z');
    expect(readGetStatementResponse(statement)).to.deep.include({ creditCount: 1, debitCount: 1, closingBalance: { type: 'BOOKED', amount: m(1_238_155n, 'KWD'), asOf: new Date('2026-10-31T23:59:59Z') } });

    const validation = await parsed('ValidateAccount');
    Object.assign(validation, { valid: 'true', internal: '1' });
    expect(readValidateAccountResponse(validation)).to.include({ valid: true, internal: true });
    Object.assign(validation, { valid: 'yes' });
    expectInvalid(() => readValidateAccountResponse(validation), 'ValidateAccountResponse/valid', /true or false/);
  });

  it('reads a text value that node-soap gave with its attributes', async () => {
    const response = await parsed('GetAccount');
    at(response, 'account').productName = { attributes: { 'xml:lang': 'en' }, $value: 'Everyday Account EUR' };
    expect(readGetAccountResponse(response).productName).to.equal('Everyday Account EUR');
  });
});
