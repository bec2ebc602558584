import { expect } from 'chai';
import { createOperationCaller } from '../../../connectors/shared/caller.js';
import { ConnectorSettingsError, parseConnectorSettings, defaultConnectorSettings } from '../../../connectors/shared/settings.js';

const ENDPOINT = 'http://127.0.0.1:4101/soap/CoreBanking';

/** The error a settings object is refused with. */
function refusal(input: unknown): ConnectorSettingsError {
  try {
    parseConnectorSettings(input);
  } catch (error) {
    expect(error).to.be.instanceOf(ConnectorSettingsError);
    return error as ConnectorSettingsError;
  }
  expect.fail(`${JSON.stringify(input)} was accepted`);
}

describe('connectors/shared: settings', () => {
  it('fills every default for a bank back office from the endpoint alone, and freezes the result', () => {
    const settings = defaultConnectorSettings(ENDPOINT);
    expect(settings).to.deep.equal({
      endpoint: ENDPOINT,
      soapVersion: '1.1',
      timeoutMs: 5000,
      maxResponseBytes: 10 * 1024 * 1024,
      retries: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000 },
      breaker: { failureRate: 0.5, minimumCalls: 20, windowMs: 10_000, halfOpenAfterMs: 5000 },
      bulkhead: { maxConcurrent: 20, maxQueue: 100 },
      rate: { perSecond: null, burst: 1, maxWaitMs: 1000 },
      security: 'none',
      tls: { certFile: null, keyFile: null, caFile: null, rejectUnauthorized: true },
    });
    expect(Object.isFrozen(settings)).to.equal(true);
    expect(Object.isFrozen(settings.retries)).to.equal(true);
  });

  it('keeps what is given and accepts its own output again', () => {
    const input = {
      endpoint: 'https://abs.example/soap/CoreBanking',
      soapVersion: '1.2',
      timeoutMs: 800,
      retries: { maxAttempts: 1 },
      breaker: { failureRate: 0.25, minimumCalls: 5 },
      rate: { perSecond: 12.5, burst: 3 },
      security: { usernameToken: { username: 'hub', password: 'secret', digest: false } },
      tls: { caFile: '/etc/ca.pem', certFile: '/etc/hub.pem', keyFile: '/etc/hub.key' },
    };
    const settings = parseConnectorSettings(input);
    expect(settings).to.deep.include({ soapVersion: '1.2', timeoutMs: 800 });
    expect(settings.retries).to.deep.equal({ maxAttempts: 1, baseDelayMs: 100, maxDelayMs: 2000 });
    expect(settings.breaker).to.deep.equal({ failureRate: 0.25, minimumCalls: 5, windowMs: 10_000, halfOpenAfterMs: 5000 });
    expect(settings.rate).to.deep.equal({ perSecond: 12.5, burst: 3, maxWaitMs: 1000 });
    expect(settings.security).to.deep.equal({ usernameToken: { username: 'hub', password: 'secret', digest: false } });
    expect(settings.tls).to.deep.equal({ caFile: '/etc/ca.pem', certFile: '/etc/hub.pem', keyFile: '/etc/hub.key', rejectUnauthorized: true });
    expect(parseConnectorSettings(JSON.parse(JSON.stringify(settings)))).to.deep.equal(settings);
    expect(parseConnectorSettings({ endpoint: ENDPOINT, security: { x509: { keyFile: 'k.pem', certFile: 'c.pem' } } }).security).to.deep.equal({ x509: { keyFile: 'k.pem', certFile: 'c.pem' } });
  });

  const refusals: readonly (readonly [string, unknown, string, RegExp])[] = [
    ['not an object', 'http://x', 'settings', /must be a JSON object/],
    ['no endpoint', {}, 'endpoint', /is required/],
    ['an endpoint that is no URL', { endpoint: 'abs:4101' }, 'endpoint', /http or https URL/],
    ['an ftp endpoint', { endpoint: 'ftp://abs/soap' }, 'endpoint', /http or https URL/],
    ['credentials in the URL', { endpoint: 'http://user:pw@abs/soap' }, 'endpoint', /without user name or password/],
    ['an unknown top-level key', { endpoint: ENDPOINT, timeout: 5000 }, 'timeout', /unknown setting \(known: endpoint, soapVersion, timeoutMs/],
    ['an unknown nested key', { endpoint: ENDPOINT, retries: { attempts: 3 } }, 'retries.attempts', /unknown setting \(known: maxAttempts, baseDelayMs, maxDelayMs\)/],
    ['a section that is not an object', { endpoint: ENDPOINT, breaker: true }, 'breaker', /must be an object/],
    ['a SOAP version that does not exist', { endpoint: ENDPOINT, soapVersion: '1.3' }, 'soapVersion', /one of "1.1", "1.2"/],
    ['a timeout given as text', { endpoint: ENDPOINT, timeoutMs: '5000' }, 'timeoutMs', /"5000" is invalid: expected a whole number from 1 to 600000/],
    ['a negative timeout', { endpoint: ENDPOINT, timeoutMs: -1 }, 'timeoutMs', /whole number/],
    ['a fractional attempt count', { endpoint: ENDPOINT, retries: { maxAttempts: 2.5 } }, 'retries.maxAttempts', /whole number from 1 to 10/],
    ['zero attempts', { endpoint: ENDPOINT, retries: { maxAttempts: 0 } }, 'retries.maxAttempts', /whole number from 1 to 10/],
    ['a base delay above the maximum', { endpoint: ENDPOINT, retries: { baseDelayMs: 500, maxDelayMs: 100 } }, 'retries.baseDelayMs', /larger than retries.maxDelayMs/],
    ['a failure rate of 1', { endpoint: ENDPOINT, breaker: { failureRate: 1 } }, 'breaker.failureRate', /between 0 and 1, both excluded/],
    ['a failure rate given in percent', { endpoint: ENDPOINT, breaker: { failureRate: 50 } }, 'breaker.failureRate', /between 0 and 1/],
    ['no bulkhead places', { endpoint: ENDPOINT, bulkhead: { maxConcurrent: 0 } }, 'bulkhead.maxConcurrent', /whole number from 1/],
    ['a rate of zero', { endpoint: ENDPOINT, rate: { perSecond: 0 } }, 'rate.perSecond', /between 0 and 1000000/],
    ['an unknown security kind', { endpoint: ENDPOINT, security: 'basic' }, 'security', /"none", \{"usernameToken"/],
    ['two security kinds at once', { endpoint: ENDPOINT, security: { usernameToken: { username: 'a', password: 'b' }, x509: { keyFile: 'k', certFile: 'c' } } }, 'security', /exactly one of usernameToken or x509/],
    ['a UsernameToken without password', { endpoint: ENDPOINT, security: { usernameToken: { username: 'hub' } } }, 'security.usernameToken.password', /is required/],
    ['an empty user name', { endpoint: ENDPOINT, security: { usernameToken: { username: '', password: 'p' } } }, 'security.usernameToken.username', /non-empty string/],
    ['a digest flag given as text', { endpoint: ENDPOINT, security: { usernameToken: { username: 'h', password: 'p', digest: 'yes' } } }, 'security.usernameToken.digest', /true or false/],
    ['an unknown UsernameToken key', { endpoint: ENDPOINT, security: { usernameToken: { username: 'h', password: 'p', nonce: false } } }, 'security.usernameToken.nonce', /unknown setting/],
    ['PasswordText over plain http', { endpoint: ENDPOINT, security: { usernameToken: { username: 'h', password: 'p', digest: false } } }, 'security.usernameToken.digest', /clear text over http/],
    ['an X.509 signature without key', { endpoint: ENDPOINT, security: { x509: { certFile: 'c.pem' } } }, 'security.x509.keyFile', /is required/],
    ['a client certificate without its key', { endpoint: 'https://abs/soap', tls: { certFile: 'c.pem' } }, 'tls.keyFile', /give both or neither/],
    ['TLS material for an http endpoint', { endpoint: ENDPOINT, tls: { caFile: 'ca.pem' } }, 'tls.caFile', /not https/],
    ['rejectUnauthorized given as text', { endpoint: 'https://abs/soap', tls: { rejectUnauthorized: 'false' } }, 'tls.rejectUnauthorized', /true or false/],
  ];

  for (const [what, input, key, message] of refusals) {
    it(`refuses ${what}, naming ${key}`, () => {
      const error = refusal(input);
      expect(error.key).to.equal(key);
      expect(error.code).to.equal('CONNECTOR_SETTINGS_INVALID');
      expect(error.message).to.match(new RegExp(`^connector setting ${key.replace(/\./g, '\\.')}: `));
      expect(error.message).to.match(message);
    });
  }

  it('is checked when a caller is created, before anything starts', () => {
    expect(() => createOperationCaller({ backOffice: 'crm', settings: { endpoint: ENDPOINT, bulkhead: { maxQueue: -1 } } })).to.throw(ConnectorSettingsError, /bulkhead\.maxQueue/);
  });

  it('makes a key file that cannot be read a start failure naming the setting', async () => {
    const caller = createOperationCaller({ backOffice: 'cards', settings: { endpoint: ENDPOINT, security: { x509: { keyFile: '/nonexistent/hub.key', certFile: '/nonexistent/hub.pem' } } } });
    try {
      await caller.start();
      expect.fail('the caller started');
    } catch (error) {
      expect(error).to.be.instanceOf(ConnectorSettingsError);
      expect((error as ConnectorSettingsError).key).to.equal('security.x509.keyFile');
    } finally {
      await caller.stop();
    }
    const second = createOperationCaller({ backOffice: 'cards', settings: { endpoint: ENDPOINT, security: { x509: { keyFile: '/nonexistent/hub.key', certFile: '/nonexistent/hub.pem' } } } });
    try {
      await second.call({ operation: 'GetClientCards', request: { clientId: 'CL1' } });
      expect.fail('the call succeeded');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('NOT_STARTED');
      expect((error as Error).message).to.contain('security.x509.keyFile');
    } finally {
      await second.stop();
    }
  });
});
