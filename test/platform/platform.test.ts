import { createTimelineEndpoint, TIMELINE_OPENAPI } from '../../flows/timeline/index.js';
import { createReadThrough } from '../../hub/read-through/read-through.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { pino } from 'pino';
import { applyEvents } from '../../hub/events/apply.js';
import { createPlatformApi, PLATFORM_ROUTES, type PlatformApi } from '../../hub/platform/index.js';
import { PLATFORM_OPENAPI } from '../../hub/platform/openapi.js';
import { createStore, type SourceSystem, type Store } from '../../hub/store/index.js';
import type { PlainObject } from '../../common/soap/codec.js';
import { balanceChanged, cardStatusChanged, changeEvent, depositChanged, loanScheduleChanged, transactionPosted } from '../store/support.js';
import { structuralErrors } from './openapi-check.js';

const SECRET = 'platform-test-secret-of-enough-length-0123456789';
const NOW = new Date('2026-11-24T10:00:00Z');

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

const hs256 = (sub: string | undefined, options: { exp?: number; secret?: string } = {}) => {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(Math.floor(NOW.getTime() / 1000));
  if (sub) jwt.setSubject(sub);
  if (options.exp !== 0) jwt.setExpirationTime(options.exp ?? Math.floor(NOW.getTime() / 1000) + 300);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
};

const otherClientAccount = (accountId: string, seq: number): PlainObject =>
  changeEvent('CORE_BANKING', 'ACCOUNT', accountId, seq, {
    balanceChanged: { accountId, clientId: 'CL2', balance: [{ type: 'BOOKED', amount: { amount: '5.00', currency: 'EUR' }, asOf: '2026-11-24T09:29:00Z' }] },
  });

