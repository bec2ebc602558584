/**
 * The cache-invalidation flow: a change event published once (through the outbox relay
 * of one instance) invalidates the L1 cache of every instance, so that both serve the
 * new data afterwards.
 */
import { expect } from 'chai';
import { createCacheInvalidationFlow, invalidatedChange } from '../../flows/cache-invalidation/index.js';
import { createOutboxRelay } from '../../hub/bus/relay.js';
import { createMetrics } from '../../hub/observability/metrics.js';
import { aggregateCacheKey, createPlatformCache, overviewKey, type PlatformCache } from '../../hub/platform/cache.js';
import { writeRows } from '../../hub/store/sql.js';
import { OUTBOX_INSERT } from '../../hub/store/tables.js';
import { eventually, forEachTransport, type Harness } from './support.js';

describe('cache-invalidation mapping', () => {
  it('names the aggregate and the client of a change event, and nothing for other bodies', () => {
    expect(invalidatedChange({ eventId: 'e1', aggregateType: 'ACCOUNT', aggregateId: 'AC1', payload: { accountId: 'AC1', clientId: 'CL1' } })).to.deep.equal({
      aggregateType: 'ACCOUNT',
      aggregateId: 'AC1',
      clientId: 'CL1',
    });
    expect(invalidatedChange({ aggregateType: 'CARD', aggregateId: 'CD1', payload: {} })).to.deep.equal({ aggregateType: 'CARD', aggregateId: 'CD1' });
    expect(invalidatedChange({ command: 'pay' })).to.equal(undefined);
    expect(invalidatedChange('text')).to.equal(undefined);
  });
});

forEachTransport('cache invalidation', (target) => {
  let h: Harness;
  afterEach(async function () {
    this.timeout(30_000);
    await h?.dispose();
  });

  it('drops the changed account and its client overview in every instance; reads then agree', async () => {
    h = await target.create();
    const metrics = createMetrics({ defaultMetrics: false });
    const instances: { bus: typeof h.bus; cache: PlatformCache }[] = [{ bus: h.bus, cache: createPlatformCache(100, metrics) }];
    if (h.another) instances.push({ bus: h.another('two'), cache: createPlatformCache(100, metrics) });
    let balance = '10.00';
    const load = async () => ({ accountId: 'AC1', clientId: 'CL1', balance });
    for (const { bus, cache } of instances) {
      await bus.consumeOnEveryInstance(createCacheInvalidationFlow({ invalidate: (change) => cache.invalidate(change) }));
      await bus.start();
      expect(await cache.read(aggregateCacheKey('ACCOUNT', 'AC1'), (value) => value.clientId, load)).to.include({ balance: '10.00' });
      await cache.read(overviewKey('CL1'), () => 'CL1', async () => ({ clientId: 'CL1', accounts: 1 }));
      expect(cache.size).to.equal(2);
    }
    // The change is applied to the store (here: the value the loader reads) and its outbox row committed.
    balance = '25.00';
    await h.store.transaction('test outbox', (ex) =>
      writeRows(ex, OUTBOX_INSERT, [{ eventId: `inv-${process.pid}-${Date.now()}`, routingKey: 'account.balance.changed', payload: JSON.stringify({ aggregateType: 'ACCOUNT', aggregateId: 'AC1', payload: { accountId: 'AC1', clientId: 'CL1' } }), createdAt: new Date() }], 'insert'),
    );
    const relay = createOutboxRelay({ store: h.store, bus: h.bus, pollIntervalMs: 50 });
    await relay.start();
    try {
      relay.notify();
      await eventually(() => instances.every(({ cache }) => cache.size === 0), 10_000, 'every cache invalidated');
    } finally {
      await relay.stop();
    }
    for (const { cache } of instances) expect(await cache.read(aggregateCacheKey('ACCOUNT', 'AC1'), (value) => value.clientId, load)).to.include({ balance: '25.00' });
  });
});
