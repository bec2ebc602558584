import { expect } from 'chai';
import { createRouteMatcher, UNMATCHED_ROUTE } from '../../hub/observability/routes.js';

describe('observability: route labels', () => {
  const routeOf = createRouteMatcher([
    '/',
    '/health/live',
    '/health/ready',
    '/metrics',
    '/soap/CacheControl',
    '/platform/accounts/:id',
    '/platform/accounts/:id/transactions',
    '/platform/accounts/overview',
    '/platform/cards/:id/limits/:period',
    '/docs/*',
    '/wsdl/*',
  ]);

  it('maps paths onto their patterns', () => {
    expect(routeOf('/')).to.equal('/');
    expect(routeOf('/health/live')).to.equal('/health/live');
    expect(routeOf('/platform/accounts/AC00000042-01')).to.equal('/platform/accounts/:id');
    expect(routeOf('/platform/accounts/AC00000042-01/transactions')).to.equal('/platform/accounts/:id/transactions');
    expect(routeOf('/platform/cards/CD1/limits/DAILY')).to.equal('/platform/cards/:id/limits/:period');
  });

  it('prefers a literal segment to a parameter, and falls back to the parameter', () => {
    expect(routeOf('/platform/accounts/overview')).to.equal('/platform/accounts/overview');
    expect(routeOf('/platform/accounts/overview/transactions')).to.equal('/platform/accounts/:id/transactions');
  });

  it('lets a final * match any rest, including none', () => {
    for (const path of ['/docs', '/docs/', '/docs/index.html', '/docs/contracts/common/v1/common.xsd']) expect(routeOf(path), path).to.equal('/docs/*');
  });

  it('gives every other path one label, so scanners cannot create series', () => {
    for (const path of ['/nothing', '/health/live/extra', '/platform/accounts/', '/platform/accounts', '/platform//transactions', '/wp-admin/setup.php', '', '*', 'http://example.com/health/live']) {
      expect(routeOf(path), path).to.equal(UNMATCHED_ROUTE);
    }
  });

  it('refuses malformed patterns', () => {
    expect(() => createRouteMatcher(['docs'])).to.throw(TypeError);
    expect(() => createRouteMatcher(['/a/*/b'])).to.throw(TypeError);
  });
});
