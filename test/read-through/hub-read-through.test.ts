/**
 * Read-through end to end: the hub's Platform API over HTTP, the real connectors, the mock
 * back offices over HTTP with their chaos profiles. A miss loads through the connectors
 * once; an outage opens the circuit and the hub serves its last copy marked stale (or a
 * 503 problem when it has none); after recovery the resync clears the mark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { createBackOffices, type BackOffices } from '../../connectors/back-offices/index.js';
import { createHub, type Hub } from '../../hub/app.js';
import { loadConfig } from '../../hub/config.js';
import { requestResync } from '../../hub/events/apply.js';
import { createMetrics } from '../../hub/observability/metrics.js';
import { startMocks, type RunningMocks } from '../../mocks/index.js';
import type { RunningMock } from '../../mocks/server/mock-server.js';

const SECRET = 'read-through-test-secret-of-32-characters!';
const logger = pino({ level: 'silent' });

describe('hub read-through against the mock back offices', function () {
  this.timeout(60_000);
  let dataDir: string;
  let mocks: RunningMocks;
  let backOffices: BackOffices;
  let hub: Hub;
  let core: RunningMock;

  const calls = (operation: string): number => core.recorder.snapshot()[operation]?.calls ?? 0;
  const token = (clientId: string) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(clientId).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));
  const get = async (path: string, clientId: string) => {
    const response = await fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${await token(clientId)}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dbp-hub-read-through-'));
    mocks = await startMocks({ clients: 20, seed: 3 });
    core = mocks.mocks['core-banking'];
    const metrics = createMetrics({ defaultMetrics: false });
    backOffices = createBackOffices({
      settings: Object.fromEntries(
        (['core-banking', 'cards', 'crm'] as const).map((id) => [
          id,
          {
            endpoint: mocks.mocks[id].endpoint,
            timeoutMs: 1000,
            retries: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
            breaker: { failureRate: 0.5, minimumCalls: 4, windowMs: 10_000, halfOpenAfterMs: 300 },
          },
        ]),
      ),
      registry: metrics.registry,
    });
    const config = loadConfig({}, { httpPort: '0', dataDir, logLevel: 'silent', platformJwtSecret: SECRET, resyncIntervalMs: '100' });
    hub = createHub({
      config,
      logger,
      metrics,
      loader: backOffices.loader,
      backOfficeHealth: () => backOffices.health(),
      components: [{ name: 'connectors', start: () => backOffices.start(), stop: () => backOffices.stop() }],
    });
    await hub.start();
  });

  after(async () => {
    await hub?.stop();
    await mocks?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => core.faults.configure({}));

  it('loads a client the hub has never seen through the connectors once, then serves it without calling the back office', async () => {
    const client = mocks.dataset.clients[0]!;
    const first = await get('/platform/v1/clients/me/products', client.clientId);
    expect(first.status).to.equal(200);
    expect(first.body.stale).to.equal(false);
    const accounts = (first.body.data as { accounts: { accountId: string; balances: { type: string; amount: string }[] }[] }).accounts;
    const expected = mocks.dataset.accounts.filter((each) => each.clientId === client.clientId).map((each) => each.accountId);
    expect(accounts.map((each) => each.accountId).sort()).to.deep.equal([...expected].sort());
    expect(accounts[0]!.balances.find((each) => each.type === 'BOOKED')?.amount).to.match(/^-?[0-9]+\.[0-9]{2}$/);

    const before = calls('GetClientAccounts') + calls('GetAccount') + calls('GetTransactions');
    const account = accounts[0]!.accountId;
    for (let i = 0; i < 5; i += 1) {
      expect((await get('/platform/v1/clients/me/products', client.clientId)).status).to.equal(200);
      expect((await get(`/platform/v1/accounts/${account}`, client.clientId)).status).to.equal(200);
      const statement = await get(`/platform/v1/accounts/${account}/transactions?limit=5`, client.clientId);
      expect(statement.status).to.equal(200);
    }
    expect(calls('GetClientAccounts') + calls('GetAccount') + calls('GetTransactions')).to.equal(before, 'no back-office call once loaded');
  });

  it('never shows a client another client’s account, even one it has to load', async () => {
    const [owner, other] = mocks.dataset.clients;
    const account = mocks.dataset.accounts.find((each) => each.clientId === owner!.clientId)!;
    const answer = await get(`/platform/v1/accounts/${account.accountId}`, other!.clientId);
    expect(answer.status).to.equal(404);
  });

  it('in an outage serves the last copy marked stale, answers 503 where it has none, and the circuit stops the calls', async () => {
    const accountsOf = (clientId: string) => mocks.dataset.accounts.filter((each) => each.clientId === clientId).map((each) => each.accountId);
    const client = mocks.dataset.clients.slice(1).find((each) => accountsOf(each.clientId).length >= 2)!;
    expect(client, 'a seeded client with two accounts').to.not.equal(undefined);
    const [account, unseen] = accountsOf(client.clientId);
    const loaded = await get(`/platform/v1/accounts/${account}`, client.clientId);
    expect(loaded.status).to.equal(200);
    expect(loaded.body.stale).to.equal(false);

    // The back office asks for a reload, then goes down.
    await requestResync(hub.store, 'CORE_BANKING', { aggregateType: 'ACCOUNT', aggregateId: account! }, 'test', new Date());
    core.faults.configure({ default: { errorRate: 1, errorKinds: { http5xx: 1 } } });
    const stale = await get(`/platform/v1/accounts/${account}`, client.clientId);
    expect(stale.status).to.equal(200);
    expect(stale.body.stale).to.equal(true);
    expect(stale.body.asOf).to.equal(loaded.body.asOf);

    const missing = await get(`/platform/v1/accounts/${unseen}`, client.clientId);
    expect(missing.status).to.equal(503);
    expect(missing.body).to.include({ code: 'SERVICE_UNAVAILABLE' });
    expect(JSON.stringify(missing.body)).to.not.match(/at .*\.ts|Error:/);
    for (let i = 0; i < 6; i += 1) await get(`/platform/v1/accounts/${account}`, client.clientId);
    const ready = (await (await fetch(`${hub.url}/health/ready`)).json()) as { status: string; components: { name: string; status: string }[] };
    expect(ready.components.find((each) => each.name === 'back-offices')?.status).to.equal('degraded');
    const whileOpen = calls('GetAccount');
    for (let i = 0; i < 10; i += 1) expect((await get(`/platform/v1/accounts/${account}`, client.clientId)).body.stale).to.equal(true);
    expect(calls('GetAccount')).to.equal(whileOpen, 'an open circuit keeps the calls from the back office');

    // Recovery: the resync worker reloads the account and clears the mark.
    core.faults.configure({});
    let fresh = false;
    for (let i = 0; i < 100 && !fresh; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      fresh = (await get(`/platform/v1/accounts/${account}`, client.clientId)).body.stale === false;
    }
    expect(fresh, 'fresh again after recovery').to.equal(true);
    expect(await hub.store.pendingResyncs(10)).to.deep.equal([]);
  });
});

describe('hub in pass-through mode', function () {
  this.timeout(60_000);
  let dataDir: string;
  let mocks: RunningMocks;
  let backOffices: BackOffices;
  let hub: Hub;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dbp-hub-pass-through-'));
    mocks = await startMocks({ clients: 5, seed: 4 });
    backOffices = createBackOffices({ settings: { 'core-banking': { endpoint: mocks.mocks['core-banking'].endpoint }, cards: { endpoint: mocks.mocks.cards.endpoint }, crm: { endpoint: mocks.mocks.crm.endpoint } } });
    hub = createHub({
      config: loadConfig({}, { httpPort: '0', dataDir, logLevel: 'silent', platformJwtSecret: SECRET, platformReadMode: 'pass-through' }),
      logger,
      processMetrics: false,
      loader: backOffices.loader,
      components: [{ name: 'connectors', start: () => backOffices.start(), stop: () => backOffices.stop() }],
    });
    await hub.start();
  });

  after(async () => {
    await hub?.stop();
    await mocks?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends every read to the back office and keeps nothing', async () => {
    const core = mocks.mocks['core-banking'];
    const account = mocks.dataset.accounts[0]!;
    const headers = { authorization: `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(account.clientId).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET))}` };
    const count = () => (core.recorder.snapshot().GetAccount?.calls ?? 0) + (core.recorder.snapshot().GetTransactions?.calls ?? 0);
    const before = count();
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${hub.url}/platform/v1/accounts/${account.accountId}`, { headers });
      expect(response.status).to.equal(200);
      const statement = await fetch(`${hub.url}/platform/v1/accounts/${account.accountId}/transactions?limit=3`, { headers });
      expect(((await statement.json()) as { data: { items: unknown[] } }).data.items.length).to.be.at.most(3);
    }
    // Per round: the account (GetAccount); the statement (GetAccount for ownership, then GetTransactions).
    expect(count() - before).to.equal(9);
    expect(await hub.store.account(account.accountId)).to.equal(undefined);
  });
});
