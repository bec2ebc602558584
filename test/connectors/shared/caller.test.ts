import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createConnectorMetrics } from '../../../connectors/shared/metrics.js';
import type { RunningMocks } from '../../../mocks/index.js';
import { chaosProfile } from '../../../mocks/server/faults.js';
import type { RunningMock } from '../../../mocks/server/mock-server.js';
import { parseExposition, sampleValue } from '../../observability/exposition.js';
import { callerFor, eventually, failureOf, received, resetMock, settleAll, startQuietMocks, stopCallers, tally } from './support.js';

const FAILING = { default: { errorRate: 1, errorKinds: { fault: 1 }, faultCode: 'SERVICE_UNAVAILABLE' } } as const;

describe('connectors/shared: the resilient caller against the mock back offices', function () {
  let mocks: RunningMocks;
  let core: RunningMock;
  let accountIds: string[];
  let clientId: string;

  before(async () => {
    mocks = await startQuietMocks();
    core = mocks.mocks['core-banking'];
    accountIds = mocks.dataset.accounts.map((account) => account.accountId);
    clientId = mocks.dataset.accounts[0]!.clientId;
    expect(accountIds.length).to.be.greaterThan(10);
  });

  after(async () => {
    await mocks?.stop();
  });

  beforeEach(() => resetMock(core));
  afterEach(() => stopCallers());

  const getAccount = (accountId: string) => ({ operation: 'GetAccount', request: { accountId } });
  const transactionsPage = (accountId: string, limit: number) => ({
    operation: 'GetTransactions',
    request: { accountId, period: { from: '2026-01-01', to: '2026-11-30' }, page: { limit: String(limit) } },
  });
  const createTransfer = (key: string) => ({
    idempotencyKey: key,
    transfer: {
      clientId,
      debtorAccountId: accountIds[0]!,
      creditor: { account: { iban: 'DE89370400440532013000' }, name: 'Jane Doe' },
      amount: { amount: '1.00', currency: 'EUR' },
      channel: 'WEB',
    },
  });

  describe('circuit breaker', () => {
    it('opens in an outage: after the threshold calls fail fast with CIRCUIT_OPEN and the mock receives no more calls', async () => {
      core.faults.configure(chaosProfile('outage')!);
      const caller = await callerFor('core-banking', core.endpoint, { breaker: { failureRate: 0.5, minimumCalls: 4, windowMs: 10_000, halfOpenAfterMs: 60_000 } });

      const first = await failureOf(caller.call(getAccount(accountIds[0]!)));
      expect(first.code).to.equal('HTTP_ERROR');
      expect(first.httpStatus).to.equal(503);
      expect(received(core, 'GetAccount'), 'one read, three attempts').to.equal(3);

      // The fourth failed attempt trips the circuit; its retry is refused by the open circuit.
      const second = await failureOf(caller.call(getAccount(accountIds[1]!)));
      expect(second.code).to.equal('CIRCUIT_OPEN');
      expect(received(core, 'GetAccount')).to.equal(4);
      expect(caller.health()).to.include({ circuit: 'open', status: 'down' });

      const later = await settleAll(accountIds.slice(0, 20).map((id) => caller.call(getAccount(id))));
      expect(tally(later)).to.deep.equal({ CIRCUIT_OPEN: 20 });
      expect(received(core, 'GetAccount'), 'nothing reaches the back office while the circuit is open').to.equal(4);
    });

    it('half-opens after the delay with a single probe, closes on its success, and lets no burst through', async () => {
      core.faults.configure(chaosProfile('outage')!);
      const caller = await callerFor('core-banking', core.endpoint, {
        retries: { maxAttempts: 1 },
        breaker: { failureRate: 0.5, minimumCalls: 2, windowMs: 10_000, halfOpenAfterMs: 1000 },
      });
      for (const id of accountIds.slice(0, 2)) expect((await failureOf(caller.call(getAccount(id)))).code).to.equal('HTTP_ERROR');
      expect(caller.health().circuit).to.equal('open');

      // The back office recovers (slowly enough that the probe is still under way when the others arrive).
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 150 } } });
      core.recorder.reset();
      expect((await failureOf(caller.call(getAccount(accountIds[0]!)))).code).to.equal('CIRCUIT_OPEN');
      expect(received(core, 'GetAccount')).to.equal(0);

      await delay(1100);
      const recovery = await settleAll(accountIds.slice(0, 10).map((id) => caller.call(getAccount(id))));
      expect(tally(recovery)).to.deep.equal({ ok: 1, CIRCUIT_OPEN: 9 });
      expect(received(core, 'GetAccount'), 'only the probe reached the back office').to.equal(1);
      expect(caller.health()).to.include({ circuit: 'closed', status: 'up' });

      const after = await settleAll(accountIds.slice(0, 10).map((id) => caller.call(getAccount(id))));
      expect(tally(after)).to.deep.equal({ ok: 10 });
      expect(received(core, 'GetAccount')).to.equal(11);
    });

    it('opens again when the probe fails', async () => {
      core.faults.configure(chaosProfile('outage')!);
      const caller = await callerFor('core-banking', core.endpoint, {
        retries: { maxAttempts: 1 },
        breaker: { failureRate: 0.5, minimumCalls: 2, windowMs: 10_000, halfOpenAfterMs: 600 },
      });
      for (const id of accountIds.slice(0, 2)) await failureOf(caller.call(getAccount(id)));
      await delay(700);
      expect((await failureOf(caller.call(getAccount(accountIds[0]!)))).code, 'the probe').to.equal('HTTP_ERROR');
      expect(caller.health().circuit).to.equal('open');
      expect((await failureOf(caller.call(getAccount(accountIds[0]!)))).code).to.equal('CIRCUIT_OPEN');
      expect(received(core, 'GetAccount')).to.equal(3);
    });

    it('does not count business faults: a hundred ACCOUNT_NOT_FOUND leave the circuit closed', async () => {
      const caller = await callerFor('core-banking', core.endpoint, { breaker: { failureRate: 0.5, minimumCalls: 4, windowMs: 10_000, halfOpenAfterMs: 60_000 } });
      const results = await settleAll(Array.from({ length: 100 }, (_, index) => caller.call(getAccount(`NO-SUCH-${index}`))));
      expect(tally(results)).to.deep.equal({ ACCOUNT_NOT_FOUND: 100 });
      expect(received(core, 'GetAccount'), 'a business fault is not retried').to.equal(100);
      expect(caller.health().circuit).to.equal('closed');
      const failure = results[0]!.ok ? undefined : results[0]!.error;
      expect(failure?.retryable).to.equal(false);
      expect(failure?.fault).to.include({ code: 'ACCOUNT_NOT_FOUND', field: 'accountId', retryable: false });
      expect(failure?.fault?.correlationId).to.match(/^[0-9a-f-]{36}$/);
    });
  });

  describe('bulkhead', () => {
    const N = 4;
    const QUEUE = 40;

    it(`keeps a back office throttled at ${N} concurrent calls from ever answering THROTTLED; excess beyond the queue gets BULKHEAD_FULL`, async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 20 } }, throttle: { maxConcurrent: N } });
      const caller = await callerFor('core-banking', core.endpoint, { bulkhead: { maxConcurrent: N, maxQueue: QUEUE } });
      // Distinct requests, so that coalescing does not fold them into one call.
      const results = await settleAll(Array.from({ length: 200 }, (_, index) => caller.call(transactionsPage(accountIds[0]!, index + 1))));
      expect(tally(results)).to.deep.equal({ ok: N + QUEUE, BULKHEAD_FULL: 200 - N - QUEUE });
      const counters = core.recorder.snapshot().GetTransactions!;
      expect(counters.calls).to.equal(N + QUEUE);
      expect(counters.injected, 'THROTTLED answers').to.equal(0);
      expect(counters.faults).to.equal(0);
      expect(caller.health()).to.include({ inFlight: 0, queued: 0 });
    });

    it('(control) the same load with a larger bulkhead does make the throttled back office answer THROTTLED', async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 20 } }, throttle: { maxConcurrent: N } });
      const caller = await callerFor('core-banking', core.endpoint, { retries: { maxAttempts: 1 }, bulkhead: { maxConcurrent: 50, maxQueue: 200 } });
      const results = await settleAll(Array.from({ length: 200 }, (_, index) => caller.call(transactionsPage(accountIds[0]!, index + 1))));
      expect(tally(results).THROTTLED ?? 0).to.be.greaterThan(0);
      expect(core.recorder.snapshot().GetTransactions!.injected).to.be.greaterThan(0);
    });
  });

  describe('timeout', () => {
    it('a slow back office (chaos slow-core) makes the call fail with TIMEOUT, and the call returns long before the back office would answer', async () => {
      core.faults.configure(chaosProfile('slow-core')!);
      const caller = await callerFor('core-banking', core.endpoint, { timeoutMs: 150, retries: { maxAttempts: 1 } });
      const began = Date.now();
      const failure = await failureOf(caller.call(getAccount(accountIds[0]!)));
      const elapsed = Date.now() - began;
      expect(failure.code).to.equal('TIMEOUT');
      expect(failure.retryable).to.equal(true);
      expect(elapsed, 'the mock answers after 3000 ms').to.be.below(2000);
      expect(caller.health().inFlight, 'the aborted exchange freed its place').to.equal(0);
    });
  });

  describe('coalescing', () => {
    it('makes a hundred identical concurrent reads one back-office call, and gives all hundred the answer', async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 30 } } });
      const registry = new Registry();
      const caller = await callerFor('core-banking', core.endpoint, {}, createConnectorMetrics(registry));
      const results = await settleAll(Array.from({ length: 100 }, () => caller.call({ operation: 'GetAccount', request: { accountId: accountIds[2]! } })));
      expect(tally(results)).to.deep.equal({ ok: 100 });
      expect(received(core, 'GetAccount')).to.equal(1);
      const answers = results.map((result) => (result.ok ? result.value : undefined));
      expect((answers[0] as { account: { accountId: string } }).account.accountId).to.equal(accountIds[2]);
      for (const answer of answers) expect(answer).to.deep.equal(answers[0]);
      const families = parseExposition(await registry.metrics());
      expect(sampleValue(families, 'dbp_connector_coalesced_calls_total', { back_office: 'core-banking', operation: 'GetAccount' })).to.equal(99);
    });

    it('treats requests with the same content in another key order as identical', async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 30 } } });
      const caller = await callerFor('core-banking', core.endpoint);
      const period = { from: '2026-01-01', to: '2026-11-30' };
      await settleAll([
        caller.call({ operation: 'GetTransactions', request: { accountId: accountIds[0]!, period, page: { limit: '5' } } }),
        caller.call({ operation: 'GetTransactions', request: { page: { limit: '5' }, period: { to: period.to, from: period.from }, accountId: accountIds[0]! } }),
        caller.call({ operation: 'GetTransactions', request: { accountId: accountIds[0]!, period, page: { limit: '6' } } }),
      ]);
      expect(received(core, 'GetTransactions')).to.equal(2);
    });

    it('never coalesces writes: identical concurrent writes each reach the back office', async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 30 } } });
      const caller = await callerFor('core-banking', core.endpoint);
      const release = { operation: 'ReleaseHold', request: { accountId: accountIds[0]!, holdId: 'HOLD-UNKNOWN' } };
      const results = await settleAll(Array.from({ length: 5 }, () => caller.call(release)));
      expect(tally(results)).to.deep.equal({ HOLD_NOT_FOUND: 5 });
      expect(received(core, 'ReleaseHold')).to.equal(5);

      const keyed = await settleAll(Array.from({ length: 3 }, () => caller.call({ operation: 'CreateTransfer', request: createTransfer('coalesce-key-1'), idempotencyKey: 'coalesce-key-1' })));
      expect(keyed.every((result) => result.ok || result.error.code !== 'CANCELLED')).to.equal(true);
      expect(received(core, 'CreateTransfer')).to.equal(3);
    });

    it('lets one caller of a coalesced read cancel without cancelling the others', async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 100 } } });
      const caller = await callerFor('core-banking', core.endpoint);
      const quitter = new AbortController();
      const calls = [
        caller.call({ ...getAccount(accountIds[3]!), signal: quitter.signal }),
        caller.call(getAccount(accountIds[3]!)),
        caller.call(getAccount(accountIds[3]!)),
      ];
      setTimeout(() => quitter.abort(), 20);
      expect(tally(await settleAll(calls))).to.deep.equal({ CANCELLED: 1, ok: 2 });
      expect(received(core, 'GetAccount')).to.equal(1);
    });
  });

  describe('retries', () => {
    it('never repeats a write without an idempotency key', async () => {
      core.faults.configure(FAILING);
      const caller = await callerFor('core-banking', core.endpoint);
      // A write the contract calls idempotent by nature is still sent once.
      const cancel = await failureOf(caller.call({ operation: 'CancelTransfer', request: { transferId: 'TR-1', clientId, channel: 'WEB' } }));
      expect(cancel.code).to.equal('SERVICE_UNAVAILABLE');
      expect(cancel.retryable, 'retryable for its caller, who knows whether to repeat it').to.equal(true);
      expect(received(core, 'CancelTransfer')).to.equal(1);
      // A keyed write whose call does not declare its key is sent once too.
      await failureOf(caller.call({ operation: 'CreateTransfer', request: createTransfer('unkeyed-call-1') }));
      expect(received(core, 'CreateTransfer')).to.equal(1);
    });

    it('repeats a write that carries its idempotency key, and a read, up to maxAttempts', async () => {
      core.faults.configure(FAILING);
      const caller = await callerFor('core-banking', core.endpoint, { retries: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
      const write = await failureOf(caller.call({ operation: 'CreateTransfer', request: createTransfer('keyed-call-1'), idempotencyKey: 'keyed-call-1' }));
      expect(write.code).to.equal('SERVICE_UNAVAILABLE');
      expect(received(core, 'CreateTransfer')).to.equal(3);
      await failureOf(caller.call(getAccount(accountIds[0]!)));
      expect(received(core, 'GetAccount')).to.equal(3);
    });

    it('succeeds when a retry does: the caller sees the answer', async () => {
      const caller = await callerFor('core-banking', core.endpoint, { retries: { maxAttempts: 3, baseDelayMs: 150, maxDelayMs: 300 } });
      core.faults.configure(FAILING);
      const pending = caller.call(getAccount(accountIds[0]!));
      await eventually(() => received(core, 'GetAccount') === 1, 'the first attempt failed');
      core.faults.configure({});
      const answer = (await pending) as { account: { accountId: string } };
      expect(answer.account.accountId).to.equal(accountIds[0]);
      expect(received(core, 'GetAccount')).to.equal(2);
    });

    it('refuses a call whose idempotencyKey differs from the one in its request, without sending it', async () => {
      const caller = await callerFor('core-banking', core.endpoint);
      const failure = await failureOf(caller.call({ operation: 'CreateTransfer', request: createTransfer('request-key-1'), idempotencyKey: 'other-key-1' }));
      expect(failure.code).to.equal('MALFORMED_REQUEST');
      expect(received(core, 'CreateTransfer')).to.equal(0);
    });
  });

  describe('rate cap', () => {
    it('spaces calls out and fails fast with RATE_LIMITED beyond rate.maxWaitMs', async () => {
      const caller = await callerFor('core-banking', core.endpoint, { rate: { perSecond: 20, burst: 1, maxWaitMs: 100 } });
      const results = await settleAll(Array.from({ length: 10 }, (_, index) => caller.call(transactionsPage(accountIds[1]!, index + 1))));
      // One token at once, then 50 ms and 100 ms waits; the fourth would wait 150 ms.
      expect(tally(results)).to.deep.equal({ ok: 3, RATE_LIMITED: 7 });
      expect(received(core, 'GetTransactions')).to.equal(3);
    });
  });

  describe('cancellation and lifecycle', () => {
    it('cancels a call at once when its signal aborts', async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 1500 } } });
      const caller = await callerFor('core-banking', core.endpoint);
      const controller = new AbortController();
      const began = Date.now();
      const pending = caller.call({ ...getAccount(accountIds[0]!), signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect((await failureOf(pending)).code).to.equal('CANCELLED');
      expect(Date.now() - began).to.be.below(1000);
      expect((await failureOf(caller.call({ ...getAccount(accountIds[0]!), signal: AbortSignal.abort() }))).code).to.equal('CANCELLED');
    });

    it('stop() rejects queued calls with CANCELLED, lets the call under way finish, refuses new calls, and is safe twice', async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 300 } } });
      const caller = await callerFor('core-banking', core.endpoint, { bulkhead: { maxConcurrent: 1, maxQueue: 5 } });
      const calls = accountIds.slice(0, 4).map((id) => caller.call(getAccount(id)));
      await eventually(() => caller.health().queued === 3, 'three calls wait');
      const stopped = caller.stop();
      const results = await settleAll(calls);
      expect(tally(results)).to.deep.equal({ ok: 1, CANCELLED: 3 });
      expect(results[0]!.ok, 'the call under way').to.equal(true);
      await stopped;
      await caller.stop();
      expect(caller.health().status).to.equal('stopped');
      expect((await failureOf(caller.call(getAccount(accountIds[0]!)))).code).to.equal('CANCELLED');
      expect(received(core, 'GetAccount')).to.equal(1);
    });

    it('refuses an operation that is not in the contract and a request that is not an object', async () => {
      const caller = await callerFor('core-banking', core.endpoint);
      expect((await failureOf(caller.call({ operation: 'GetClient', request: { clientId } }))).code).to.equal('UNKNOWN_OPERATION');
      expect((await failureOf(caller.call({ operation: 'GetAccount', request: [] as unknown as Record<string, unknown> }))).code).to.equal('MALFORMED_REQUEST');
    });

    it('answers health: up with nothing under way, degraded while calls queue', async () => {
      core.faults.configure({ default: { latency: { kind: 'fixed', ms: 200 } } });
      const caller = await callerFor('core-banking', core.endpoint, { bulkhead: { maxConcurrent: 1, maxQueue: 5 } });
      expect(caller.health()).to.deep.equal({ backOffice: 'core-banking', status: 'up', circuit: 'closed', inFlight: 0, queued: 0 });
      const calls = accountIds.slice(0, 3).map((id) => caller.call(getAccount(id)));
      await eventually(() => caller.health().queued === 2, 'two calls wait');
      expect(caller.health()).to.include({ status: 'degraded', inFlight: 1 });
      await settleAll(calls);
    });
  });
});
