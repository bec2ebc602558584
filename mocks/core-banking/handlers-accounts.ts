/** Handlers of the account operations: accounts, balances, entries, statements, validation, holds, rates and quotes. */
import { timestamp } from '../shared/calendar.js';
import { compareText } from '../shared/compare.js';
import { moneyValue } from '../shared/money.js';
import { pageInfo } from '../shared/paging.js';
import { moneyView, parseRequestCurrency } from './amounts.js';
import { endOfDay, parseRequestTimestamp, startOfDay } from './dates.js';
import { fault } from './faults.js';
import * as read from './request.js';
import type { CoreBankingState } from './state.js';
import { listTransactions, statementOf, type StatusFilter } from './statements.js';
import type { OperationHandlers } from './handlers.js';
import { accountView, balanceViews, conversionView, fxRateView, holdView, transactionView } from './views.js';

export function accountHandlers(state: CoreBankingState): OperationHandlers {
  const core = state.core;
  const account = (request: Parameters<typeof read.text>[0]) => core.ownedAccount(read.optionalText(request, 'clientId'), read.text(request, 'accountId'));

  return {
    GetClientAccounts: (request) => {
      const client = core.requireClient(read.text(request, 'clientId'));
      const includeClosed = read.flag(request, 'includeClosed');
      const accounts = core
        .clientAccounts(client.clientId)
        .filter((candidate) => includeClosed || candidate.status !== 'CLOSED')
        .sort((a, b) => compareText(a.openingDate, b.openingDate) || compareText(a.accountId, b.accountId))
        .slice(0, 500);
      return { account: accounts.map((item) => accountView(item, core.balances(item.accountId))) };
    },

    GetAccount: (request) => {
      const found = account(request);
      return { account: accountView(found, core.balances(found.accountId)) };
    },

    GetBalances: (request) => {
      const found = account(request);
      return { accountId: found.accountId, balance: balanceViews(core.balances(found.accountId)) };
    },

    GetTransactions: (request) => {
      const found = account(request);
      const status = (read.optionalText(request, 'status') === undefined ? 'BOTH' : read.oneOf(request, 'status', ['BOOKED', 'PENDING', 'BOTH'])) as StatusFilter;
      const page = listTransactions(core, found, read.period(request), status, read.page(request));
      return { transaction: page.items.map(transactionView), page: pageInfo(page) };
    },

    GetTransaction: (request) => {
      const found = account(request);
      const entryReference = read.text(request, 'entryReference');
      const entry = core.ledger.entry(found.accountId, entryReference);
      if (!entry) throw fault('TRANSACTION_NOT_FOUND', `account ${found.accountId} has no entry ${entryReference}`, 'entryReference');
      return { transaction: transactionView(entry) };
    },

    GetStatement: (request) => {
      const found = account(request);
      const period = read.period(request);
      const statement = statementOf(core, found, period, read.page(request));
      const closingAsOf = period.to === core.today() ? timestamp(core.now()) : endOfDay(period.to);
      return {
        accountId: found.accountId,
        ...(found.iban !== undefined ? { iban: found.iban } : {}),
        currency: found.currency,
        period,
        openingBalance: { type: 'BOOKED', amount: moneyValue(statement.openingBalance, found.currency), asOf: startOfDay(period.from) },
        closingBalance: { type: 'BOOKED', amount: moneyValue(statement.closingBalance, found.currency), asOf: closingAsOf },
        totalCredits: moneyView(statement.totalCredits, found.currency),
        totalDebits: moneyView(statement.totalDebits, found.currency),
        creditCount: statement.creditCount,
        debitCount: statement.debitCount,
        transaction: statement.page.items.map(transactionView),
        page: pageInfo(statement.page),
      };
    },

    ValidateAccount: (request) => {
      const result = state.validateAccount(read.accountReference(read.child(request, 'account'), 'account'));
      const found = result.account;
      return {
        valid: result.valid,
        ...(result.reasonCode !== undefined ? { reasonCode: result.reasonCode } : {}),
        internal: result.internal,
        ...(found ? { accountId: found.accountId } : {}),
        ...(result.iban !== undefined ? { iban: result.iban } : {}),
        ...(found ? { accountHolderName: core.holderName(found), currency: found.currency } : {}),
        ...(result.internal && (found || result.iban !== undefined) ? { bic: core.bic } : {}),
      };
    },

    PlaceHold: (request) => {
      const clientId = read.optionalText(request, 'clientId');
      const hold = state.placeHold(read.text(request, 'idempotencyKey'), {
        accountId: read.text(request, 'accountId'),
        ...(clientId !== undefined ? { clientId } : {}),
        amount: read.money(request, 'amount'),
        reason: read.text(request, 'reason'),
        expiresAt: parseRequestTimestamp(read.text(request, 'expiresAt'), 'expiresAt'),
      });
      return { hold: holdView(hold) };
    },

    ReleaseHold: (request) => {
      const hold = state.releaseHold(read.optionalText(request, 'clientId'), read.text(request, 'accountId'), read.text(request, 'holdId'));
      return { hold: holdView(hold) };
    },

    GetFxRates: (request) => {
      const base = read.optionalText(request, 'baseCurrency');
      const quote = read.optionalText(request, 'quoteCurrency');
      const rates = core.fx.rates({
        ...(base !== undefined ? { baseCurrency: parseRequestCurrency(base, 'baseCurrency') } : {}),
        ...(quote !== undefined ? { quoteCurrency: parseRequestCurrency(quote, 'quoteCurrency') } : {}),
      });
      return { rate: rates.map(fxRateView) };
    },

    GetConversionQuote: (request) => {
      const amount = read.child(request, 'amount');
      const clientId = read.optionalText(request, 'clientId');
      const quote = state.quote({
        sellCurrency: read.text(request, 'sellCurrency'),
        buyCurrency: read.text(request, 'buyCurrency'),
        fixedSide: read.oneOf(request, 'fixedSide', ['SELL', 'BUY']),
        amount: { amount: read.text(amount, 'amount', 'amount/amount'), currency: read.text(amount, 'currency', 'amount/currency') },
        ...(clientId !== undefined ? { clientId } : {}),
      });
      return { quoteId: quote.quoteId, conversion: conversionView(quote.conversion), validUntil: timestamp(quote.validUntil) };
    },
  };
}
