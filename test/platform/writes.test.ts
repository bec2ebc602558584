import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { HubError } from '../../hub/errors/catalog.js';
import { createPlatformApi, type CommandRequest, type PlatformCommand } from '../../hub/platform/index.js';

const SECRET = 'platform-writes-test-secret-of-32-chars!';

/** A command that keeps its resources in memory, keyed by client and idempotency key. */
function memoryCommand(): PlatformCommand & { submitted: CommandRequest[] } {
  const byKey = new Map<string, { id: string; clientId: string; body: string }>();
  const submitted: CommandRequest[] = [];
  return {
    submitted,
    async submit(request) {
      submitted.push(request);
      const key = `${request.clientId}/${request.idempotencyKey}`;
      const body = JSON.stringify(request.body);
      const earlier = byKey.get(key);
      if (earlier && earlier.body !== body) throw new HubError('IDEMPOTENCY_CONFLICT', 'the key was used with another body');
      if (earlier) return { status: 200, body: { id: earlier.id }, location: `/platform/v1/things/${earlier.id}` };
      if ((request.body as { amount?: unknown }).amount === undefined) throw new HubError('INVALID_REQUEST', 'amount is required', { field: 'amount' });
      const id = `T${byKey.size + 1}`;
      byKey.set(key, { id, clientId: request.clientId, body });
      return { status: 201, body: { id }, location: `/platform/v1/things/${id}` };
    },
    async read(clientId, id) {
      const found = [...byKey.values()].find((each) => each.id === id && each.clientId === clientId);
      return found ? { body: { id, ...JSON.parse(found.body) }, asOf: new Date('2026-11-24T10:00:00Z') } : undefined;
    },
    async list(clientId) {
      return { body: { items: [...byKey.values()].filter((each) => each.clientId === clientId).map((each) => each.id) }, asOf: new Date('2026-11-24T10:00:00Z') };
    },
  };
}

describe('platform API write side', () => {
  let server: Server;
  let base: string;
  const command = memoryCommand();
  const preferences = new Map<string, unknown>();

  const token = (clientId: string) => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(clientId).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));
  const call = async (method: string, path: string, options: { body?: string; type?: string; key?: string; clientId?: string } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${await token(options.clientId ?? 'CL1')}` };
    if (options.type !== undefined || options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
    if (options.key) headers['idempotency-key'] = options.key;
    const response = await fetch(base + path, { method, headers, ...(options.body !== undefined ? { body: options.body } : {}) });
    return { status: response.status, location: response.headers.get('location'), body: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    const api = createPlatformApi({
      store: { transactions: async () => ({ items: [] }) },
      reader: { overview: async () => undefined, account: async () => undefined, card: async () => undefined, loan: async () => undefined, deposit: async () => undefined },
      metrics: { cacheHit: () => undefined, cacheMiss: () => undefined },
      logger: pino({ level: 'silent' }),
      auth: { keys: [{ alg: 'HS256', secret: SECRET }] },
      commands: [{ path: '/platform/v1/things', command }],
      documents: [
        {
          path: '/platform/v1/clients/me/settings',
          read: async (clientId) => preferences.get(clientId) ?? {},
          replace: async (clientId, body) => {
            if (typeof body !== 'object' || body === null) throw new HubError('INVALID_REQUEST', 'an object is expected');
            preferences.set(clientId, body);
            return body;
          },
        },
      ],
    });
    expect(api.routes).to.deep.equal(['/platform/v1/things', '/platform/v1/things/:id', '/platform/v1/clients/me/settings']);
    server = createServer((req, res) => void api.handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('creates once per idempotency key: 201 with Location, the same again 200, another body 409', async () => {
    const created = await call('POST', '/platform/v1/things', { body: '{"amount":"10.00"}', key: 'key-0001' });
    expect(created.status).to.equal(201);
    expect(created.location).to.equal('/platform/v1/things/T1');
    expect(created.body).to.deep.equal({ data: { id: 'T1' } });
    const again = await call('POST', '/platform/v1/things', { body: '{"amount":"10.00"}', key: 'key-0001' });
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal({ data: { id: 'T1' } });
    const conflict = await call('POST', '/platform/v1/things', { body: '{"amount":"11.00"}', key: 'key-0001' });
    expect(conflict.status).to.equal(409);
    expect(conflict.body.code).to.equal('IDEMPOTENCY_CONFLICT');
    expect(command.submitted.at(-1)).to.deep.include({ clientId: 'CL1', idempotencyKey: 'key-0001' });
  });

  it('reads one resource and the list, only the caller’s', async () => {
    const one = await call('GET', '/platform/v1/things/T1');
    expect(one.status).to.equal(200);
    expect(one.body).to.deep.equal({ data: { id: 'T1', amount: '10.00' }, asOf: '2026-11-24T10:00:00.000Z', stale: false });
    expect((await call('GET', '/platform/v1/things/T1', { clientId: 'CL2' })).status).to.equal(404);
    expect((await call('GET', '/platform/v1/things')).body.data).to.deep.equal({ items: ['T1'] });
  });

  it('refuses what is not a well-formed command before the command sees it', async () => {
    const seen = command.submitted.length;
    const noKey = await call('POST', '/platform/v1/things', { body: '{"amount":"1.00"}' });
    expect(noKey.status).to.equal(400);
    expect(noKey.body).to.include({ code: 'INVALID_REQUEST', field: 'Idempotency-Key' });
    expect((await call('POST', '/platform/v1/things', { body: '{"amount":"1.00"}', key: 'short' })).status).to.equal(400);
    expect((await call('POST', '/platform/v1/things', { body: 'amount=1', type: 'application/x-www-form-urlencoded', key: 'key-0002' })).body.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect((await call('POST', '/platform/v1/things', { body: '{"amount":', key: 'key-0003' })).body.code).to.equal('INVALID_REQUEST');
    const large = await call('POST', '/platform/v1/things', { body: JSON.stringify({ amount: '1.00', note: 'x'.repeat(70_000) }), key: 'key-0004' });
    expect(large.status).to.equal(413);
    expect(command.submitted.length).to.equal(seen);
    const missing = await call('POST', '/platform/v1/things', { body: '{}', key: 'key-0005' });
    expect(missing.body).to.include({ code: 'INVALID_REQUEST', field: 'amount' });
    expect((await call('DELETE', '/platform/v1/things/T1')).status).to.equal(405);
    expect((await call('PUT', '/platform/v1/things', { body: '{}' })).status).to.equal(405);
  });

  it('needs a bearer token', async () => {
    const response = await fetch(`${base}/platform/v1/things`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'key-0006' }, body: '{"amount":"1.00"}' });
    expect(response.status).to.equal(401);
  });

  it('reads and replaces a document of the client’s own', async () => {
    expect((await call('GET', '/platform/v1/clients/me/settings')).body).to.deep.equal({ data: {} });
    expect((await call('PUT', '/platform/v1/clients/me/settings', { body: '{"push":true}' })).body).to.deep.equal({ data: { push: true } });
    expect((await call('GET', '/platform/v1/clients/me/settings')).body).to.deep.equal({ data: { push: true } });
    expect((await call('GET', '/platform/v1/clients/me/settings', { clientId: 'CL2' })).body).to.deep.equal({ data: {} });
    expect((await call('POST', '/platform/v1/clients/me/settings', { body: '{}' })).status).to.equal(405);
  });
});
