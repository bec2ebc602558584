import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import type { PlainObject } from '../../common/soap/codec.js';
import { ContractCaller, type CallOutcome } from '../../hub/conformance/caller.js';
import { startMocks, type RunningMocks } from '../../mocks/index.js';
import { startMockServer, type RunningMock } from '../../mocks/server/mock-server.js';
import { systemClock } from '../../mocks/server/types.js';
import { eventually, recordingCacheControl } from './recording-hub.js';

async function admin(mock: RunningMock, method: string, path: string, body?: unknown): Promise<{ status: number; type: string; json: unknown }> {
  const response = await fetch(`${mock.url}/admin/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', json: await response.json() };
}

function faultCode(outcome: CallOutcome): string {
  return outcome.kind === 'fault' ? outcome.fault.code : outcome.kind;
}

describe('mock back offices: admin API, chaos and fixtures', function () {
  this.timeout(60_000);
  let hub: RunningMock;
  const received: PlainObject[] = [];
  let running: RunningMocks;
  let crm: ContractCaller;
  let clientId: string;

  before(async () => {
    hub = await startMockServer({
      backOffice: { contract: findContract('cache-control')!, handlers: recordingCacheControl(received, []), fixtures: {} },
      clock: systemClock,
    });
    running = await startMocks({ clients: 20, seed: 11, push: { endpoint: hub.endpoint } });
    crm = new ContractCaller(findContract('crm')!, running.mocks.crm.endpoint);
    clientId = running.dataset.clients[0]!.clientId;
  });
  beforeEach(async () => {
    for (const mock of Object.values(running.mocks)) {
      await admin(mock, 'DELETE', 'faults');
      await admin(mock, 'POST', 'counters/reset');
    }
  });
  after(async () => {
    crm.dispose();
    await running?.stop();
    await hub?.stop();
  });

  it('counts calls per operation, keeps the last requests, and resets', async () => {
    await crm.call('GetClient', { clientId });
    await crm.call('GetClient', { clientId: 'nobody-0000' });
    await crm.call('GetKycStatus', { clientId });
    const counters = await admin(running.mocks.crm, 'GET', 'counters');
    expect(counters.json).to.deep.include({ GetClient: { calls: 2, ok: 1, faults: 1, injected: 0 }, GetKycStatus: { calls: 1, ok: 1, faults: 0, injected: 0 } });
    const last = (await admin(running.mocks.crm, 'GET', 'requests?limit=2')).json as PlainObject[];
    expect(last.map((entry) => [entry.operation, entry.status])).to.deep.equal([
      ['GetClient', 'fault'],
      ['GetKycStatus', 'ok'],
    ]);
    await admin(running.mocks.crm, 'POST', 'counters/reset');
    expect((await admin(running.mocks.crm, 'GET', 'counters')).json).to.deep.equal({});
  });

  it('refuses a bad fault configuration with a problem document', async () => {
    const reply = await admin(running.mocks.crm, 'PUT', 'faults', { default: { errorRate: 2 } });
    expect(reply.status).to.equal(400);
    expect(reply.type).to.equal('application/problem+json');
    expect(reply.json).to.include({ code: 'INVALID_FAULT_CONFIG' });
    expect((await admin(running.mocks.crm, 'POST', 'chaos/no-such-profile')).status).to.equal(404);
  });

  it('injects contract faults per operation without touching other operations, and counts them', async () => {
    await admin(running.mocks.crm, 'PUT', 'faults', { operations: { GetClient: { errorRate: 1, faultCode: 'SERVICE_UNAVAILABLE' } } });
    const outcome = await crm.call('GetClient', { clientId });
    expect(faultCode(outcome)).to.equal('SERVICE_UNAVAILABLE');
    expect(outcome.kind === 'fault' && outcome.fault.retryable).to.equal('true');
    expect(faultCode(await crm.call('GetKycStatus', { clientId }))).to.equal('response');
    expect(((await admin(running.mocks.crm, 'GET', 'counters')).json as Record<string, PlainObject>).GetClient).to.include({ injected: 1 });
  });

  it('injects HTTP 5xx, connection resets and truncated bodies', async () => {
    for (const [kind, expected] of [
      ['http5xx', /HTTP 503/],
      ['reset', /no answer/],
      ['truncate', /no answer|not a SOAP envelope/],
    ] as const) {
      await admin(running.mocks.crm, 'PUT', 'faults', { default: { errorRate: 1, errorKinds: { [kind]: 1 } } });
      const outcome = await crm.call('GetClient', { clientId });
      expect(outcome.kind, kind).to.equal('other');
      expect(outcome.kind === 'other' ? `HTTP ${outcome.status}, ${outcome.reason}` : '', kind).to.match(expected);
    }
  });

  it('adds latency from the configured distribution', async () => {
    await admin(running.mocks.crm, 'PUT', 'faults', { default: { latency: { kind: 'fixed', ms: 300 } } });
    const started = Date.now();
    expect(faultCode(await crm.call('GetClient', { clientId }))).to.equal('response');
    expect(Date.now() - started).to.be.at.least(290);
  });

  it('throttles like a weak ABS: beyond the concurrency cap and the rate cap it answers THROTTLED', async () => {
    // Every call takes 500 ms, so a burst of 80 finds all 20 slots busy.
    await admin(running.mocks.crm, 'PUT', 'faults', { default: { latency: { kind: 'fixed', ms: 500 } }, throttle: { maxConcurrent: 20 } });
    const burst = (await Promise.all(Array.from({ length: 80 }, () => crm.call('GetClient', { clientId })))).map(faultCode);
    expect(burst.filter((code) => code === 'response')).to.have.length(20);
    expect(burst.filter((code) => code === 'THROTTLED')).to.have.length(60);

    await admin(running.mocks.crm, 'PUT', 'faults', { throttle: { ratePerSecond: 10 } });
    const started = Date.now();
    const sequence: string[] = [];
    for (let i = 0; i < 25; i += 1) sequence.push(faultCode(await crm.call('GetClient', { clientId })));
    if (Date.now() - started < 1000) expect(sequence.filter((code) => code === 'response')).to.have.length(10);
    expect(sequence.filter((code) => code === 'THROTTLED').length).to.be.greaterThan(0);

    const applied = await admin(running.mocks.crm, 'POST', 'chaos/payday-overload');
    expect(applied.json).to.deep.include({ throttle: { maxConcurrent: 20, ratePerSecond: 100 } });
  });

  it('end-of-day-window answers SERVICE_UNAVAILABLE for the window; outage answers HTTP 503', async () => {
    await admin(running.mocks.crm, 'POST', 'chaos/end-of-day-window');
    expect(faultCode(await crm.call('GetClient', { clientId }))).to.equal('SERVICE_UNAVAILABLE');
    await admin(running.mocks.crm, 'POST', 'chaos/outage');
    const outcome = await crm.call('GetClient', { clientId });
    expect(outcome.kind === 'other' && outcome.status).to.equal(503);
  });

  it('fixtures change state and push the change to CacheControl', async () => {
    const names = (await admin(running.mocks['core-banking'], 'GET', 'fixtures')).json as string[];
    expect(names).to.include('postTransaction');
    const account = running.dataset.accounts.find((item) => item.type === 'CURRENT')!;
    const posted = await admin(running.mocks['core-banking'], 'POST', 'fixtures/postTransaction', {
      accountId: account.accountId,
      amount: '12.34',
      currency: account.currency,
      direction: 'CRDT',
      counterpartyName: 'QA fixture',
    });
    expect(posted.status).to.equal(200);
    const card = running.dataset.cards.find((item) => item.status === 'ACTIVE')!;
    expect((await admin(running.mocks.cards, 'POST', 'fixtures/setCardStatus', { cardId: card.cardId, status: 'BLOCKED', reason: 'QA' })).status).to.equal(200);
    const created = await admin(running.mocks.crm, 'POST', 'fixtures/createClient', { givenName: 'Qa', familyName: 'Tester' });
    expect(created.status).to.equal(200);
    const newClientId = (created.json as { result: string }).result;

    const has = (type: string, aggregateId: string) =>
      received.some((event) => event[type] !== undefined && (event.aggregate as PlainObject).aggregateId === aggregateId);
    await eventually(() => has('transactionPosted', account.accountId) && has('cardStatusChanged', card.cardId) && has('clientDataChanged', newClientId));
    const sources = new Set(received.map((event) => event.sourceSystem));
    expect([...sources].sort()).to.deep.equal(['CARDS', 'CORE_BANKING', 'CRM']);
  });

  it('answers an unknown fixture and bad fixture input with problem documents', async () => {
    expect((await admin(running.mocks.cards, 'POST', 'fixtures/noSuchFixture', {})).status).to.equal(404);
    const bad = await admin(running.mocks['core-banking'], 'POST', 'fixtures/postTransaction', { accountId: 'nope' });
    expect(bad.status).to.be.within(400, 499);
    expect(bad.type).to.equal('application/problem+json');
  });
});
