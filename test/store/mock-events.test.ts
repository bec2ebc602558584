/**
 * Events exactly as the mock back offices publish them (through the contract codec and
 * back), applied to the store: every one is accepted and the store ends where the back
 * offices are.
 */
import { expect } from 'chai';
import type { PlainObject } from '../../common/soap/codec.js';
import { applyEvents } from '../../hub/events/apply.js';
import type { SourceSystem } from '../../hub/store/index.js';
import { createCardsMock } from '../../mocks/cards/index.js';
import { createCoreBankingMock } from '../../mocks/core-banking/index.js';
import { createCrmMock } from '../../mocks/crm/index.js';
import { RecordingSink } from '../../mocks/push/types.js';
import { generateDataset } from '../../mocks/seed/generate.js';
import { eventsFromNotices, forEachDatabase } from './support.js';

class SteppingClock {
  private instant = Date.parse('2026-11-24T09:30:00Z');
  now(): Date {
    this.instant += 1000;
    return new Date(this.instant);
  }
}

forEachDatabase('events from the mock back offices', (db) => {
  it('accepts every event the three back offices publish, and holds their state', async () => {
    const { store } = db();
    const dataset = generateDataset({ clients: 4, seed: 11 });
    const clock = new SteppingClock();
    const sinks = { CORE_BANKING: new RecordingSink(), CARDS: new RecordingSink(), CRM: new RecordingSink() };
    const core = createCoreBankingMock({ dataset, sink: sinks.CORE_BANKING, clock });
    const cards = createCardsMock({ dataset, sink: sinks.CARDS, clock });
    const crm = createCrmMock({ dataset, sink: sinks.CRM, clock });

    const card = dataset.cards.find((candidate) => candidate.status === 'ACTIVE' && candidate.type === 'DEBIT')!;
    const account = dataset.accounts.find((candidate) => candidate.accountId === card.accountId)!;
    for (const amount of ['25.00', '1200.00', '3.10']) {
      core.fixtures.postTransaction({ accountId: account.accountId, amount: amount.replace('.00', ''), currency: account.currency, direction: 'CRDT', counterpartyName: 'ACME Payroll' });
    }
    const answer = cards.fixtures.authorise({ cardId: card.cardId, amount: '12.34', currency: account.currency, merchantName: 'CORNER SHOP', mcc: '5411' });
    expect(answer.approved, JSON.stringify(answer)).to.equal(true);
    const authorisationId = String((answer as { authorisation: PlainObject }).authorisation.authorisationId);
    cards.fixtures.settle({ authorisationId });
    cards.fixtures.setCardStatus({ cardId: card.cardId, status: 'BLOCKED', blockReason: 'CLIENT_REQUEST', reason: 'lost in the park' });
    const language = dataset.clients.find((client) => client.clientId === card.clientId)?.language === 'fr' ? 'de' : 'fr';
    crm.fixtures.updateClientData({ clientId: card.clientId, language });
    crm.fixtures.setKycStatus({ clientId: card.clientId, status: 'EXPIRED' });
    core.fixtures.runJobs({ now: '2027-02-20T12:00:00Z' });
    core.fixtures.accrueInterest({ date: '2027-02-20' });

    const sequences = new Map<string, number>();
    let total = 0;
    for (const source of ['CORE_BANKING', 'CARDS', 'CRM'] as SourceSystem[]) {
      const events = eventsFromNotices(source, sinks[source].notices, sequences);
      for (let offset = 0; offset < events.length; offset += 100) {
        const batch = events.slice(offset, offset + 100);
        const results = await applyEvents(store, source, batch, new Date());
        const refused = results.filter((result) => result.result !== 'ACCEPTED');
        expect(refused, JSON.stringify(refused.slice(0, 3), (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))).to.deep.equal([]);
      }
      total += events.length;
    }
    expect(total).to.be.greaterThan(10);
    const types = new Set(Object.values(sinks).flatMap((sink) => sink.notices.map((notice) => Object.keys(notice.payload)[0])));
    expect([...types]).to.include.members(['transactionPosted', 'cardStatusChanged', 'clientDataChanged', 'loanScheduleChanged', 'depositChanged']);

    const balances = core.state.core.balances(account.accountId);
    const stored = await store.account(account.accountId);
    expect(stored?.currency).to.equal(account.currency);
    expect(stored?.booked?.minor).to.equal(balances.booked);
    const page = await store.transactions({ accountId: account.accountId, limit: 1000 });
    const cardEntries = page.items.filter((item) => item.cardId === card.cardId && item.kind === 'CARD_PAYMENT' && item.merchantCategoryCode === '5411' && item.counterparty?.name === 'CORNER SHOP');
    expect(cardEntries.map((item) => item.status)).to.deep.equal(['BOOKED'], 'the hold and its settlement are one entry');
    expect(page.items.filter((item) => item.counterparty?.name === 'ACME Payroll')).to.have.length(3);
    expect(await store.card(card.cardId)).to.deep.include({ status: 'BLOCKED', clientId: card.clientId });
    const overview = await store.clientOverview(card.clientId);
    expect(overview.client).to.deep.include({ language, kycStatus: 'EXPIRED' });
    expect(overview.accounts.map((item) => item.accountId)).to.include(account.accountId);
    for (const loan of dataset.loans) expect((await store.loan(loan.loanId))?.schedule.length).to.be.greaterThan(0);
    for (const deposit of dataset.deposits) expect((await store.deposit(deposit.depositId))?.principal.currency).to.equal(deposit.currency);
  });
});