describe('platform API read side', () => {
  let dataDir: string;
  let store: Store;
  let api: PlatformApi;
  let server: Server;
  let base: string;
  let token: string;
  let rsaToken: string;
  let ecToken: string;
  const cache = { hits: 0, misses: 0 };

  const apply = async (source: SourceSystem, events: PlainObject[]) => {
    const results = await applyEvents(store, source, events, NOW);
    expect(results.map((each) => each.result)).to.deep.equal(events.map(() => 'ACCEPTED'));
  };

  const get = async (path: string, bearer: string = token, method = 'GET'): Promise<Answer> => {
    const response = await fetch(base + path, { method, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  const data = (answer: Answer) => answer.body.data as Record<string, unknown>;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dbp-platform-'));
    store = createStore({ dataDir });
    await store.start();
    await apply('CORE_BANKING', [
      balanceChanged('AC1', 1, { BOOKED: '1250.50', AVAILABLE: '1200.00' }),
      ...['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'].map((day, index) => transactionPosted('AC1', index + 2, `E${index + 1}`, { bookingDate: day, amount: `1${index}.05` })),
      transactionPosted('AC1', 7, 'P1', { status: 'PENDING', valueDate: '2026-11-06' }),
      loanScheduleChanged('LN1', 1, '9600.00'),
      depositChanged('DP1', 1, '5000.00'),
      otherClientAccount('AC2', 1),
    ]);
    await apply('CARDS', [cardStatusChanged('CD1', 1, 'ACTIVE')]);

    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    api = createPlatformApi({
      store,
      reader: createReadThrough({ store, logger: pino({ level: 'silent' }) }),
      timeline: { endpoint: createTimelineEndpoint({ store, now: () => NOW }), openapi: TIMELINE_OPENAPI },
      metrics: { cacheHit: () => void (cache.hits += 1), cacheMiss: () => void (cache.misses += 1) },
      logger: pino({ level: 'silent' }),
      auth: { keys: [{ alg: 'HS256', secret: SECRET }, { alg: 'RS256', publicKey: await exportSPKI(rsa.publicKey) }, { alg: 'ES256', publicKey: await exportSPKI(ec.publicKey), kid: 'ec-1' }] },
      now: () => NOW,
    });
    token = await hs256('CL1');
    rsaToken = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setSubject('CL1').setExpirationTime(Math.floor(NOW.getTime() / 1000) + 60).sign(rsa.privateKey);
    ecToken = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'ec-1' }).setSubject('CL1').setExpirationTime(Math.floor(NOW.getTime() / 1000) + 60).sign(ec.privateKey);
    server = createServer((req, res) => {
      if (!api.handler(req, res)) {
        res.statusCode = 418;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('platform: answers the client overview with amounts as strings and asOf', async () => {
    const answer = await get('/platform/v1/clients/me/products');
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.match(/^application\/json/);
    expect(answer.body.stale).to.equal(false);
    expect(answer.body.asOf).to.equal('2026-11-24T09:30:00.000Z');
    const overview = data(answer);
    expect(overview.clientId).to.equal('CL1');
    expect((overview.accounts as { accountId: string }[]).map((each) => each.accountId)).to.deep.equal(['AC1']);
    expect(overview.cards).to.have.length(1);
    expect(overview.loans).to.have.length(1);
    expect(overview.deposits).to.have.length(1);
  });

  it('platform: answers one account with its balances', async () => {
    const answer = await get('/platform/v1/accounts/AC1', rsaToken);
    expect(answer.status).to.equal(200);
    expect(answer.body.asOf).to.be.a('string');
    expect(answer.body.stale).to.equal(false);
    const balances = data(answer).balances as Record<string, unknown>[];
    expect(balances.find((each) => each.type === 'AVAILABLE')).to.include({ amount: '1200.00', currency: 'EUR' });
    expect(data(answer).currency).to.equal('EUR');
    expect((await get('/platform/v1/accounts/AC1', ecToken)).status).to.equal(200);
  });

  it('platform: answers card, loan with schedule and deposit', async () => {
    const card = await get('/platform/v1/cards/CD1');
    expect(card.status).to.equal(200);
    expect(data(card)).to.include({ cardId: 'CD1', maskedPan: '427683******1234', status: 'ACTIVE' });
    const loan = await get('/platform/v1/loans/LN1');
    expect(loan.status).to.equal(200);
    expect(data(loan).outstandingPrincipal).to.deep.equal({ amount: '9600.00', currency: 'EUR' });
    const schedule = data(loan).schedule as Record<string, unknown>[];
    expect(schedule).to.have.length(2);
    expect(schedule[0]!.total).to.deep.equal({ amount: '500.50', currency: 'EUR' });
    const deposit = await get('/platform/v1/deposits/DP1');
    expect(deposit.status).to.equal(200);
    expect(data(deposit)).to.deep.include({ principal: { amount: '5000.00', currency: 'EUR' }, interestRate: '3.5', maturityDate: '2027-05-20' });
    for (const answer of [card, loan, deposit]) expect(answer.body).to.include({ stale: false }).and.to.have.property('asOf');
  });

  it('platform: pages through transactions with a cursor and filters', async () => {
    const first = await get('/platform/v1/accounts/AC1/transactions?status=BOOKED&limit=2');
    expect(first.status).to.equal(200);
    const page1 = data(first);
    expect((page1.items as { entryReference: string }[]).map((each) => each.entryReference)).to.deep.equal(['E5', 'E4']);
    expect((page1.items as { amount: unknown }[])[0]!.amount).to.deep.equal({ amount: '14.05', currency: 'EUR' });
    const seen: string[] = [];
    let cursor = page1.nextCursor as string | undefined;
    while (cursor) {
      const next = await get(`/platform/v1/accounts/AC1/transactions?status=BOOKED&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(next.status).to.equal(200);
      seen.push(...(data(next).items as { entryReference: string }[]).map((each) => each.entryReference));
      cursor = data(next).nextCursor as string | undefined;
    }
    expect(seen).to.deep.equal(['E3', 'E2', 'E1']);

    const period = await get('/platform/v1/accounts/AC1/transactions?from=2026-11-02&to=2026-11-03');
    expect((data(period).items as { entryReference: string }[]).map((each) => each.entryReference)).to.deep.equal(['E3', 'E2']);
    const pending = await get('/platform/v1/accounts/AC1/transactions?status=PENDING');
    expect((data(pending).items as { entryReference: string }[]).map((each) => each.entryReference)).to.deep.equal(['P1']);
  });

  it('platform: refuses bad paging parameters with problem documents', async () => {
    const cases: [string, string][] = [
      ['cursor=bogus', 'INVALID_CURSOR'],
      ['from=2026-11-05&to=2026-11-01', 'INVALID_PERIOD'],
      ['limit=0', 'INVALID_REQUEST'],
      ['status=SETTLED', 'INVALID_REQUEST'],
      ['from=yesterday', 'INVALID_REQUEST'],
    ];
    for (const [query, code] of cases) {
      const answer = await get(`/platform/v1/accounts/AC1/transactions?${query}`);
      expect(answer.status, query).to.equal(400);
      expect(answer.headers.get('content-type')).to.equal('application/problem+json');
      expect(answer.body.code, query).to.equal(code);
    }
  });

  it('platform: answers 401 with WWW-Authenticate without or with a bad token', async () => {
    const expired = await hs256('CL1', { exp: Math.floor(NOW.getTime() / 1000) - 3600 });
    const tokens = ['', 'not-a-jwt', await hs256('CL1', { secret: 'another-secret-that-is-long-enough-000000' }), expired, await hs256(undefined), await hs256('CL1', { exp: 0 })];
    for (const [index, bearer] of tokens.entries()) {
      const answer = await get('/platform/v1/accounts/AC1', bearer);
      expect(answer.status, `token ${index}`).to.equal(401);
      expect(answer.headers.get('www-authenticate')).to.equal('Bearer');
      expect(answer.body).to.include({ code: 'UNAUTHORIZED', status: 401 });
    }
    // Within the clock skew allowance, a token just expired is still accepted.
    const justExpired = await hs256('CL1', { exp: Math.floor(NOW.getTime() / 1000) - 5 });
    expect((await get('/platform/v1/accounts/AC1', justExpired)).status).to.equal(200);
  });

  it('platform: answers 404 for another client’s product or a missing one, alike', async () => {
    const foreign = await get('/platform/v1/accounts/AC2');
    const missing = await get('/platform/v1/accounts/NOPE');
    for (const answer of [foreign, missing]) {
      expect(answer.status).to.equal(404);
      expect(answer.body.code).to.equal('NOT_FOUND');
    }
    expect((await get('/platform/v1/accounts/AC2/transactions')).status).to.equal(404);
    expect((await get('/platform/v1/accounts/AC2', await hs256('CL2'))).status).to.equal(200);
    expect((await get('/platform/v1/clients/me/products', await hs256('CL9'))).status).to.equal(404);
    expect((await get('/platform/v1/nothing-here')).body.code).to.equal('NOT_FOUND');
  });

  it('platform: answers 405 to other methods and leaves other paths alone', async () => {
    const answer = await get('/platform/v1/accounts/AC1', token, 'POST');
    expect(answer.status).to.equal(405);
    expect(answer.body.code).to.equal('METHOD_NOT_ALLOWED');
    expect(answer.headers.get('allow')).to.equal('GET, HEAD');
    expect((await get('/soap/other')).status).to.equal(418);
  });

  it('platform: serves from L1 and shows a change after invalidate()', async () => {
    await get('/platform/v1/accounts/AC1');
    await get('/platform/v1/clients/me/products');
    const hits = cache.hits;
    const before = await get('/platform/v1/accounts/AC1');
    expect(cache.hits).to.equal(hits + 1);
    const booked = () => (data(before).balances as Record<string, unknown>[]).find((each) => each.type === 'BOOKED');
    expect(booked()).to.include({ amount: '1250.50' });

    await apply('CORE_BANKING', [balanceChanged('AC1', 8, { BOOKED: '99.99' })]);
    // Not yet invalidated: L1 still answers the old value.
    const cached = await get('/platform/v1/accounts/AC1');
    expect((data(cached).balances as Record<string, unknown>[]).find((each) => each.type === 'BOOKED')).to.include({ amount: '1250.50' });

    api.invalidate({ aggregateType: 'ACCOUNT', aggregateId: 'AC1' });
    const misses = cache.misses;
    const after = await get('/platform/v1/accounts/AC1');
    expect(cache.misses).to.equal(misses + 1);
    expect((data(after).balances as Record<string, unknown>[]).find((each) => each.type === 'BOOKED')).to.include({ amount: '99.99' });
    // The owner's overview went too, although the change did not name the client.
    const overview = data(await get('/platform/v1/clients/me/products'));
    const account = (overview.accounts as Record<string, unknown>[])[0]!;
    expect((account.balances as Record<string, unknown>[]).find((each) => each.type === 'BOOKED')).to.include({ amount: '99.99' });
  });

  it('platform: documents every route in OpenAPI 3.1 and answers match the document', async () => {
    const served = await get('/platform/v1/openapi.json', '');
    expect(served.status).to.equal(200);
    expect(served.body.openapi).to.equal('3.1.0');
    // The served document: the static one with the timeline's fragment merged in.
    const paths = served.body.paths as Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> } }>;
    for (const pattern of Object.values(PLATFORM_ROUTES)) {
      expect(paths[pattern.replace(/:([a-z]+)/g, '{$1}')]?.get, pattern).to.not.equal(undefined);
    }
    const document = served.body as Record<string, unknown>;
    expect(Object.keys(paths)).to.include.members(Object.keys(PLATFORM_OPENAPI.paths));
    const samples: [string, string][] = [
      ['/platform/v1/clients/me/products', '/platform/v1/clients/me/products'],
      ['/platform/v1/accounts/{id}', '/platform/v1/accounts/AC1'],
      ['/platform/v1/accounts/{id}/transactions', '/platform/v1/accounts/AC1/transactions?limit=3'],
      ['/platform/v1/cards/{id}', '/platform/v1/cards/CD1'],
      ['/platform/v1/loans/{id}', '/platform/v1/loans/LN1'],
      ['/platform/v1/deposits/{id}', '/platform/v1/deposits/DP1'],
      ['/platform/v1/clients/me/timeline', '/platform/v1/clients/me/timeline?limit=5'],
    ];
    for (const [pattern, path] of samples) {
      const answer = await get(path);
      const schema = paths[pattern]!.get!.responses['200']!.content!['application/json']!.schema;
      expect(structuralErrors(document, schema, answer.body), path).to.deep.equal([]);
    }
    const problem = await get('/platform/v1/accounts/AC2');
    expect(structuralErrors(document, { $ref: '#/components/schemas/Problem' }, problem.body)).to.deep.equal([]);
  });
});
