import { expect } from 'chai';
import { createMetrics, HTTP_DURATION_BUCKETS, statusClass } from '../../hub/observability/metrics.js';
import { parseExposition, sampleValue } from './exposition.js';

describe('observability: metrics', () => {
  it('exposes HTTP requests as a counter and a latency histogram in the Prometheus text format', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.httpRequest('/platform/accounts/:id', 'GET', 200, 0.0042);
    metrics.httpRequest('/platform/accounts/:id', 'GET', 204, 0.03);
    metrics.httpRequest('/platform/accounts/:id', 'GET', 404, 0.0009);
    metrics.httpRequest('/soap/CacheControl', 'POST', 503, 0.7);

    const { contentType, body } = await metrics.render();
    expect(contentType).to.equal('text/plain; version=0.0.4; charset=utf-8');
    expect(body).to.contain('# TYPE dbp_http_request_duration_seconds histogram\n');
    expect(body).to.contain('# TYPE dbp_http_requests_total counter\n');
    expect(body).to.match(/^dbp_http_request_duration_seconds_bucket\{le="0\.005",route="\/platform\/accounts\/:id",method="GET",status_class="2xx"\} 1$/m);
    expect(body).to.match(/^dbp_http_request_duration_seconds_bucket\{le="\+Inf",route="\/platform\/accounts\/:id",method="GET",status_class="2xx"\} 2$/m);

    const families = parseExposition(body);
    const ok = { route: '/platform/accounts/:id', method: 'GET', status_class: '2xx' };
    expect(sampleValue(families, 'dbp_http_requests_total', ok)).to.equal(2);
    expect(sampleValue(families, 'dbp_http_requests_total', { ...ok, status_class: '4xx' })).to.equal(1);
    expect(sampleValue(families, 'dbp_http_requests_total', { route: '/soap/CacheControl', method: 'POST', status_class: '5xx' })).to.equal(1);
    expect(sampleValue(families, 'dbp_http_request_duration_seconds_count', ok)).to.equal(2);
    expect(sampleValue(families, 'dbp_http_request_duration_seconds_sum', ok)).to.be.closeTo(0.0342, 1e-9);

    // Buckets: the declared bounds, cumulative, ending with +Inf = count.
    const buckets = families.get('dbp_http_request_duration_seconds')!.samples.filter(
      (sample) => sample.name.endsWith('_bucket') && sample.labels.status_class === '2xx',
    );
    expect(buckets.map((sample) => sample.labels.le)).to.deep.equal([...HTTP_DURATION_BUCKETS.map(String), '+Inf']);
    expect(buckets.map((sample) => sample.value)).to.deep.equal([0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(HTTP_DURATION_BUCKETS[0]).to.equal(0.001);
    expect(HTTP_DURATION_BUCKETS).to.include(0.5);
  });

  it('counts cache lookups, change events by source and result, and sequence gaps', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.cacheHit('accounts');
    metrics.cacheHit('accounts', 2);
    metrics.cacheMiss('accounts');
    metrics.cacheMiss('cards', 4);
    metrics.eventResults('CoreBanking', { ACCEPTED: 97, DUPLICATE: 2, STALE: 1 });
    metrics.eventResults('CoreBanking', { ACCEPTED: 3, REJECTED: 1 });
    metrics.eventResults('Cards', { DUPLICATE: 5 });
    metrics.sequenceGaps('CoreBanking');
    metrics.sequenceGaps('CoreBanking', 2);
    // A bad count must not throw in the middle of a request.
    metrics.eventResults('Cards', { ACCEPTED: -1, STALE: Number.NaN });

    const families = parseExposition((await metrics.render()).body);
    expect(families.get('dbp_cache_lookups_total')?.type).to.equal('counter');
    expect(sampleValue(families, 'dbp_cache_lookups_total', { cache: 'accounts', result: 'hit' })).to.equal(3);
    expect(sampleValue(families, 'dbp_cache_lookups_total', { cache: 'accounts', result: 'miss' })).to.equal(1);
    expect(sampleValue(families, 'dbp_cache_lookups_total', { cache: 'cards', result: 'miss' })).to.equal(4);
    const events = (source: string, result: string) => sampleValue(families, 'dbp_change_events_total', { source, result });
    expect([events('CoreBanking', 'ACCEPTED'), events('CoreBanking', 'DUPLICATE'), events('CoreBanking', 'STALE'), events('CoreBanking', 'REJECTED')]).to.deep.equal([100, 2, 1, 1]);
    // Every result of a source that has sent anything has a series, zero included.
    expect([events('Cards', 'ACCEPTED'), events('Cards', 'DUPLICATE'), events('Cards', 'STALE'), events('Cards', 'REJECTED')]).to.deep.equal([0, 5, 0, 0]);
    expect(sampleValue(families, 'dbp_sequence_gaps_total', { source: 'CoreBanking' })).to.equal(3);
  });

  it('reads the outbox depth from its source when scraped, not before', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    let depth = 3;
    let reads = 0;
    metrics.setOutboxDepthSource(async () => {
      reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return depth;
    });
    expect(reads).to.equal(0);
    const first = parseExposition((await metrics.render()).body);
    expect(first.get('dbp_outbox_depth')?.type).to.equal('gauge');
    expect(sampleValue(first, 'dbp_outbox_depth')).to.equal(3);
    depth = 42;
    expect(sampleValue(parseExposition((await metrics.render()).body), 'dbp_outbox_depth')).to.equal(42);
    expect(reads).to.equal(2);

    metrics.setOutboxDepthSource(() => 7); // a synchronous source works too
    expect(sampleValue(parseExposition((await metrics.render()).body), 'dbp_outbox_depth')).to.equal(7);
  });

  it('reports NaN, and tells, when the outbox depth cannot be read; the scrape still succeeds', async () => {
    const failures: string[] = [];
    const metrics = createMetrics({ defaultMetrics: false, onCollectError: (error, metric) => failures.push(`${metric}: ${(error as Error).message}`) });
    metrics.setOutboxDepthSource(() => Promise.reject(new Error('database is down')));
    const families = parseExposition((await metrics.render()).body);
    expect(Number.isNaN(sampleValue(families, 'dbp_outbox_depth'))).to.equal(true);
    expect(failures).to.deep.equal(['dbp_outbox_depth: database is down']);
  });

  it('registers the Node process metrics on its own registry, so several hubs can live in one process', async () => {
    const first = createMetrics();
    const second = createMetrics({ labels: { instance: 'hub-2' } });
    first.httpRequest('/health/live', 'GET', 200, 0.001);

    const one = parseExposition((await first.render()).body);
    const two = parseExposition((await second.render()).body);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_gc_duration_seconds']) {
      expect(one.has(name), name).to.equal(true);
      expect(two.has(name), name).to.equal(true);
    }
    expect(sampleValue(one, 'dbp_http_requests_total', { route: '/health/live' })).to.equal(1);
    expect(sampleValue(two, 'dbp_http_requests_total')).to.equal(undefined);
    expect(sampleValue(two, 'nodejs_heap_size_used_bytes', { instance: 'hub-2' })).to.be.greaterThan(0);
    expect(first.registry).to.not.equal(second.registry);
  });

  it('can prefix the hub metrics differently', async () => {
    const metrics = createMetrics({ defaultMetrics: false, prefix: 'other_' });
    metrics.sequenceGaps('CRM');
    expect((await metrics.render()).body).to.contain('other_sequence_gaps_total{source="CRM"} 1');
  });

  it('has a test reader that refuses what Prometheus would refuse', () => {
    expect(() => parseExposition('# TYPE a counter\na{x="1"} 1\n')).to.not.throw();
    for (const bad of ['a 1\n', '# TYPE a counter\na{x=1} 1\n', '# TYPE a counter\na{x="1"} one\n', '# TYPE a counter\na 1', '# TYPE a histogram\na 1\n']) {
      expect(() => parseExposition(bad), bad).to.throw();
    }
  });

  it('maps status codes to classes', () => {
    expect([100, 200, 299, 301, 404, 499, 500, 599, 0, 600].map(statusClass)).to.deep.equal(['1xx', '2xx', '2xx', '3xx', '4xx', '4xx', '5xx', '5xx', '5xx', '5xx']);
  });
});
