import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { createHub, type Hub } from '../../hub/app.js';
import { loadConfig } from '../../hub/config.js';
import { startMocks, type RunningMocks } from '../../mocks/index.js';
import { eventually } from '../mocks/recording-hub.js';

const text = (value: unknown): string => JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));

const SECRET = 'a-test-secret-of-at-least-32-characters!';

async function token(clientId: string): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(clientId).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
}

describe('hub: the mock back offices push their changes into the hub', function () {
  this.timeout(60_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dbp-push-'));
  let hub: Hub;
  let mocks: RunningMocks;

  before(async () => {
    hub = createHub({ config: loadConfig({}, { httpPort: '0', dataDir, platformJwtSecret: SECRET }), logger: pino({ level: 'silent' }), processMetrics: false });
    await hub.start();
    mocks = await startMocks({ clients: 10, seed: 4, push: { endpoint: `${hub.url}/soap/CacheControl` } });
  });
  after(async () => {
    await mocks?.stop();
    await hub?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function admin(id: 'core-banking' | 'cards' | 'crm', fixture: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${mocks.mocks[id].url}/admin/fixtures/${fixture}`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status, await response.clone().text()).to.equal(200);
    return ((await response.json()) as { result: unknown }).result;
  }

  it('a posting in core banking becomes a stored transaction, a balance and an outbox message', async () => {
    const account = mocks.dataset.accounts.find((item) => item.type === 'CURRENT')!;
    // The relay drains the outbox into the bus, so count every row written, sent or not.
    const outboxRows = () =>
      hub.store.query('counting outbox rows', async (ex) => Number((await ex.query(`SELECT COUNT(*) AS ${ex.dialect.quote('n')} FROM ${ex.dialect.table('outbox')}`))[0]?.n));
    const rowsBefore = await outboxRows();
    await admin('core-banking', 'postTransaction', {
      accountId: account.accountId,
      amount: '123.45',
      currency: account.currency,
      direction: 'CRDT',
      counterpartyName: 'ACME Payroll',
    });
    let found = false;
    for (let attempt = 0; attempt < 150 && !found; attempt += 1) {
      const page = await hub.store.transactions({ accountId: account.accountId, limit: 50 });
      found = page.items.some((item) => text(item).includes('ACME Payroll'));
      if (!found) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found, 'the pushed entry is in the hub store').to.equal(true);
    const stored = await hub.store.account(account.accountId);
    expect(stored, 'the account is known to the hub').to.not.equal(undefined);
    expect(await outboxRows()).to.be.greaterThan(rowsBefore);
    // The hub commits before it answers, so the publisher may count the answer a moment later.
    const accepted = () => mocks.publishers['core-banking']!.stats().results.ACCEPTED ?? 0;
    for (let attempt = 0; attempt < 100 && accepted() === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(accepted()).to.be.greaterThan(0);
  });

  it('every back office is accepted with its own credentials and nothing is rejected', async () => {
    const card = mocks.dataset.cards.find((item) => item.status === 'ACTIVE')!;
    await admin('cards', 'setCardStatus', { cardId: card.cardId, status: 'BLOCKED', reason: 'QA' });
    await admin('crm', 'createClient', { givenName: 'Qa', familyName: 'Tester' });
    for (const id of ['cards', 'crm'] as const) {
      await eventually(() => (mocks.publishers[id]!.stats().results.ACCEPTED ?? 0) > 0, 15_000);
      expect(mocks.publishers[id]!.stats().results.REJECTED ?? 0, id).to.equal(0);
    }
    const stored = await hub.store.card(card.cardId);
    expect(stored && text(stored)).to.contain('BLOCKED');
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).to.match(/dbp_change_events_total\{source="CARDS",result="ACCEPTED"\} [1-9]/);
  });

  it('a client reads the pushed data through the Platform API, and a new change replaces the cached copy', async () => {
    const account = mocks.dataset.accounts.find((item) => item.type === 'CURRENT')!;
    const headers = { authorization: `Bearer ${await token(account.clientId)}` };
    const read = async () => {
      const response = await fetch(`${hub.url}/platform/v1/accounts/${account.accountId}`, { headers });
      expect(response.status).to.equal(200);
      return (await response.json()) as { data: unknown; asOf: string; stale: boolean };
    };
    const first = await read();
    expect(first.stale).to.equal(false);
    await admin('core-banking', 'postTransaction', { accountId: account.accountId, amount: '7.00', currency: account.currency, direction: 'DBIT', counterpartyName: 'Cache buster' });
    let changed = false;
    for (let attempt = 0; attempt < 100 && !changed; attempt += 1) {
      changed = text((await read()).data) !== text(first.data);
      if (!changed) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(changed, 'the account read after the change shows the new balance').to.equal(true);
    const entries = await fetch(`${hub.url}/platform/v1/accounts/${account.accountId}/transactions?limit=5`, { headers });
    expect(text(await entries.json())).to.contain('Cache buster');
    const foreign = mocks.dataset.accounts.find((item) => item.clientId !== account.clientId)!;
    expect((await fetch(`${hub.url}/platform/v1/accounts/${foreign.accountId}`, { headers })).status).to.equal(404);
    expect((await fetch(`${hub.url}/platform/v1/accounts/${account.accountId}`)).status).to.equal(401);
  });
});
