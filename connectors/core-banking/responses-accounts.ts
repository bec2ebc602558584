/**
 * The responses of CoreBanking's account operations (GetClientAccounts, GetAccount,
 * GetBalances, GetTransactions, GetTransaction, GetStatement, ValidateAccount), read from
 * the content of the response wrapper as node-soap parsed it into the types of ./types.ts.
 * Pure: no I/O, no clock. A response that does not fit the contract throws a
 * CoreBankingResponseError naming the element; amounts that must share the account's
 * currency are checked to do so.
 */
import { CoreBankingResponseError } from './errors.js';
import { present, SoapReader } from './read.js';
import { FAULT_CODES, readBalance, readBalances, readEntry, readPage } from './response-shapes.js';
import { ACCOUNT_STATUSES, ACCOUNT_TYPES, type Account, type AccountBalances, type AccountEntry, type AccountValidation, type Page, type Statement } from './types.js';

const MAX_COUNT = Number.MAX_SAFE_INTEGER;

function readAccount(r: SoapReader): Account {
  const currency = r.text('currency');
  const creditLine = r.optMoney('creditLine');
  const balances = readBalances(r);
  r.sameCurrency(currency, { creditLine });
  if (balances.currency !== currency) throw new CoreBankingResponseError(`${r.path}/balance`, `balances in ${balances.currency} on an account in ${currency}`);
  return present(
    {
      accountId: r.text('accountId'),
      currency,
      productCode: r.text('productCode'),
      productName: r.text('productName'),
      type: r.oneOf('type', ACCOUNT_TYPES),
      status: r.oneOf('status', ACCOUNT_STATUSES),
      openingDate: r.date('openingDate'),
      ownerClientId: r.text('ownerClientId'),
      balances,
    },
    { iban: r.optText('iban'), closingDate: r.optDate('closingDate'), creditLine },
  );
}

export function readGetClientAccountsResponse(value: unknown): Account[] {
  return SoapReader.response(value, 'GetClientAccountsResponse').list('account').map(readAccount);
}

export function readGetAccountResponse(value: unknown): Account {
  return readAccount(SoapReader.response(value, 'GetAccountResponse').obj('account'));
}

export function readGetBalancesResponse(value: unknown): AccountBalances {
  const r = SoapReader.response(value, 'GetBalancesResponse');
  return { accountId: r.text('accountId'), ...readBalances(r) };
}

export function readGetTransactionsResponse(value: unknown): Page<AccountEntry> {
  const r = SoapReader.response(value, 'GetTransactionsResponse');
  return readPage(r, r.list('transaction').map(readEntry));
}

export function readGetTransactionResponse(value: unknown): AccountEntry {
  return readEntry(SoapReader.response(value, 'GetTransactionResponse').obj('transaction'));
}

export function readGetStatementResponse(value: unknown): Statement {
  const r = SoapReader.response(value, 'GetStatementResponse');
  const currency = r.text('currency');
  const period = r.obj('period');
  const statement = present(
    {
      ...readPage(r, r.list('transaction').map(readEntry)),
      accountId: r.text('accountId'),
      currency,
      period: { from: period.date('from'), to: period.date('to') },
      openingBalance: readBalance(r.obj('openingBalance')),
      closingBalance: readBalance(r.obj('closingBalance')),
      totalCredits: r.money('totalCredits'),
      totalDebits: r.money('totalDebits'),
      creditCount: r.int('creditCount', 0, MAX_COUNT),
      debitCount: r.int('debitCount', 0, MAX_COUNT),
    },
    { iban: r.optText('iban') },
  );
  r.sameCurrency(currency, {
    'openingBalance/amount': statement.openingBalance.amount,
    'closingBalance/amount': statement.closingBalance.amount,
    totalCredits: statement.totalCredits,
    totalDebits: statement.totalDebits,
    ...Object.fromEntries(statement.items.map((entry, index) => [`transaction[${index + 1}]/amount`, entry.amount])),
  });
  return statement;
}

export function readValidateAccountResponse(value: unknown): AccountValidation {
  const r = SoapReader.response(value, 'ValidateAccountResponse');
  return present(
    { valid: r.bool('valid'), internal: r.bool('internal') },
    {
      reasonCode: r.optOneOf('reasonCode', FAULT_CODES),
      accountId: r.optText('accountId'),
      iban: r.optText('iban'),
      accountHolderName: r.optText('accountHolderName'),
      currency: r.optText('currency'),
      bic: r.optText('bic'),
    },
  );
}
