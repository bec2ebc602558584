/**
 * The routes of the Platform API read side, as patterns (':id' is one path segment).
 * The OpenAPI document and the metric labels are checked against this list.
 */
export const PLATFORM_PREFIX = '/platform/';

export const PLATFORM_ROUTES = {
  openapi: '/platform/v1/openapi.json',
  overview: '/platform/v1/clients/me/products',
  timeline: '/platform/v1/clients/me/timeline',
  account: '/platform/v1/accounts/:id',
  transactions: '/platform/v1/accounts/:id/transactions',
  card: '/platform/v1/cards/:id',
  loan: '/platform/v1/loans/:id',
  deposit: '/platform/v1/deposits/:id',
} as const;

export type PlatformRoute = keyof typeof PLATFORM_ROUTES;

export interface RouteMatch {
  readonly route: PlatformRoute;
  readonly id?: string;
}

const SEGMENT = '([^/]+)';
const MATCHERS: readonly (readonly [PlatformRoute, RegExp])[] = (Object.entries(PLATFORM_ROUTES) as [PlatformRoute, string][]).map(([route, pattern]) => [
  route,
  new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(':id', SEGMENT)}$`),
]);

/** The route of a path, undefined when none; throws URIError on a malformed escape in the id. */
export function matchRoute(path: string): RouteMatch | undefined {
  for (const [route, pattern] of MATCHERS) {
    const found = pattern.exec(path);
    if (found) return found[1] === undefined ? { route } : { route, id: decodeURIComponent(found[1]) };
  }
  return undefined;
}
