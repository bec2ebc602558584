import { expect } from 'chai';
import {
  accountRecordOf,
  readGetAccountResponse,
  readGetBalancesResponse,
  readGetClientAccountsResponse,
  readGetStatementResponse,
  readGetTransactionResponse,
  readGetTransactionsResponse,
  readValidateAccountResponse,
  transactionPageOf,
} from '../../../connectors/core-banking/mapping.js';
import type { AccountBalances } from '../../../connectors/core-banking/types.js';
import { CoreBankingResponseError } from '../../../connectors/core-banking/errors.js';
import { m, savedResponse } from './support.js';

const AS_OF = new Date('2026-11-24T09:30:00Z');
const RECEIVED = new Date('2026-11-24T09:30:01.250Z');

describe('core-banking mapping: accounts, balances and entries (saved responses)', () => {
  it('GetClientAccounts: each account with its product, owner, credit line and three balances', async () => {
    const accounts = readGetClientAccountsResponse(await savedResponse('GetClientAccounts'));
    expect(accounts.map((account) => account.accountId)).to.deep.equal(['A1', 'A2']);
    const [eur, jpy] = accounts as [(typeof accounts)[0], (typeof accounts)[0]];
    expect(eur).to.deep.equal({
      accountId: 'A1',
      iban: 'DE41370400440000000001',
      currency: 'EUR',
      productCode: 'CUR-EUR',
      productName: 'Everyday Account EUR',
      type: 'CURRENT',
      status: 'OPEN',
      openingDate: '2025-01-10',
      ownerClientId: 'C1',
      creditLine: m(50_000n, 'EUR'),
      balances: {
        currency: 'EUR',
        booked: { minor: 475_410n, asOf: AS_OF },
        available: { minor: 510_810n, asOf: AS_OF },
        blocked: { minor: 2_500n, asOf: AS_OF },
      },
    });
    // JPY has no minor unit: "50020" is 50020 yen. No credit line, no closing date: no keys.
    expect(jpy.balances).to.deep.equal({ currency: 'JPY', booked: { minor: 50_020n, asOf: AS_OF }, available: { minor: 50_020n, asOf: AS_OF }, blocked: { minor: 0n, asOf: AS_OF } });
    expect(jpy).to.not.have.any.keys('creditLine', 'closingDate');
  });

  it('GetClientAccounts: an empty answer (node-soap gives null) is no account', async () => {
    expect(await savedResponse('GetClientAccounts', 'empty')).to.equal(null);
    expect(readGetClientAccountsResponse(await savedResponse('GetClientAccounts', 'empty'))).to.deep.equal([]);
  });

  it('GetAccount in KWD: three decimals to the fils', async () => {
    const account = readGetAccountResponse(await savedResponse('GetAccount', 'kwd'));
    expect(account.currency).to.equal('KWD');
    expect(account.balances.booked).to.deep.equal({ minor: 1_238_155n, asOf: AS_OF });
    expect(account.balances.blocked).to.deep.equal({ minor: 0n, asOf: AS_OF });
    expect(account.ownerClientId).to.equal('C2');
    expect(account).to.not.have.property('creditLine');
  });

  it('GetAccount + GetBalances → one AccountRecord without version, asOf from the balances', async () => {
    const account = readGetAccountResponse(await savedResponse('GetAccount'));
    const balances = readGetBalancesResponse(await savedResponse('GetBalances'));
    expect(balances.accountId).to.equal('A1');
    const record = accountRecordOf(account, balances);
    expect(record).to.deep.equal({
      accountId: 'A1',
      clientId: 'C1',
      currency: 'EUR',
      booked: { minor: 475_410n, asOf: AS_OF },
      available: { minor: 510_810n, asOf: AS_OF },
      blocked: { minor: 2_500n, asOf: AS_OF },
      asOf: AS_OF,
    });
    expect(record).to.not.have.property('version');
  });

  it('keeps whichever set of balances was computed later, whole', async () => {
    const account = readGetAccountResponse(await savedResponse('GetAccount'));
    const later = new Date('2026-11-24T09:31:00Z');
    const newer: AccountBalances = { accountId: 'A1', currency: 'EUR', booked: { minor: 1n, asOf: later }, available: { minor: 2n, asOf: later } };
    const fromNewer = accountRecordOf(account, newer);
    expect(fromNewer).to.deep.equal({ accountId: 'A1', clientId: 'C1', currency: 'EUR', booked: newer.booked, available: newer.available, asOf: later });

    const earlier = new Date('2026-11-24T09:29:00Z');
    const older: AccountBalances = { accountId: 'A1', currency: 'EUR', booked: { minor: 1n, asOf: earlier } };
    expect(accountRecordOf(account, older).booked).to.deep.equal({ minor: 475_410n, asOf: AS_OF });
    // Without GetBalances the account's own balances are the record's.
    expect(accountRecordOf(account).available).to.deep.equal({ minor: 510_810n, asOf: AS_OF });
  });

  it('refuses balances of another account or in another currency', async () => {
    const account = readGetAccountResponse(await savedResponse('GetAccount'));
    const balances = readGetBalancesResponse(await savedResponse('GetBalances'));
    expect(() => accountRecordOf(account, { ...balances, accountId: 'A2' }))
      .to.throw(CoreBankingResponseError, /balances of A2 cannot complete account A1/)
      .with.property('code', 'INVALID_RESPONSE');
    expect(() => accountRecordOf(account, { ...balances, currency: 'USD' })).to.throw(CoreBankingResponseError, /USD/);
  });

  it('GetTransactions: booked and pending entries of a page, and the cursor of the next', async () => {
    const page = readGetTransactionsResponse(await savedResponse('GetTransactions'));
    expect(page.nextCursor).to.equal('eyJmIjoidHh8QTF8MjAyNi0xMC0wMXwyMDI2LTExLTI0fEJPVEgiLCJwIjpbIjIwMjYtMTEtMTAiLCJTLUExLTQiXX0');
    expect(page.items.map((entry) => [entry.entryReference, entry.status, entry.kind])).to.deep.equal([
      ['E0000000028', 'PENDING', 'TRANSFER'],
      ['E0000000029', 'PENDING', 'FEE'],
      ['S-A1-4', 'BOOKED', 'TRANSFER'],
    ]);
    const [pending, , booked] = page.items;
    expect(pending).to.deep.equal({
      accountId: 'A1',
      entryReference: 'E0000000028',
      status: 'PENDING',
      kind: 'TRANSFER',
      amount: m(12_050n, 'EUR'),
      creditDebitIndicator: 'DBIT',
      valueDate: '2026-11-24',
      counterparty: { name: 'Stadtwerke Berlin GmbH', iban: 'DE02120300000000202051' },
      remittanceInformation: 'Invoice 2026-118',
      transferId: 'TRF-00000001',
    });
    expect(booked).to.deep.include({ bookingDate: '2026-11-10', amount: m(120_000n, 'EUR'), balanceAfter: m(475_410n, 'EUR'), counterparty: { name: 'Landlord' } });
  });

  it('GetTransactions → TransactionRecords of the account owner, asOf = receivedAt, with the next cursor', async () => {
    const mapped = transactionPageOf(readGetTransactionsResponse(await savedResponse('GetTransactions')), 'C1', RECEIVED);
    expect(mapped.nextCursor).to.be.a('string').with.length.greaterThan(10);
    expect(mapped.items).to.have.length(3);
    for (const item of mapped.items) {
      expect(item).to.include({ accountId: 'A1', clientId: 'C1' });
      expect(item.asOf).to.equal(RECEIVED);
      expect(item).to.not.have.property('version');
    }
    expect(mapped.items[2]).to.deep.equal({
      accountId: 'A1',
      entryReference: 'S-A1-4',
      clientId: 'C1',
      status: 'BOOKED',
      kind: 'TRANSFER',
      amount: m(120_000n, 'EUR'),
      creditDebitIndicator: 'DBIT',
      bookingDate: '2026-11-10',
      valueDate: '2026-11-10',
      counterparty: { name: 'Landlord' },
      remittanceInformation: 'Rent',
      balanceAfter: m(475_410n, 'EUR'),
      asOf: RECEIVED,
    });
  });

  it('GetTransactions, last page in JPY: yen amounts and no cursor', async () => {
    const page = readGetTransactionsResponse(await savedResponse('GetTransactions', 'jpy'));
    expect(page).to.not.have.property('nextCursor');
    expect(page.items.map((entry) => [entry.entryReference, entry.amount, entry.creditDebitIndicator, entry.balanceAfter])).to.deep.equal([
      ['S-A2-2', m(1_980n, 'JPY'), 'DBIT', m(50_020n, 'JPY')],
      ['S-A2-1', m(52_000n, 'JPY'), 'CRDT', m(52_000n, 'JPY')],
    ]);
    expect(transactionPageOf(page, 'C1', RECEIVED)).to.not.have.property('nextCursor');
  });

  it('GetTransaction: a card payment with its merchant category and card, absent fields left out', async () => {
    const entry = readGetTransactionResponse(await savedResponse('GetTransaction'));
    expect(entry).to.deep.equal({
      accountId: 'A1',
      entryReference: 'S-A1-2',
      status: 'BOOKED',
      kind: 'CARD_PAYMENT',
      amount: m(4_590n, 'EUR'),
      creditDebitIndicator: 'DBIT',
      bookingDate: '2026-10-05',
      valueDate: '2026-10-04',
      counterparty: { name: 'REWE Markt' },
      merchantCategoryCode: '5411',
      cardId: 'CARD-1',
      balanceAfter: m(295_410n, 'EUR'),
    });
  });

  it('GetStatement in KWD: summary, counts and entries in chronological order', async () => {
    const statement = readGetStatementResponse(await savedResponse('GetStatement'));
    expect(statement).to.deep.include({
      accountId: 'A3',
      iban: 'DE84370400440000000003',
      currency: 'KWD',
      period: { from: '2026-10-01', to: '2026-10-31' },
      openingBalance: { type: 'BOOKED', amount: m(0n, 'KWD'), asOf: new Date('2026-10-01T00:00:00Z') },
      closingBalance: { type: 'BOOKED', amount: m(1_238_155n, 'KWD'), asOf: new Date('2026-10-31T23:59:59Z') },
      totalCredits: m(1_250_500n, 'KWD'),
      totalDebits: m(12_345n, 'KWD'),
      creditCount: 1,
      debitCount: 1,
    });
    expect(statement).to.not.have.property('nextCursor');
    expect(statement.items.map((entry) => [entry.entryReference, entry.amount.minor, entry.balanceAfter?.minor])).to.deep.equal([
      ['S-A3-1', 1_250_500n, 1_250_500n],
      ['S-A3-2', 12_345n, 1_238_155n],
    ]);
    const { openingBalance, closingBalance, totalCredits, totalDebits } = statement;
    expect(openingBalance.amount.minor + totalCredits.minor - totalDebits.minor).to.equal(closingBalance.amount.minor);
  });

  it('ValidateAccount: an internal account with holder and currency; an invalid IBAN with its reason', async () => {
    expect(readValidateAccountResponse(await savedResponse('ValidateAccount'))).to.deep.equal({
      valid: true,
      internal: true,
      accountId: 'A3',
      iban: 'DE84370400440000000003',
      accountHolderName: 'Boris Ivanov',
      currency: 'KWD',
      bic: 'DBPBDE22',
    });
    expect(readValidateAccountResponse(await savedResponse('ValidateAccount', 'invalid'))).to.deep.equal({
      valid: false,
      reasonCode: 'INVALID_IBAN',
      internal: false,
      iban: 'DE00120300000000202051',
    });
  });
});
