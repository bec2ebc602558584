import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import { formatAmount, parseAmount } from '../../common/money.js';
import type { PlainObject } from '../../common/soap/codec.js';
import { ContractCaller } from '../../hub/conformance/caller.js';
import { pick, list } from '../../hub/conformance/checks.js';
import { startMocks, type RunningMocks } from '../../mocks/index.js';
import type { SeedAccount } from '../../mocks/seed/dataset.js';

describe('mock core banking ledger under concurrent transfers over HTTP', function () {
  this.timeout(60_000);
  let running: RunningMocks;
  let bank: ContractCaller;
  let accounts: SeedAccount[];

  before(async () => {
    running = await startMocks({ clients: 40, seed: 5 });
    bank = new ContractCaller(findContract('core-banking')!, running.mocks['core-banking'].endpoint);
    accounts = running.dataset.accounts.filter((account) => account.currency === 'EUR' && account.type === 'CURRENT').slice(0, 6);
  });
  after(async () => {
    bank?.dispose();
    await running?.stop();
  });

  async function booked(account: SeedAccount): Promise<bigint> {
    const outcome = await bank.call('GetBalances', { accountId: account.accountId, clientId: account.clientId });
    if (outcome.kind !== 'response') throw new Error(`GetBalances failed: ${JSON.stringify(outcome)}`);
    const balance = list(outcome.value, 'balance').find((item) => item.type === 'BOOKED')!;
    return parseAmount(pick(balance, 'amount.amount')!, 'EUR', { signed: true }).minor;
  }

  async function entriesToday(account: SeedAccount): Promise<PlainObject[]> {
    const today = new Date().toISOString().slice(0, 10);
    const entries: PlainObject[] = [];
    let cursor: string | undefined;
    do {
      const outcome = await bank.call('GetTransactions', {
        accountId: account.accountId,
        clientId: account.clientId,
        period: { from: today, to: today },
        status: 'BOOKED',
        page: { limit: 500, ...(cursor ? { cursor } : {}) },
      });
      if (outcome.kind !== 'response') throw new Error(`GetTransactions failed: ${JSON.stringify(outcome)}`);
      entries.push(...list(outcome.value, 'transaction'));
      cursor = pick(outcome.value, 'page.nextCursor');
    } while (cursor);
    return entries;
  }

  it('keeps the sum of balances and posts each idempotency key once', async () => {
    expect(accounts.length, 'euro current accounts in the seeded bank').to.be.at.least(4);
    const before = (await Promise.all(accounts.map(booked))).reduce((sum, value) => sum + value, 0n);

    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const requests = Array.from({ length: 120 }, (_, index) => {
      const debtor = accounts[random(accounts.length)]!;
      let creditor = accounts[random(accounts.length)]!;
      if (creditor === debtor) creditor = accounts[(accounts.indexOf(debtor) + 1) % accounts.length]!;
      const huge = index % 15 === 0;
      const amount = huge ? '9000000' : formatAmount({ minor: BigInt(100 + random(5000)), currency: 'EUR' });
      return {
        idempotencyKey: `ledger-test-${index}`,
        transfer: {
          clientId: debtor.clientId,
          debtorAccountId: debtor.accountId,
          creditor: { account: { accountId: creditor.accountId }, name: 'Ledger test' },
          amount: { amount, currency: 'EUR' },
          channel: 'SYSTEM',
        },
      };
    });
    // Every third request is sent twice at the same time with the same key.
    const calls = [...requests, ...requests.filter((_, index) => index % 3 === 0)];
    const outcomes = await Promise.all(calls.map((request) => bank.call('CreateTransfer', request)));

    const transferByKey = new Map<string, string>();
    outcomes.forEach((outcome, index) => {
      const key = calls[index]!.idempotencyKey;
      if (outcome.kind === 'fault') {
        expect(['INSUFFICIENT_FUNDS', 'LIMIT_EXCEEDED'], `${key}: ${outcome.fault.message}`).to.include(outcome.fault.code);
        return;
      }
      expect(outcome.kind, key).to.equal('response');
      const transferId = pick(outcome.kind === 'response' ? outcome.value : undefined, 'transfer.transferId')!;
      const first = transferByKey.get(key);
      if (first) expect(transferId, `the repeated ${key}`).to.equal(first);
      else transferByKey.set(key, transferId);
    });
    expect(transferByKey.size).to.be.greaterThan(60);

    const after = (await Promise.all(accounts.map(booked))).reduce((sum, value) => sum + value, 0n);
    expect(String(after), 'sum of booked balances (internal transfers only move money)').to.equal(String(before));

    const entries = (await Promise.all(accounts.map(entriesToday))).flat();
    for (const transferId of transferByKey.values()) {
      const legs = entries.filter((entry) => entry.transferId === transferId);
      expect(legs.map((entry) => entry.creditDebitIndicator).sort(), `postings of ${transferId}`).to.deep.equal(['CRDT', 'DBIT']);
    }
  });
});
