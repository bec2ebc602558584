import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createConnectorMetrics } from '../../../connectors/shared/metrics.js';
import type { RunningMocks } from '../../../mocks/index.js';
import { parseExposition, sampleValue, type Family } from '../../observability/exposition.js';
import { callerFor, eventually, failureOf, resetMock, settleAll, startQuietMocks, stopCallers } from './support.js';

describe('connectors/shared: metrics', () => {
  let mocks: RunningMocks;

  before(async () => {
    mocks = await startQuietMocks();
  });

  after(async () => {
    await mocks?.stop();
  });

  afterEach(async () => {
    await stopCallers();
    for (const mock of Object.values(mocks.mocks)) resetMock(mock);
  });

  const scrape = async (registry: Registry): Promise<Map<string, Family>> => parseExposition(await registry.metrics());

  it('registers once per registry, with the dbp_connector_ prefix and a back_office label', async () => {
    const registry = new Registry();
    const metrics = createConnectorMetrics(registry);
    expect(createConnectorMetrics(registry), 'the same registry gives the same metrics').to.equal(metrics);
    expect(createConnectorMetrics(new Registry())).to.not.equal(metrics);
    const names = (await registry.getMetricsAsJSON()).map((metric) => metric.name).sort();
    expect(names).to.deep.equal([
      'dbp_connector_bulkhead_active',
      'dbp_connector_bulkhead_queued',
      'dbp_connector_call_duration_seconds',
      'dbp_connector_circuit_state',
      'dbp_connector_coalesced_calls_total',
      'dbp_connector_errors_total',
      'dbp_connector_retries_total',
    ]);
  });

  it('counts calls by outcome, errors by code, retries and coalesced reads, for each back office', async () => {
    const registry = new Registry();
    const metrics = createConnectorMetrics(registry);
    const core = mocks.mocks['core-banking'];
    const accountId = mocks.dataset.accounts[0]!.accountId;
    const coreCaller = await callerFor('core-banking', core.endpoint, {}, metrics);
    const crmCaller = await callerFor('crm', mocks.mocks.crm.endpoint, {}, metrics);

    await coreCaller.call({ operation: 'GetAccount', request: { accountId } });
    await failureOf(coreCaller.call({ operation: 'GetAccount', request: { accountId: 'NO-SUCH' } }));
    core.faults.configure({ default: { errorRate: 1, errorKinds: { fault: 1 }, faultCode: 'SERVICE_UNAVAILABLE' } });
    await failureOf(coreCaller.call({ operation: 'GetBalances', request: { accountId } }));
    core.faults.configure({ default: { latency: { kind: 'fixed', ms: 30 } } });
    await settleAll(Array.from({ length: 5 }, () => coreCaller.call({ operation: 'GetBalances', request: { accountId } })));
    await crmCaller.call({ operation: 'GetClient', request: { clientId: mocks.dataset.clients[0]!.clientId } });

    const families = await scrape(registry);
    const core_ = { back_office: 'core-banking' };
    const count = (labels: Record<string, string>) => sampleValue(families, 'dbp_connector_call_duration_seconds_count', labels);
    expect(count({ ...core_, operation: 'GetAccount', outcome: 'ok' })).to.equal(1);
    expect(count({ ...core_, operation: 'GetAccount', outcome: 'fault' })).to.equal(1);
    expect(count({ ...core_, operation: 'GetBalances', outcome: 'failed' })).to.equal(1);
    expect(count({ ...core_, operation: 'GetBalances', outcome: 'ok' })).to.equal(5);
    expect(count({ back_office: 'crm', operation: 'GetClient', outcome: 'ok' })).to.equal(1);
    expect(sampleValue(families, 'dbp_connector_errors_total', { ...core_, code: 'ACCOUNT_NOT_FOUND' })).to.equal(1);
    expect(sampleValue(families, 'dbp_connector_errors_total', { ...core_, code: 'SERVICE_UNAVAILABLE' })).to.equal(1);
    expect(sampleValue(families, 'dbp_connector_retries_total', { ...core_, operation: 'GetBalances' }), 'three attempts: two retries').to.equal(2);
    expect(sampleValue(families, 'dbp_connector_coalesced_calls_total', { ...core_, operation: 'GetBalances' })).to.equal(4);
    expect(sampleValue(families, 'dbp_connector_circuit_state', core_)).to.equal(0);
    expect(sampleValue(families, 'dbp_connector_circuit_state', { back_office: 'crm' })).to.equal(0);
  });

  it('shows the circuit state and the bulkhead places at scrape time, and forgets a stopped connector', async () => {
    const registry = new Registry();
    const metrics = createConnectorMetrics(registry);
    const core = mocks.mocks['core-banking'];
    const ids = mocks.dataset.accounts.map((account) => account.accountId);
    const caller = await callerFor('core-banking', core.endpoint, { retries: { maxAttempts: 1 }, bulkhead: { maxConcurrent: 1, maxQueue: 10 }, breaker: { failureRate: 0.3, minimumCalls: 2, windowMs: 10_000, halfOpenAfterMs: 60_000 } }, metrics);

    core.faults.configure({ default: { latency: { kind: 'fixed', ms: 200 } } });
    const pending = ids.slice(0, 3).map((accountId) => caller.call({ operation: 'GetAccount', request: { accountId } }));
    await eventually(() => caller.health().queued === 2, 'two calls wait');
    let families = await scrape(registry);
    expect(sampleValue(families, 'dbp_connector_bulkhead_active', { back_office: 'core-banking' })).to.equal(1);
    expect(sampleValue(families, 'dbp_connector_bulkhead_queued', { back_office: 'core-banking' })).to.equal(2);
    await settleAll(pending);

    core.faults.configure({ default: { errorRate: 1, errorKinds: { http5xx: 1 } } });
    await failureOf(caller.call({ operation: 'GetAccount', request: { accountId: ids[0]! } }));
    // Three answers and two failures in the window: 40 % > 30 %.
    await failureOf(caller.call({ operation: 'GetAccount', request: { accountId: ids[1]! } }));
    families = await scrape(registry);
    expect(sampleValue(families, 'dbp_connector_circuit_state', { back_office: 'core-banking' })).to.equal(2);
    expect(sampleValue(families, 'dbp_connector_bulkhead_active', { back_office: 'core-banking' })).to.equal(0);

    await caller.stop();
    families = await scrape(registry);
    expect(families.get('dbp_connector_circuit_state')?.samples ?? []).to.deep.equal([]);
  });
});
