/**
 * Two hub processes on one PostgreSQL store and one RabbitMQ, both serving the Platform
 * API: each fills its own L1 cache with an account, a change is pushed to one of them, and
 * both answer the new balance shortly after — the other one because the change reached
 * its cache-invalidation consumer over the broker's fanout, not because its cache expired.
 */
import { expect } from 'chai';
import {
  balanceNotice,
  createDatabase,
  createVhost,
  eventually,
  platformToken,
  pusher,
  requireServices,
  startHubProcess,
  type HubProcess,
  type TestDatabase,
  type TestVhost,
} from './support.js';

const CLIENT = 'E2E-TWO-1';
const ACCOUNT = 'E2E-TWO-ACC-1';

interface AccountAnswer {
  readonly status: number;
  readonly booked?: string;
  readonly body: unknown;
}

async function readAccount(hub: HubProcess, token: string): Promise<AccountAnswer> {
  const response = await fetch(`${hub.url}/platform/v1/accounts/${ACCOUNT}`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { data?: { balances?: { type: string; amount: string }[] } };
  return { status: response.status, booked: body.data?.balances?.find((balance) => balance.type === 'BOOKED')?.amount, body };
}

describe('flows end to end: two hub processes share the store and the broker', function () {
  this.timeout(180_000);
  before(requireServices());

  let db: TestDatabase | undefined;
  let vhost: TestVhost | undefined;
  const hubs: HubProcess[] = [];

  after(async function () {
    this.timeout(60_000);
    for (const hub of hubs) await hub.kill('SIGTERM');
    await db?.dispose();
    await vhost?.dispose();
  });

  it('after a change pushed to one of them, both answer the new balance', async () => {
    db = await createDatabase();
    vhost = await createVhost();
    // One after the other: both run the store's migrations at start.
    const one = await startHubProcess({ databaseUrl: db.url, amqpUrl: vhost.url });
    hubs.push(one);
    const two = await startHubProcess({ databaseUrl: db.url, amqpUrl: vhost.url });
    hubs.push(two);
    const token = await platformToken(CLIENT);

    const core = pusher(one.url, 'CORE_BANKING', { batchSize: 1 });
    core.publisher.publish(balanceNotice(CLIENT, ACCOUNT, '100.00'));
    await eventually(() => core.acknowledged.size === 1, 30_000, () => `the first balance to be acknowledged (${JSON.stringify([...core.results])})`);

    // Both caches filled with 100.00 (read twice: the second answer comes from L1).
    for (const hub of [one, two]) {
      for (let i = 0; i < 2; i += 1) {
        const answer = await readAccount(hub, token);
        expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
        expect(answer.booked).to.equal('100.00');
      }
    }

    core.publisher.publish(balanceNotice(CLIENT, ACCOUNT, '250.00'));
    await eventually(() => core.acknowledged.size === 2, 30_000, () => `the change to be acknowledged (${JSON.stringify([...core.results])})`);
    // The hub that took the push invalidates on commit; the other learns it over the fanout.
    const last = new Map<HubProcess, string | undefined>();
    await eventually(
      async () => {
        for (const hub of [one, two]) last.set(hub, (await readAccount(hub, token)).booked);
        return last.get(one) === '250.00' && last.get(two) === '250.00';
      },
      15_000,
      () => `both hubs to answer 250.00 (they answer ${JSON.stringify([...last.values()])})\n${two.tail().slice(-2000)}`,
    );
    // And they agree from then on.
    for (const hub of [one, two]) expect((await readAccount(hub, token)).booked).to.equal('250.00');
    await core.publisher.stop(1000);
  });
});
