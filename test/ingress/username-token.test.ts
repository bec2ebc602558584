import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { buildEnvelope } from '../../common/soap/envelope.js';
import { VERSIONS, WSSE, expectFault, makeCertificates, expectSuccess, post, publishEventsPayload, request, startIngress, usernameToken, type RunningIngress } from './support.js';

const minutes = (n: number): number => n * 60_000;

describe('ingress WS-Security UsernameToken', () => {
  let hub: RunningIngress;

  before(async () => {
    hub = await startIngress();
  });
  beforeEach(() => {
    hub.calls.length = 0;
  });
  after(() => hub.stop());

  for (const version of VERSIONS) {
    describe(`SOAP ${version}`, () => {
      it('accepts a PasswordDigest token and passes its source system to the handler', async () => {
        expectSuccess(await post(hub.endpoint, version, request(version)), version);
        expectSuccess(await post(hub.endpoint, version, request(version, { token: { username: 'cards', password: 'cards-secret' } })), version);
        expect(hub.calls.map((call) => call.context.sourceSystem)).to.deep.equal(['CORE_BANKING', 'CARDS']);
      });

      it('refuses a replayed token with TOKEN_REPLAYED', async () => {
        const body = request(version);
        expectSuccess(await post(hub.endpoint, version, body), version);
        expectFault(await post(hub.endpoint, version, body), version, 'TOKEN_REPLAYED');
        // The same nonce under a new Created time and digest is still the same nonce.
        const nonce = randomBytes(16);
        expectSuccess(await post(hub.endpoint, version, request(version, { token: { nonce } })), version);
        expectFault(await post(hub.endpoint, version, request(version, { token: { nonce, created: new Date(Date.now() - 1000) } })), version, 'TOKEN_REPLAYED');
        expect(hub.calls).to.have.length(2);
      });

      it('refuses a wrong password and an unknown user with AUTHENTICATION_FAILED and the same message', async () => {
        const wrong = await post(hub.endpoint, version, request(version, { token: { password: 'guess' } }));
        const unknown = await post(hub.endpoint, version, request(version, { token: { username: 'mallory', password: 'guess' } }));
        expectFault(wrong, version, 'AUTHENTICATION_FAILED');
        expectFault(unknown, version, 'AUTHENTICATION_FAILED');
        const message = (body: string): string | undefined => /<cmn:message>(.*)<\/cmn:message>/.exec(body)?.[1];
        expect(message(wrong.body)).to.equal(message(unknown.body)).and.to.be.a('string');
        expect(hub.calls).to.have.length(0);
      });

      it('does not let a failed attempt burn the nonce of a genuine request', async () => {
        const nonce = randomBytes(16);
        expectFault(await post(hub.endpoint, version, request(version, { token: { nonce, password: 'guess' } })), version, 'AUTHENTICATION_FAILED');
        expectSuccess(await post(hub.endpoint, version, request(version, { token: { nonce } })), version);
      });

      it('refuses an old or a future Created time with TOKEN_EXPIRED', async () => {
        expectFault(await post(hub.endpoint, version, request(version, { token: { created: new Date(Date.now() - minutes(6)) } })), version, 'TOKEN_EXPIRED');
        expectFault(await post(hub.endpoint, version, request(version, { token: { created: new Date(Date.now() + minutes(6)) } })), version, 'TOKEN_EXPIRED');
        expectSuccess(await post(hub.endpoint, version, request(version, { token: { created: new Date(Date.now() - minutes(4)) } })), version);
        expect(hub.calls).to.have.length(1);
      });

      it('refuses PasswordText over plain HTTP with AUTHENTICATION_FAILED (default policy: only over TLS)', async () => {
        const answer = await post(hub.endpoint, version, request(version, { token: { type: 'text' } }));
        expectFault(answer, version, 'AUTHENTICATION_FAILED');
        expect(answer.body).to.contain('TLS');
        expect(hub.calls).to.have.length(0);
      });

      it('refuses a request without WS-Security, or with a digest that lacks its Nonce, with AUTHENTICATION_FAILED', async () => {
        expectFault(await post(hub.endpoint, version, buildEnvelope(version, publishEventsPayload())), version, 'AUTHENTICATION_FAILED');
        const noNonce = request(version).replace(/<wsse:Nonce[^>]*>[^<]*<\/wsse:Nonce>/, '');
        expectFault(await post(hub.endpoint, version, noNonce), version, 'AUTHENTICATION_FAILED');
        const empty = `<wsse:Security xmlns:wsse="${WSSE}"/>`;
        expectFault(await post(hub.endpoint, version, request(version, { headers: empty })), version, 'AUTHENTICATION_FAILED');
        const twice = `${usernameToken(version)}\n${usernameToken(version)}`;
        expectFault(await post(hub.endpoint, version, request(version, { headers: twice })), version, 'AUTHENTICATION_FAILED');
        expect(hub.calls).to.have.length(0);
      });
    });
  }
});

