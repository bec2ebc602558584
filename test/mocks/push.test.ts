import { expect } from 'chai';
import { findContract } from '../../common/contracts/catalog.js';
import type { PlainObject } from '../../common/soap/codec.js';
import { eventually, recordingCacheControl } from './recording-hub.js';
import { EventPublisher } from '../../mocks/push/publisher.js';
import { startMockServer, type RunningMock } from '../../mocks/server/mock-server.js';
import { systemClock } from '../../mocks/server/types.js';

function balanceNotice(accountId: string, amount: string) {
  return {
    aggregateType: 'ACCOUNT' as const,
    aggregateId: accountId,
    occurredAt: new Date('2026-11-24T09:30:00Z'),
    payload: {
      balanceChanged: {
        accountId,
        clientId: 'client-1',
        balance: [{ type: 'BOOKED', amount: { amount, currency: 'EUR' }, asOf: '2026-11-24T09:30:00Z' }],
      },
    },
  };
}

describe('mock push to CacheControl', () => {
  let hub: RunningMock;
  const received: PlainObject[] = [];
  const batches: string[][] = [];

  before(async () => {
    hub = await startMockServer({
      backOffice: { contract: findContract('cache-control')!, handlers: recordingCacheControl(received, batches), fixtures: {} },
      clock: systemClock,
    });
  });
  beforeEach(() => {
    received.length = 0;
    batches.length = 0;
    hub.faults.configure({});
  });
  after(() => hub.stop());

  function publisher(extra: Partial<ConstructorParameters<typeof EventPublisher>[0]> = {}): EventPublisher {
    return new EventPublisher({
      endpoint: hub.endpoint,
      sourceSystem: 'CORE_BANKING',
      username: 'core-banking',
      password: 'secret',
      clock: systemClock,
      lingerMs: 5,
      retryBaseMs: 20,
      retryMaxMs: 100,
      ...extra,
    });
  }

  it('numbers events per aggregate, batches them and delivers schema-valid PublishEvents with a UsernameToken', async () => {
    const push = publisher({ batchSize: 3 });
    for (let i = 1; i <= 4; i += 1) push.publish(balanceNotice('acc-1', `${i}.00`));
    push.publish(balanceNotice('acc-2', '9.00'));
    await push.stop();
    expect(push.stats()).to.include({ queued: 0, delivered: 5 });
    expect(batches.map((batch) => batch.length)).to.deep.equal([3, 2]);
    const sequences = received.map((event) => `${(event.aggregate as PlainObject).aggregateId}#${event.sequence}`);
    expect(sequences).to.deep.equal(['acc-1#1', 'acc-1#2', 'acc-1#3', 'acc-1#4', 'acc-2#1']);
    expect(received[0]).to.include({ sourceSystem: 'CORE_BANKING', schemaVersion: '1.0' });
    const last = hub.recorder.requests(1)[0]!;
    expect(last).to.include({ operation: 'PublishEvents', status: 'ok' });
  });

  it('keeps every event while the hub is down and delivers them all, in order, once it is back', async () => {
    hub.faults.configure({ default: { errorRate: 1, errorKinds: { http5xx: 1, reset: 1 } } });
    const push = publisher({ batchSize: 10 });
    for (let i = 1; i <= 25; i += 1) push.publish(balanceNotice('acc-3', `${i}.00`));
    await eventually(() => push.stats().failedAttempts >= 3);
    expect(received).to.have.length(0);
    hub.faults.configure({});
    await eventually(() => push.stats().delivered === 25);
    await push.stop();
    expect(received.map((event) => Number(event.sequence))).to.deep.equal(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('in QA mode delivers duplicates (same eventId) and reversed batches on purpose', async () => {
    let roll = 0;
    const push = publisher({ batchSize: 50, duplicateRate: 0.5, reorderRate: 1, random: () => ((roll += 1) % 2 === 0 ? 0.1 : 0.9) });
    for (let i = 1; i <= 6; i += 1) push.publish(balanceNotice('acc-4', `${i}.00`));
    await push.stop();
    const sent = batches.flat();
    expect(sent.length).to.be.greaterThan(6);
    expect(new Set(sent).size).to.equal(6);
    expect(push.stats().results.DUPLICATE).to.equal(sent.length - 6);
    const sequences = received.map((event) => Number(event.sequence));
    expect(sequences).to.not.deep.equal([...sequences].sort((a, b) => a - b));
  });
});
