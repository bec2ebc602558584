import { expect } from 'chai';
import { startNotifyMocks, type RunningNotifyMocks } from '../../../mocks/notify/index.js';

const post = (url: string, body: unknown, key?: string): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });

describe('mock notification providers', () => {
  let mocks: RunningNotifyMocks;
  beforeEach(async () => {
    mocks = await startNotifyMocks();
  });
  afterEach(async () => {
    await mocks.stop();
    await mocks.stop();
  });

  it('accepts a message once per idempotency key and replays the first answer', async () => {
    const sms = { to: '+4915112345678', text: 'Hello' };
    const first = await post(mocks.smsUrl, sms, 'k-1');
    expect(first.status).to.equal(202);
    const { id } = (await first.json()) as { id: string };
    const again = await post(mocks.smsUrl, sms, 'k-1');
    expect(again.status).to.equal(202);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(((await again.json()) as { id: string }).id).to.equal(id);
    const conflict = await post(mocks.smsUrl, { ...sms, text: 'Other' }, 'k-1');
    expect(conflict.status).to.equal(422);
    expect(((await conflict.json()) as { code: string }).code).to.equal('IDEMPOTENCY_CONFLICT');
    expect(mocks.sms.received().map((message) => [message.id, message.idempotencyKey, message.body])).to.deep.equal([[id, 'k-1', sms]]);
    expect(mocks.sms.requestCount()).to.equal(3);
  });

  it('refuses requests without a key and invalid messages with problem documents', async () => {
    expect((await post(mocks.smsUrl, { to: '+4915112345678', text: 'x' })).status).to.equal(400);
    const invalid = await post(mocks.smsUrl, { to: '015112345678', text: 'x' }, 'k-2');
    expect(invalid.status).to.equal(422);
    expect(invalid.headers.get('content-type')).to.equal('application/problem+json');
    expect((await post(mocks.pushUrl, { to: 'C1', title: '', body: 'x' }, 'k-3')).status).to.equal(422);
    expect((await post(mocks.pushUrl, { to: 'C1', title: 't', body: 'b' }, 'k-3')).status).to.equal(202);
    expect(mocks.sms.received()).to.have.length(0);
    expect(mocks.push.received()).to.have.length(1);
  });

  it('fails the next requests on demand, before or after accepting', async () => {
    const push = { to: 'C1', title: 't', body: 'b' };
    mocks.push.failNext(1, { status: 429, retryAfterSeconds: 7 });
    const throttled = await post(mocks.pushUrl, push, 'k-4');
    expect([throttled.status, throttled.headers.get('retry-after')]).to.deep.equal([429, '7']);
    expect(mocks.push.received()).to.have.length(0);

    mocks.push.failNext(1, { afterAccept: true });
    expect((await post(mocks.pushUrl, push, 'k-4')).status).to.equal(503);
    expect(mocks.push.received()).to.have.length(1);
    const replay = await post(mocks.pushUrl, push, 'k-4');
    expect([replay.status, replay.headers.get('idempotent-replayed')]).to.deep.equal([202, 'true']);
    expect(mocks.push.received()).to.have.length(1);
  });

  it('offers the same over its admin API', async () => {
    const base = new URL(mocks.pushUrl).origin;
    expect((await post(`${base}/admin/fail-next`, { count: 1, status: 500 })).status).to.equal(200);
    expect((await post(mocks.pushUrl, { to: 'C1', title: 't', body: 'b' }, 'k-5')).status).to.equal(500);
    expect((await post(mocks.pushUrl, { to: 'C1', title: 't', body: 'b' }, 'k-5')).status).to.equal(202);
    const listed = (await (await fetch(`${base}/admin/messages`)).json()) as { messages: { idempotencyKey: string }[] };
    expect(listed.messages.map((message) => message.idempotencyKey)).to.deep.equal(['k-5']);
    expect((await fetch(`${base}/admin/messages`, { method: 'DELETE' })).status).to.equal(200);
    expect(mocks.push.received()).to.have.length(0);
    expect((await post(`${base}/admin/fail-next`, { count: -1 })).status).to.equal(400);
  });
});