describe('ingress WS-Security UsernameToken options', () => {
  it('accepts PasswordText over TLS under the default policy', async () => {
    const hub = await startIngress({}, makeCertificates(['hub']).hub!);
    try {
      expect(hub.endpoint).to.match(/^https:/);
      expectSuccess(await post(hub.endpoint, '1.1', request('1.1', { token: { type: 'text' } })), '1.1');
      expectSuccess(await post(hub.endpoint, '1.2', request('1.2', { token: { type: 'text' } })), '1.2');
      expectFault(await post(hub.endpoint, '1.2', request('1.2', { token: { type: 'text', password: 'guess' } })), '1.2', 'AUTHENTICATION_FAILED');
      expect(hub.calls.map((call) => call.context.sourceSystem)).to.deep.equal(['CORE_BANKING', 'CORE_BANKING']);
    } finally {
      await hub.stop();
    }
  });

  it('accepts PasswordText where the policy allows it (TLS ended at a proxy) and never where it forbids it', async () => {
    const always = await startIngress({ security: { credentials: [{ username: 'crm', password: 'crm-secret', sourceSystem: 'CRM' }], passwordText: 'always' } });
    const never = await startIngress({ security: { credentials: [{ username: 'crm', password: 'crm-secret', sourceSystem: 'CRM' }], passwordText: 'never' } });
    try {
      const token = { username: 'crm', password: 'crm-secret', type: 'text' as const };
      expectSuccess(await post(always.endpoint, '1.2', request('1.2', { token })), '1.2');
      expect(always.calls[0]!.context.sourceSystem).to.equal('CRM');
      expectFault(await post(always.endpoint, '1.2', request('1.2', { token: { ...token, password: 'guess' } })), '1.2', 'AUTHENTICATION_FAILED');
      expectFault(await post(never.endpoint, '1.1', request('1.1', { token })), '1.1', 'AUTHENTICATION_FAILED');
      expect(never.calls).to.have.length(0);
    } finally {
      await always.stop();
      await never.stop();
    }
  });

  it('applies a configured freshness window and clock', async () => {
    let now = Date.parse('2026-11-24T09:30:00Z');
    const hub = await startIngress({ security: { credentials: [{ username: 'core-banking', password: 'core-secret', sourceSystem: 'CORE_BANKING' }], freshnessWindowMs: 30_000, now: () => now } });
    try {
      const created = new Date(now - 20_000);
      expectSuccess(await post(hub.endpoint, '1.1', request('1.1', { token: { created } })), '1.1');
      now += 20_000;
      expectFault(await post(hub.endpoint, '1.1', request('1.1', { token: { created } })), '1.1', 'TOKEN_EXPIRED');
    } finally {
      await hub.stop();
    }
  });

  it('refuses a configuration that names a user twice', async () => {
    let failure: unknown;
    try {
      await startIngress({ security: { credentials: [{ username: 'a', password: '1', sourceSystem: 'CRM' }, { username: 'a', password: '2', sourceSystem: 'CARDS' }] } });
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.contain('configured twice');
  });
});
