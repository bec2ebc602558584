import { expect } from 'chai';
import { CircuitState } from 'cockatiel';
import { InFlightReads, canonicalRequest } from '../../../connectors/shared/coalesce.js';
import { FailureRateBreaker } from '../../../connectors/shared/failure-rate-breaker.js';
import { RateLimiter } from '../../../connectors/shared/rate-limit.js';
import { asList } from '../../../connectors/shared/values.js';

class StepClock {
  constructor(public time = 1_000_000) {}
  now = (): number => this.time;
}

describe('connectors/shared: policy building blocks', () => {
  describe('failure-rate breaker', () => {
    const make = (clock: StepClock) => new FailureRateBreaker({ failureRate: 0.5, minimumCalls: 4, windowMs: 1000, now: clock.now });

    it('opens only with the minimum number of calls and a failure rate above the threshold', () => {
      const clock = new StepClock();
      const breaker = make(clock);
      expect(breaker.failure(CircuitState.Closed)).to.equal(false);
      expect(breaker.failure(CircuitState.Closed)).to.equal(false);
      expect(breaker.failure(CircuitState.Closed), 'three calls, below the minimum').to.equal(false);
      expect(breaker.failure(CircuitState.Closed), 'four of four failed').to.equal(true);

      const even = make(clock);
      even.success(CircuitState.Closed);
      even.success(CircuitState.Closed);
      even.failure(CircuitState.Closed);
      expect(even.failure(CircuitState.Closed), 'exactly 50 % does not exceed 50 %').to.equal(false);
      expect(even.failure(CircuitState.Closed), '3 of 5').to.equal(true);
    });

    it('forgets calls older than the window', () => {
      const clock = new StepClock();
      const breaker = make(clock);
      for (let i = 0; i < 3; i += 1) breaker.failure(CircuitState.Closed);
      clock.time += 1200;
      expect(breaker.totals()).to.deep.equal({ successes: 0, failures: 0 });
      expect(breaker.failure(CircuitState.Closed), 'the old failures no longer count').to.equal(false);
      clock.time += 500;
      breaker.success(CircuitState.Closed);
      expect(breaker.totals()).to.deep.equal({ successes: 1, failures: 1 });
    });

    it('reopens on a failed probe and starts clean after a successful one', () => {
      const clock = new StepClock();
      const breaker = make(clock);
      expect(breaker.failure(CircuitState.HalfOpen)).to.equal(true);
      for (let i = 0; i < 5; i += 1) breaker.failure(CircuitState.Closed);
      breaker.success(CircuitState.HalfOpen);
      expect(breaker.totals()).to.deep.equal({ successes: 1, failures: 0 });
    });
  });

  describe('rate limiter', () => {
    const tooLong = (waitMs: number) => new Error(`wait ${waitMs}`);

    it('lets a burst through, then spaces calls and refuses those that would wait too long', async () => {
      const clock = new StepClock();
      const limiter = new RateLimiter({ perSecond: 1000, burst: 2, maxWaitMs: 3, now: clock.now });
      await limiter.acquire(undefined, tooLong);
      await limiter.acquire(undefined, tooLong);
      const started = Date.now();
      await limiter.acquire(undefined, tooLong); // 1 ms
      await limiter.acquire(undefined, tooLong); // 2 ms
      expect(Date.now() - started).to.be.at.least(1);
      // Nothing refilled on the stepping clock: the next slot is 3 ms away, the one after 4 ms.
      await limiter.acquire(undefined, tooLong);
      try {
        await limiter.acquire(undefined, tooLong);
        expect.fail('acquired');
      } catch (error) {
        expect((error as Error).message).to.equal('wait 4');
      }
      clock.time += 1000;
      await limiter.acquire(undefined, tooLong);
    });

    it('gives the reservation back when a waiting call is aborted', async () => {
      const clock = new StepClock();
      const limiter = new RateLimiter({ perSecond: 10, burst: 1, maxWaitMs: 150, now: clock.now });
      await limiter.acquire(undefined, tooLong);
      const controller = new AbortController();
      const waiting = limiter.acquire(controller.signal, tooLong);
      controller.abort();
      try {
        await waiting;
        expect.fail('acquired');
      } catch (error) {
        expect((error as Error).name).to.equal('AbortError');
      }
      // The slot 100 ms away is free again: a call may take it instead of waiting 200 ms (refused).
      await limiter.acquire(undefined, tooLong);
    });
  });

  describe('coalescing', () => {
    const cancelled = () => new Error('cancelled');

    it('runs one call per key and gives every member its result', async () => {
      const reads = new InFlightReads<string>();
      let started = 0;
      let release!: (value: string) => void;
      const start = () => {
        started += 1;
        return new Promise<string>((resolve) => (release = resolve));
      };
      let joined = 0;
      const calls = [reads.run('a', undefined, start, () => (joined += 1), cancelled), reads.run('a', undefined, start, () => (joined += 1), cancelled)];
      const other = reads.run('b', undefined, () => Promise.resolve('b'), () => (joined += 1), cancelled);
      expect(reads.size).to.equal(2);
      release('answer');
      expect(await Promise.all(calls)).to.deep.equal(['answer', 'answer']);
      expect(await other).to.equal('b');
      expect({ started, joined }).to.deep.equal({ started: 1, joined: 1 });
      expect(reads.size).to.equal(0);
    });

    it('aborts the shared call only when every member left, and never lets a newcomer join an abandoned one', async () => {
      const reads = new InFlightReads<string>();
      const signals: AbortSignal[] = [];
      const start = (signal: AbortSignal) => {
        signals.push(signal);
        return new Promise<string>(() => undefined);
      };
      const first = new AbortController();
      const second = new AbortController();
      const a = reads.run('k', first.signal, start, () => undefined, cancelled);
      const b = reads.run('k', second.signal, start, () => undefined, cancelled);
      first.abort();
      await a.then(() => expect.fail('resolved'), (error: Error) => expect(error.message).to.equal('cancelled'));
      expect(signals[0]!.aborted, 'one member is left').to.equal(false);
      second.abort();
      await b.catch(() => undefined);
      expect(signals[0]!.aborted).to.equal(true);
      void reads.run('k', undefined, start, () => undefined, cancelled);
      expect(signals, 'a new call started').to.have.length(2);
    });

    it('makes the same key for the same content in any key order, and different keys otherwise', () => {
      expect(canonicalRequest({ b: { y: '2', x: '1' }, a: ['1', '2'] })).to.equal(canonicalRequest({ a: ['1', '2'], b: { x: '1', y: '2' } }));
      expect(canonicalRequest({ a: ['1', '2'] })).to.not.equal(canonicalRequest({ a: ['2', '1'] }));
      expect(canonicalRequest({ amount: '10.50' })).to.not.equal(canonicalRequest({ amount: '10.5' }));
      expect(canonicalRequest({ n: 10n })).to.equal('{"n":"10n"}');
    });
  });

  it('asList reads a possibly repeated element as a list', () => {
    expect(asList(undefined)).to.deep.equal([]);
    expect(asList(null)).to.deep.equal([]);
    expect(asList('one')).to.deep.equal(['one']);
    expect(asList([{ a: '1' }, { a: '2' }])).to.deep.equal([{ a: '1' }, { a: '2' }]);
  });
});
