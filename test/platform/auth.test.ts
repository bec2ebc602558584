import { expect } from 'chai';
import { SignJWT } from 'jose';
import { HubError } from '../../hub/errors/catalog.js';
import { createAuthenticator } from '../../hub/platform/auth.js';

describe('platform bearer authentication', () => {
  const secret = 'a-test-secret-of-at-least-32-characters!';

  it('remembers a verified token only until it expires', async () => {
    const authenticate = createAuthenticator({ keys: [{ alg: 'HS256', secret }], clockToleranceSeconds: 0 });
    const issued = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('CL1').setIssuedAt(issued).setExpirationTime(issued + 60).sign(new TextEncoder().encode(secret));
    const header = `Bearer ${token}`;
    expect(await authenticate(header, new Date(issued * 1000))).to.deep.equal({ clientId: 'CL1' });
    expect(await authenticate(header, new Date((issued + 59) * 1000))).to.deep.equal({ clientId: 'CL1' });
    try {
      await authenticate(header, new Date((issued + 61) * 1000));
      expect.fail('an expired token was accepted from the cache');
    } catch (error) {
      expect(error).to.be.instanceOf(HubError);
      expect((error as HubError).code).to.equal('UNAUTHORIZED');
    }
  });
});
