import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { createStore } from '../../hub/store/index.js';
import { EventPublisher } from '../../mocks/push/publisher.js';
import { eventually } from '../mocks/recording-hub.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Starts `dbp-hub start` as a child process and resolves with its URL once it listens. */
function startHub(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/dbp-hub.js'), 'start', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_ENV: 'test' },
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)","msg":"http server listening"/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`the hub exited with ${code}: ${out}`)));
  });
}

describe('hub: an acknowledged event survives a crash', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dbp-crash-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('after SIGKILL during a push and a restart, every acknowledged event is in the store and the outbox', async () => {
    const { child, url } = await startHub(dataDir);
    const acknowledged = new Set<string>();
    // What a back office sends: PublishEvents batches with a UsernameToken; every ACCEPTED answer is remembered.
    const publisher = new EventPublisher({
      endpoint: `${url}/soap/CacheControl`,
      sourceSystem: 'CORE_BANKING',
      username: 'core-banking',
      password: 'core-banking-dev-password',
      clock: { now: () => new Date() },
      batchSize: 20,
      lingerMs: 1,
      retryBaseMs: 10_000,
      onResults: (results) => results.filter((item) => item.result === 'ACCEPTED').forEach((item) => acknowledged.add(item.eventId)),
    });
    let killed = false;
    for (let i = 1; i <= 2000 && !killed; i += 1) {
      publisher.publish({
        aggregateType: 'ACCOUNT',
        aggregateId: `crash-acc-${i % 50}`,
        occurredAt: new Date(),
        payload: {
          balanceChanged: {
            accountId: `crash-acc-${i % 50}`,
            clientId: 'crash-client',
            balance: [{ type: 'BOOKED', amount: { amount: `${i}.00`, currency: 'EUR' }, asOf: new Date().toISOString() }],
          },
        },
      });
      if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
      if (acknowledged.size >= 300 && !killed) {
        child.kill('SIGKILL');
        killed = true;
      }
    }
    if (!killed) {
      await eventually(() => acknowledged.size >= 300, 30_000);
      expect(publisher.stats().queued, 'events still to push when the hub is killed').to.be.greaterThan(0);
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    expect(acknowledged.size).to.be.at.least(300);

    // Restart on the same data, then look inside with a store of our own once it has stopped.
    const restarted = await startHub(dataDir);
    expect((await fetch(`${restarted.url}/health/ready`)).status).to.equal(200);
    restarted.child.kill('SIGTERM');
    await new Promise((resolve) => restarted.child.once('exit', resolve));

    const store = createStore({ dataDir, logger: pino({ level: 'silent' }) });
    await store.start();
    try {
      // Every outbox row, sent or not: the restarted hub's relay may have published some.
      const rows = await store.query('reading the outbox', (ex) => ex.query(`SELECT ${ex.dialect.quote('event_id')} FROM ${ex.dialect.table('outbox')}`));
      const outbox = new Set(rows.map((row) => String(row.event_id)));
      const missing = [...acknowledged].filter((eventId) => !outbox.has(eventId));
      expect(missing, 'acknowledged events missing from the outbox').to.deep.equal([]);
      for (let i = 0; i < 50; i += 1) {
        const account = await store.account(`crash-acc-${i}`);
        expect(account, `crash-acc-${i}`).to.not.equal(undefined);
      }
    } finally {
      await store.stop();
    }
    await publisher.stop(0).catch(() => undefined);
  });
});
